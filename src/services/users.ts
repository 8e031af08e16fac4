// Users and the identity repdesk acts as.
import { invalidInput, notFound, refused, usageError } from '../core/errors.js';
import { requireRole } from '../core/permissions.js';
import { isValidTimeZone } from '../core/config.js';
import { isValidCountry } from '../core/configValue.js';
import { ROLES, type Lang, type Role, type User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { getSetting, setSetting } from '../db/repos/settings.js';
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

/** A typed value cut for an error message, so a 5,000-character argument is not echoed back whole. */
export function shorten(text: string, max = 60): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function validateNewUser(input: NewUser): void {
  if (!USERNAME.test(input.username)) throw usageError('user.error.bad_name', { name: shorten(input.username) });
  if (typeof input.team === 'string' && input.team.trim() === '') throw usageError('user.error.empty_team');
  if (!ROLES.includes(input.role)) throw usageError('user.error.bad_role', { role: input.role, roles: ROLES.join(', ') });
  if (input.timezone && !isValidTimeZone(input.timezone)) {
    throw usageError('config.error.bad_value', { key: 'timezone', value: shorten(input.timezone), expected: 'config.expected.timezone' });
  }
}

function adminCount(db: Db): number {
  return listUsers(db).filter((u) => u.role === 'admin').length;
}

export function addUser(db: Db, actor: User | null, input: NewUser, now: number): User {
  validateNewUser(input);
  if (actor) requireRole(actor, 'admin', 'users add');
  return db.write(() => {
    if (findUserByName(db, input.username)) throw invalidInput('user.error.exists', { user: input.username });
    if (typeof input.team === 'string') input = { ...input, team: input.team.trim() };
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
 * On an empty database the first user is created with any role. Once the database has users, init
 * only chooses an existing user and their settings: it never creates a user (an admin runs
 * `users add`) and never changes a role (an admin runs `users role`) — exit 5.
 */
export function initWorkspace(db: Db, input: InitInput, now: number): { user: User; created: boolean } {
  validateNewUser(input);
  const country = input.country.toUpperCase();
  if (!isValidCountry(country)) {
    throw usageError('config.error.bad_value', { key: 'country', value: input.country, expected: 'config.expected.country' });
  }
  return db.write(() => {
    const existing = findUserByName(db, input.username);
    const hasUsers = listUsers(db).length > 0;
    if (hasUsers && !existing) throw refused('init.error.not_a_user', { user: shorten(input.username), role: input.role });
    if (existing && existing.role !== input.role) {
      throw refused('init.error.role_change', { user: existing.username, role: existing.role, asked: input.role, roleName: `role.expected.${existing.role}`, askedName: `role.expected.${input.role}` });
    }
    let user: User;
    if (existing) {
      updateUser(db, existing.id, { timezone: input.timezone ?? existing.timezone, lang: input.lang ?? existing.lang, displayName: input.displayName ?? existing.displayName }, now);
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
    if (!user) throw notFound('user.error.unknown', { user: shorten(username) });
    // Someone must stay able to add users and change roles.
    if (user.role === 'admin' && role !== 'admin' && adminCount(db) <= 1) throw refused('user.error.last_admin', { user: user.username, role });
    updateUser(db, user.id, { role }, now);
    appendAudit(db, { actor: actor.username, action: 'user.role', entity: 'user', entityId: user.id, detail: { from: user.role, to: role } }, now);
    return { ...user, role, updatedAt: now };
  });
}


/** The time zone a new user gets when none is given: the database's configured one, if any. */
export function defaultTimezone(db: Db): string | null {
  const zone = getSetting(db, 'timezone');
  return typeof zone === 'string' && isValidTimeZone(zone) ? zone : null;
}

export { listUsers };
