import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { insertLead } from '../../src/db/repos/leads.js';
import { findUserByName } from '../../src/db/repos/users.js';
import { addFollowup, cancelFollowup, completeFollowup, dueWindow, followupHistory, listFollowups, moveFollowup, resolveLead } from '../../src/services/followups.js';
import { careList, runCarePlan } from '../../src/services/care.js';
import { planExport } from '../../src/services/export.js';
import { testDbWithUser } from '../helpers/db.js';
import { seedSales, tpe } from './salesFixture.js';

let db: Db;
const user = (name: string) => findUserByName(db, name)!;
const NOW = tpe('2026-11-24 13:00');

beforeEach(() => {
  ({ db } = testDbWithUser('admin'));
  seedSales(db);
});

describe('follow-up service', () => {
  it('resolves a lead by id, phone in any format, exact or unique partial name', () => {
    expect(resolveLead(db, 'L3').id).toBe('L3');
    expect(resolveLead(db, '0933 000 222').id).toBe('L3');
    expect(resolveLead(db, '+886-933-000-222').id).toBe('L3');
    expect(resolveLead(db, '李四').id).toBe('L3');
    expect(resolveLead(db, 'Amy').id).toBe('L2');
    expect(() => resolveLead(db, 'Chen')).toThrow(expect.objectContaining({ kind: 'usage', key: 'queue.error.lead_ambiguous' }));
    expect(() => resolveLead(db, '0999 999 999')).toThrow(expect.objectContaining({ kind: 'not_found' }));
    expect(() => resolveLead(db, '100%_')).toThrow(expect.objectContaining({ kind: 'not_found' }));
  });

  it('an exact name wins even when more than a page of other names contain it', () => {
    for (let i = 0; i < 30; i++) insertLead(db, { id: `W${String(i).padStart(2, '0')}`, name: `王偉${i}`, phone: `+8869120000${String(i).padStart(2, '0')}`, createdAt: NOW, updatedAt: NOW });
    insertLead(db, { id: 'W99', name: '王偉', phone: '+886912000099', createdAt: NOW, updatedAt: NOW });
    expect(resolveLead(db, '王偉').id).toBe('W99');
    expect(() => resolveLead(db, '王')).toThrow(expect.objectContaining({ key: 'queue.error.lead_ambiguous' }));
  });

  it('due windows are local days in the zone', () => {
    expect(dueWindow('today', NOW, 'Asia/Taipei')).toEqual({ from: tpe('2026-11-24 00:00'), to: tpe('2026-11-25 00:00') });
    expect(dueWindow(undefined, NOW, 'Asia/Taipei')).toEqual({ to: tpe('2026-11-25 00:00') });
    expect(dueWindow('overdue', NOW, 'Asia/Taipei')).toEqual({ to: NOW });
    expect(() => dueWindow('someday', NOW, 'Asia/Taipei')).toThrow(expect.objectContaining({ kind: 'usage' }));
  });

  it('keeps the history of every change with the actor, and refuses changes to closed ones', () => {
    const bob = user('bob');
    const f = addFollowup(db, bob, { lead: '李四', dueAt: tpe('2026-11-25 10:00'), note: 'budget' }, NOW);
    moveFollowup(db, bob, f.id.slice(-6), tpe('2026-11-26 10:00'), 'reschedule', NOW + 1000);
    moveFollowup(db, user('dave'), f.id, tpe('2026-11-26 11:00'), 'snooze', NOW + 2000);
    completeFollowup(db, bob, f.id, { note: 'done it', callId: 'c3' }, NOW + 3000);
    const h = followupHistory(db, bob, f.id).history;
    expect(h.map((e) => [e.action, e.actor])).toEqual([['create', 'bob'], ['reschedule', 'bob'], ['snooze', 'dave'], ['done', 'bob']]);
    expect(h[3].after).toMatchObject({ status: 'done', doneAt: NOW + 3000, note: 'budget\ndone it', callId: 'c3' });
    expect(() => cancelFollowup(db, bob, f.id, null, NOW)).toThrow(expect.objectContaining({ kind: 'invalid_input' }));
    expect(() => completeFollowup(db, user('carol'), f.id, {}, NOW)).toThrow(expect.objectContaining({ kind: 'refused' }));
  });

  it('lists overdue first, then by due time; care kinds together', () => {
    const bob = user('bob');
    const rows = listFollowups(db, bob, { now: tpe('2026-11-30 12:00') });
    expect(rows.map((r) => r.note ?? r.id)).toEqual(['問預算', rows[1].id]);
    expect(rows.map((r) => r.dueAt)).toEqual([tpe('2026-11-24 16:00'), tpe('2026-11-30 10:00')]);
    expect(listFollowups(db, user('dave'), { all: true, includeClosed: true, due: '2026-11-24', now: NOW }).map((r) => r.repName).sort()).toEqual(['bob', 'bob', 'carol']);
    expect(() => listFollowups(db, bob, { all: true, now: NOW })).toThrow(expect.objectContaining({ kind: 'refused' }));
    expect(() => listFollowups(db, bob, { kind: 'party', now: NOW })).toThrow(expect.objectContaining({ kind: 'usage' }));
  });
});

describe('care service', () => {
  it('plans idempotently and lists the plan', () => {
    db.sqlite.prepare("update leads set status = 'customer' where id in ('L1', 'L3')").run();
    const bob = user('bob');
    const noteFor = (t: { kind: string }) => t.kind;
    const first = runCarePlan(db, bob, { days: 14, dryRun: false, noteFor }, NOW);
    expect(first.tasks.map((t) => `${t.leadId} ${t.kind} ${t.date}`)).toEqual(['L1 birthday 2026-12-05']);
    expect(runCarePlan(db, bob, { days: 14, dryRun: false, noteFor }, NOW)).toMatchObject({ created: 0, existing: 1 });
    expect(careList(db, bob, { days: 14 }, NOW).map((f) => f.kind)).toEqual(['birthday']);
    expect(careList(db, bob, { days: 5 }, NOW)).toEqual([]);
    expect(() => runCarePlan(db, bob, { days: 0, dryRun: true, noteFor }, NOW)).toThrow(expect.objectContaining({ kind: 'usage' }));
  });
});

describe('export planning', () => {
  const base = { format: 'csv' as const, excel: false, mask: false, zone: 'Asia/Taipei' };
  it('turns local dates into an instant range, end day included', () => {
    const p = planExport(db, user('alice'), { ...base, entity: 'calls', from: '2026-11-23', to: '2026-11-24' });
    expect([p.query.fromAt, p.query.toAt]).toEqual([tpe('2026-11-23 00:00'), tpe('2026-11-25 00:00')]);
    expect(() => planExport(db, user('alice'), { ...base, entity: 'calls', from: '2026-11-25', to: '2026-11-24' })).toThrow(expect.objectContaining({ kind: 'usage' }));
  });

  it('scopes by role: a rep to themself, a team lead to the team (unassigned leads too), an admin to all', () => {
    expect(planExport(db, user('bob'), { ...base, entity: 'calls' }).query.repIds).toEqual(['u-bob']);
    const lead = planExport(db, user('dave'), { ...base, entity: 'leads' }).query;
    expect([lead.repIds?.sort(), lead.includeUnassigned]).toEqual([['u-bob', 'u-carol', 'u-dave'], true]);
    expect(planExport(db, user('alice'), { ...base, entity: 'calls' }).query.repIds).toBeUndefined();
    expect(planExport(db, user('dave'), { ...base, entity: 'audit', rep: 'bob' }).query.repIds).toEqual(['bob']);
    expect(() => planExport(db, user('bob'), { ...base, entity: 'violations' })).toThrow(expect.objectContaining({ kind: 'refused' }));
  });
});
