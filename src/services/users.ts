// Users and the identity repdesk acts as.
import { invalidInput, notFound, usageError } from '../core/errors.js';
import { requireRole } from '../core/permissions.js';
import { isValidTimeZone } from '../core/config.js';
import { isValidCountry } from '../core/configValue.js';
import { ROLES, type Lang, type Role, type User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { setSetting } from '../db/repos/settings.js';
import { findUserByName, insertUser, listUsers, updateUser } from '../db/repos/users.js';
import { newId } from '../io/ids.js';

export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  timezone?: string | null;
  lang?: Lang | null;
  team?: string | null;
}

const USERNAME = /^[\p{L}\p{N}._-]{1,40}$/u;

export function validateNewUser(input: NewUser): void {
  if (!USERNAME.test(input.username)) throw usageError('user.error.bad_name', { name: input.username });
  if (!ROLES.includes(input.role)) throw usageError('user.error.bad_role', { role: input.role, roles: ROLES.join(', ') });
  if (input.timezone && !isValidTimeZone(input.timezone)) {
    throw usageError('config.error.bad_value', { key: 'timezone', value: input.timezone, expected: 'config.expected.timezone' });
  }
}

export function addUser(db: Db, actor: User | null, input: NewUser, now: number): User {
  validateNewUser(input);
  if (actor) requireRole(actor, 'admin', 'users add');
  return db.write(() => {
    if (findUserByName(db, input.username)) throw invalidInput('user.error.exists', { user: input.username });
    const user = insertUser(
      db,
      {
        id: newId(now),
        username: input.username,
        displayName: input.displayName ?? input.username,
        role: input.role,
        team: input.team ?? null,
        timezone: input.timezone ?? null,
        lang: input.lang ?? null,
      },
      now,
    );
    appendAudit(db, { actor: actor?.username ?? input.username, action: 'user.add', entity: 'user', entityId: user.id, detail: { role: user.role } }, now);
    return user;
  });
}

export interface InitInput extends NewUser {
  country: string;
}

/**
 * First-run setup: create (or update) the user, make them the current user, and store the
 * default country, time zone and language. Running it again updates rather than duplicates.
 */
export function initWorkspace(db: Db, input: InitInput, now: number): { user: User; created: boolean } {
  validateNewUser(input);
  const country = input.country.toUpperCase();
  if (!isValidCountry(country)) {
    throw usageError('config.error.bad_value', { key: 'country', value: input.country, expected: 'config.expected.country' });
  }
  return db.write(() => {
    const existing = findUserByName(db, input.username);
    let user: User;
    if (existing) {
      updateUser(db, existing.id, { role: input.role, timezone: input.timezone ?? existing.timezone, lang: input.lang ?? existing.lang, displayName: input.displayName ?? existing.displayName }, now);
      user = findUserByName(db, input.username)!;
    } else {
      user = insertUser(
        db,
        {
          id: newId(now),
          username: input.username,
          displayName: input.displayName ?? input.username,
          role: input.role,
          team: input.team ?? null,
          timezone: input.timezone ?? null,
          lang: input.lang ?? null,
        },
        now,
      );
    }
    setSetting(db, 'user', user.username, now);
    setSetting(db, 'country', country, now);
    if (input.timezone) setSetting(db, 'timezone', input.timezone, now);
    if (input.lang) setSetting(db, 'lang', input.lang, now);
    appendAudit(db, { actor: user.username, action: 'init', entity: 'user', entityId: user.id, detail: { role: user.role, country } }, now);
    return { user, created: !existing };
  });
}

export function changeRole(db: Db, actor: User, username: string, role: Role, now: number): User {
  if (!ROLES.includes(role)) throw usageError('user.error.bad_role', { role, roles: ROLES.join(', ') });
  requireRole(actor, 'admin', 'users role');
  return db.write(() => {
    const user = findUserByName(db, username);
    if (!user) throw notFound('user.error.unknown', { user: username });
    updateUser(db, user.id, { role }, now);
    appendAudit(db, { actor: actor.username, action: 'user.role', entity: 'user', entityId: user.id, detail: { from: user.role, to: role } }, now);
    return { ...user, role, updatedAt: now };
  });
}


export { listUsers };
