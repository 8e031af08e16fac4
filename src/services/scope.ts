// Who an actor may see: the one rule behind reports, exports, targets, violations, follow-ups and care.
import { refused } from '../core/errors.js';
import { hasRole } from '../core/permissions.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { teamMembers } from '../db/repos/exports.js';

export interface Visible {
  id: string;
  username: string;
}

/**
 * The users whose data the actor may see: a rep themself; a team lead their team (themself included);
 * a team lead without a team only themself (never everyone); an admin everyone (undefined).
 */
export function visibleUsers(db: Db, actor: User): Visible[] | undefined {
  if (hasRole(actor, 'admin')) return undefined;
  if (hasRole(actor, 'lead') && actor.team) {
    const team = teamMembers(db, actor.team);
    return team.some((m) => m.id === actor.id) ? team : [...team, { id: actor.id, username: actor.username }];
  }
  return [{ id: actor.id, username: actor.username }];
}

/** Ids of visibleUsers (undefined: everyone). */
export function visibleRepIds(db: Db, actor: User): string[] | undefined {
  return visibleUsers(db, actor)?.map((u) => u.id);
}

/** Throws refused (exit 5) unless the actor may see `target`'s data, with the reason that applies. */
export function requireVisible(db: Db, actor: User, target: { id: string; username: string }, scope = visibleUsers(db, actor)): void {
  if (!scope || scope.some((u) => u.id === target.id)) return;
  if (!hasRole(actor, 'lead')) throw refused('export.error.rep_other', { user: actor.username, other: target.username });
  if (!actor.team) throw refused('scope.error.no_team', { user: actor.username, other: target.username });
  throw refused('export.error.not_in_team', { user: target.username, team: actor.team });
}
