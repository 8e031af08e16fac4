// Settings: roles per key, checks against the other values, unset, and the audit row's actor.
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repos/audit.js';
import { getConfig, roleNeededFor, setConfig, unsetConfig } from '../../src/services/config.js';
import { addUser } from '../../src/services/users.js';
import { testDbWithUser } from '../helpers/db.js';
import { thrownKey as err } from '../helpers/errors.js';

const NOW = Date.UTC(2026, 10, 28, 1, 0);

describe('setConfig / unsetConfig', () => {
  it('team-wide keys need a lead; personal ones any role; the actor is audited', () => {
    const { db, user } = testDbWithUser('admin', 'alice');
    const bob = addUser(db, user, { username: 'bob', role: 'rep' }, NOW);
    for (const key of ['calling.daily_cap', 'policy.list.x.daily_cap', 'lint.require_opt_out', 'robot.grade_a_hours', 'care.checkin_days', 'calling.retry.busy']) {
      expect(roleNeededFor(key), key).toBe('lead');
    }
    for (const key of ['user', 'lang', 'timezone', 'country', 'dial.command']) expect(roleNeededFor(key), key).toBe('rep');
    expect(err(() => setConfig(db, bob, 'calling.daily_cap', '5', NOW))).toBe('refused:perm.error.role');
    expect(err(() => unsetConfig(db, bob, 'calling.daily_cap', NOW))).toBe('refused:perm.error.role');
    setConfig(db, bob, 'timezone', 'Asia/Tokyo', NOW);
    setConfig(db, user, 'calling.daily_cap', '5', NOW);
    const rows = listAudit(db).filter((a) => a.action === 'config.set');
    expect(rows.map((a) => `${a.actor}:${a.entityId}`).sort()).toEqual(['alice:calling.daily_cap', 'bob:timezone']);
  });

  it('windows must keep start before end, scoped overrides against their partner or the global value', () => {
    const { db, user } = testDbWithUser();
    expect(err(() => setConfig(db, user, 'calling.window_start', '20:30', NOW))).toBe('usage:config.error.window_order');
    expect(err(() => setConfig(db, user, 'calling.window_end', '09:00', NOW))).toBe('usage:config.error.window_order');
    setConfig(db, user, 'calling.window_end', '18:00', NOW);
    expect(err(() => setConfig(db, user, 'policy.country.US.window_start', '18:30', NOW))).toBe('usage:config.error.window_order');
    setConfig(db, user, 'policy.country.US.window_end', '20:00', NOW);
    expect(setConfig(db, user, 'policy.country.US.window_start', '18:30', NOW)).toBe('18:30');
  });

  it('the daily cap cannot exceed the lifetime cap; retry keys name real dispositions', () => {
    const { db, user } = testDbWithUser();
    expect(err(() => setConfig(db, user, 'calling.daily_cap', '10', NOW))).toBe('usage:config.error.caps_order');
    expect(err(() => setConfig(db, user, 'calling.lifetime_cap', '2', NOW))).toBe('usage:config.error.caps_order');
    expect(err(() => setConfig(db, user, 'calling.retry.no_answr', '60', NOW))).toBe('usage:config.error.unknown_disposition');
    expect(setConfig(db, user, 'calling.retry.no_answer', '60', NOW)).toBe(60);
  });

  it('unset goes back to the default and is audited; unsetting what is not set changes nothing', () => {
    const { db, user } = testDbWithUser();
    setConfig(db, user, 'calling.window_end', '19:00', NOW);
    expect(unsetConfig(db, user, 'calling.window_end', NOW)).toEqual({ value: '20:00', changed: true });
    expect(getConfig(db, 'calling.window_end')).toBe('20:00');
    expect(unsetConfig(db, user, 'calling.window_end', NOW)).toEqual({ value: '20:00', changed: false });
    expect(listAudit(db).filter((a) => a.action === 'config.unset')).toHaveLength(1);
    // Back to a default that would invert the window is refused like a typed value.
    setConfig(db, user, 'calling.window_end', '21:00', NOW);
    setConfig(db, user, 'calling.window_start', '20:30', NOW);
    expect(err(() => unsetConfig(db, user, 'calling.window_end', NOW))).toBe('usage:config.error.window_order');
  });
});
