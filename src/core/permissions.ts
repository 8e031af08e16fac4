// Who may do what (SPEC.md: rep = own leads, lead = team's leads, exports, targets, scripts; admin = all).
import { refused } from './errors.js';
import type { Role, User } from './types.js';

const RANK: Record<Role, number> = { rep: 0, lead: 1, admin: 2 };

export function hasRole(user: Pick<User, 'role'>, atLeast: Role): boolean {
  return RANK[user.role] >= RANK[atLeast];
}

/** Throws a `refused` error (exit 5) naming the action and the role it needs. */
export function requireRole(user: Pick<User, 'role' | 'username'>, atLeast: Role, action: string): void {
  if (!hasRole(user, atLeast)) {
    // roleName/neededName are message keys (role.expected.*) translated where the error is shown; role and
    // needed stay the codes typed in `repdesk users role`.
    throw refused('perm.error.role', { user: user.username, role: user.role, needed: atLeast, action, roleName: `role.expected.${user.role}`, neededName: `role.expected.${atLeast}` });
  }
}
