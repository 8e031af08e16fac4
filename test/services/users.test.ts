// Users and roles: init only sets up the first user freely; roles change only through an admin.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { addUser, changeRole, initWorkspace, listUsers } from '../../src/services/users.js';
import { testDb, testDbWithUser } from '../helpers/db.js';
import { thrownKey as err } from '../helpers/errors.js';

const NOW = Date.UTC(2026, 10, 28, 1, 0);
const setup = { country: 'TW', timezone: 'Asia/Taipei' };

describe('initWorkspace', () => {
  it('the first user of an empty database gets any role', () => {
    const db = testDb();
    expect(initWorkspace(db, { username: 'eve', role: 'admin', ...setup }, NOW).created).toBe(true);
  });

  it('on a database with users: no new user, no role change (exit 5); choosing an existing user with their role works', () => {
    const { db, user } = testDbWithUser('admin', 'alice');
    addUser(db, user, { username: 'bob', role: 'rep' }, NOW);
    expect(err(() => initWorkspace(db, { username: 'eve', role: 'admin', ...setup }, NOW))).toBe('refused:init.error.not_a_user');
    expect(err(() => initWorkspace(db, { username: 'eve', role: 'rep', ...setup }, NOW))).toBe('refused:init.error.not_a_user');
    expect(err(() => initWorkspace(db, { username: 'bob', role: 'admin', ...setup }, NOW))).toBe('refused:init.error.role_change');
    // Lowering one's own role through init is refused too: roles change through `users role` only.
    expect(err(() => initWorkspace(db, { username: 'alice', role: 'rep', ...setup }, NOW))).toBe('refused:init.error.role_change');
    expect(initWorkspace(db, { username: 'bob', role: 'rep', ...setup, lang: 'zh-TW' }, NOW)).toMatchObject({ created: false, user: { username: 'bob', role: 'rep', lang: 'zh-TW' } });
    expect(listUsers(db).map((u) => `${u.username}:${u.role}`).sort()).toEqual(['alice:admin', 'bob:rep']);
  });
});

describe('changeRole and addUser', () => {
  it('the last admin cannot be demoted; with two admins one can', () => {
    const { db, user } = testDbWithUser('admin', 'alice');
    expect(err(() => changeRole(db, user, 'alice', 'lead', NOW))).toBe('refused:user.error.last_admin');
    addUser(db, user, { username: 'eve', role: 'admin' }, NOW);
    expect(changeRole(db, user, 'alice', 'lead', NOW).role).toBe('lead');
    expect(listUsers(db).filter((u) => u.role === 'admin').map((u) => u.username)).toEqual(['eve']);
  });

  it('refuses an empty team and does not echo a very long name whole', () => {
    const { db, user } = testDbWithUser();
    expect(err(() => addUser(db, user, { username: 'bob', role: 'rep', team: ' ' }, NOW))).toBe('usage:user.error.empty_team');
    try {
      addUser(db, user, { username: 'x'.repeat(5000), role: 'rep' }, NOW);
    } catch (e) {
      expect(String((e as AppError).params.name).length).toBeLessThanOrEqual(60);
    }
    expect.assertions(2);
  });
});
