import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { findUserByName } from '../../src/db/repos/users.js';
import { buildReport } from '../../src/services/report.js';
import { setTargets, targetsFor } from '../../src/services/targets.js';
import type { User } from '../../src/core/types.js';
import { testDbWithUser } from '../helpers/db.js';
import { seedSales, tpe } from './salesFixture.js';

let db: Db;
let alice: User;
const user = (name: string) => findUserByName(db, name)!;
const NOW = tpe('2026-11-25 12:00');

beforeEach(() => {
  ({ db, user: alice } = testDbWithUser('admin'));
  seedSales(db);
});

describe('report numbers against the hand-computed fixture', () => {
  it('bob, 23–24 November', () => {
    setTargets(db, alice, 'bob', [
      { period: 'day', metric: 'calls', value: 60 },
      { period: 'day', metric: 'conversations', value: 15 },
      { period: 'week', metric: 'deals', value: 3 },
    ], NOW);
    const r = buildReport(db, user('dave'), { from: '2026-11-23', to: '2026-11-24', rep: 'bob', now: NOW });
    expect(r).toMatchObject({ from: '2026-11-23', to: '2026-11-24', zone: 'Asia/Taipei', days: 2, dates: ['2026-11-23', '2026-11-24'] });
    expect(r.reps).toHaveLength(1);
    const bob = r.reps[0];
    // Dials c1–c7; connected: interested, not interested, wrong person, callback, DNC request.
    expect(bob.counts).toMatchObject({
      dials: 7,
      connects: 5,
      conversations: 3,
      talkS: 515,
      connectedTalkS: 515,
      dncRequests: 1,
      violations: 1,
      followupsDue: 3,
      followupsDone: 2,
      followupsOnTime: 1,
      gradeALeads: 2,
      gradeAInSla: 1,
      dealsWon: 1,
      revenue: 5000,
    });
    expect(bob.counts.dispositions).toEqual({ interested: 1, no_answer: 1, not_interested: 1, wrong_person: 1, busy: 1, callback_requested: 1, dnc_request: 1 });
    expect(bob.kpis).toEqual({ connectRate: 71.4, avgCallS: 103, followupsOnTimePct: 33.3, gradeASlaPct: 50 });
    expect(bob.daily).toEqual({ dials: [3, 4], conversations: [2, 1] });
    expect(bob.targets).toEqual({
      calls: { target: 120, actual: 7, pct: 5.8 },
      conversations: { target: 30, actual: 3, pct: 10 },
      // 3 a week over 2 days is 6/7 of a deal: shown as 1, not 0.9.
      deals: { target: 1, actual: 1, pct: 100 },
      revenue: { target: null, actual: 5000, pct: null },
    });
  });

  it('the north team for its lead: bob, carol and dave, with a total', () => {
    const r = buildReport(db, user('dave'), { from: '2026-11-23', to: '2026-11-24', team: true, now: NOW });
    expect(r.reps.map((l) => l.rep)).toEqual(['bob', 'carol', 'dave']);
    const carol = r.reps[1];
    expect(carol.counts).toMatchObject({ dials: 3, connects: 2, conversations: 1, talkS: 210, followupsDue: 1, followupsOnTime: 1 });
    expect(carol.kpis).toEqual({ connectRate: 66.7, avgCallS: 105, followupsOnTimePct: 100, gradeASlaPct: null });
    expect(r.reps[2].counts.dials).toBe(0);
    expect(r.total.counts).toMatchObject({ dials: 10, connects: 7, conversations: 4, talkS: 725, followupsDue: 4, followupsOnTime: 2 });
    expect(r.total.kpis).toEqual({ connectRate: 70, avgCallS: 104, followupsOnTimePct: 50, gradeASlaPct: 50 });
    expect(r.total.daily).toEqual({ dials: [5, 5], conversations: [3, 1] });
  });

  it('an admin sees every rep; a day outside the data is all zeros; one day only', () => {
    const all = buildReport(db, alice, { from: '2026-11-23', to: '2026-11-24', now: NOW });
    expect(all.reps.map((l) => l.rep)).toEqual(['bob', 'carol', 'erin']);
    expect(all.total.counts.dials).toBe(11);
    const empty = buildReport(db, alice, { from: '2026-12-01', to: '2026-12-01', now: NOW });
    expect(empty.total.counts.dials).toBe(0);
    expect(empty.total.kpis.connectRate).toBeNull();
    const mon = buildReport(db, alice, { from: '2026-11-23', rep: 'bob', now: NOW });
    expect(mon.reps[0].counts.dials).toBe(3);
  });

  it('named periods in the viewer\'s zone', () => {
    const week = buildReport(db, alice, { period: 'week', now: NOW });
    expect([week.from, week.to]).toEqual(['2026-11-23', '2026-11-29']);
    expect(week.total.counts.dials).toBe(11);
    const today = buildReport(db, alice, { period: 'today', now: tpe('2026-11-24 23:59') });
    expect(today.total.counts.dials).toBe(6);
    const month = buildReport(db, alice, { period: 'month', now: NOW });
    expect(month.days).toBe(30);
    expect(month.total.daily.dials.reduce((a, b) => a + b, 0)).toBe(11);
  });

  it('a rep sees only themself: the team or another rep is refused', () => {
    const own = buildReport(db, user('bob'), { from: '2026-11-23', to: '2026-11-24', now: NOW });
    expect(own.reps.map((l) => l.rep)).toEqual(['bob']);
    expect(() => buildReport(db, user('bob'), { team: true, now: NOW })).toThrow(expect.objectContaining({ kind: 'refused' }));
    expect(() => buildReport(db, user('bob'), { rep: 'carol', now: NOW })).toThrow(expect.objectContaining({ kind: 'refused' }));
    expect(() => buildReport(db, user('dave'), { rep: 'erin', now: NOW })).toThrow(expect.objectContaining({ kind: 'refused' }));
    expect(() => buildReport(db, alice, { from: '2026-11-31', now: NOW })).toThrow(expect.objectContaining({ kind: 'usage' }));
  });

  it('days follow the zone across a DST change (New York, 1 November 2026)', () => {
    db.sqlite.prepare("update users set timezone = 'America/New_York' where username = 'alice'").run();
    const ny = findUserByName(db, 'alice')!;
    // 23:30 EDT on 31 Oct and 23:30 EST on 1 Nov.
    const ins = db.sqlite.prepare("insert into calls (id, lead_id, rep_id, started_at, duration_s, disposition, created_at, updated_at) values (?, 'L1', 'u-bob', ?, 10, 'interested', 1, 1)");
    ins.run('ny1', Date.UTC(2026, 10, 1, 3, 30));
    ins.run('ny2', Date.UTC(2026, 10, 2, 4, 30));
    const r = buildReport(db, ny, { from: '2026-10-31', to: '2026-11-01', rep: 'bob', now: NOW });
    expect(r.reps[0].daily.dials).toEqual([1, 1]);
  });
});

describe('targets', () => {
  it('set by a lead for their team, listed, removed with 0, audited; reps cannot set', () => {
    const rows = setTargets(db, user('dave'), 'bob', [{ period: 'day', metric: 'calls', value: 60 }, { period: 'week', metric: 'deals', value: 3 }], NOW);
    expect(rows.map((r) => `${r.period}.${r.metric}=${r.value}`)).toEqual(['day.calls=60', 'week.deals=3']);
    setTargets(db, user('dave'), 'bob', [{ period: 'day', metric: 'calls', value: 70 }, { period: 'week', metric: 'deals', value: 0 }], NOW);
    expect(targetsFor(db, user('bob')).map((r) => `${r.period}.${r.metric}=${r.value}`)).toEqual(['day.calls=70']);
    expect(() => setTargets(db, user('bob'), 'bob', [{ period: 'day', metric: 'calls', value: 1 }], NOW)).toThrow(expect.objectContaining({ kind: 'refused' }));
    expect(() => setTargets(db, user('dave'), 'erin', [{ period: 'day', metric: 'calls', value: 1 }], NOW)).toThrow(expect.objectContaining({ kind: 'refused' }));
    expect(() => targetsFor(db, user('bob'), 'carol')).toThrow(expect.objectContaining({ kind: 'refused' }));
    const audit = db.sqlite.prepare("select count(*) as n from audit_log where action = 'targets.set'").get() as { n: number };
    expect(audit.n).toBe(2);
  });
});
