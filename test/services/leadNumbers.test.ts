// The team lead's numbers agree across report, export, violations and targets: one scope rule, robot
// calls and their violations credited to the lead's owner, follow-ups not yet due not counted as
// missed, snooze never moves a follow-up earlier, targets shown as whole things, Ctrl-C stops an export.
import { beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/core/types.js';
import type { Db } from '../../src/db/client.js';
import { insertFollowup } from '../../src/db/repos/followups.js';
import { findUserByName, insertUser } from '../../src/db/repos/users.js';
import { insertViolation } from '../../src/db/repos/violations.js';
import { exportColumns, prepareExport } from '../../src/db/repos/exports.js';
import type { Sink } from '../../src/io/export/sink.js';
import { planExport, runExport, type ExportRequest } from '../../src/services/export.js';
import { listFollowups, snoozeFollowupFor } from '../../src/services/followups.js';
import { buildReport } from '../../src/services/report.js';
import { visibleRepIds } from '../../src/services/scope.js';
import { setTargets, targetsFor } from '../../src/services/targets.js';
import { listViolationRows } from '../../src/services/violations.js';
import { testDbWithUser } from '../helpers/db.js';
import { SEED_AT, seedSales, tpe } from './salesFixture.js';

let db: Db;
let admin: User;
const user = (name: string) => findUserByName(db, name)!;
const NOW = tpe('2026-11-25 12:00');

/** A sink that keeps the bytes (its `interrupted` flag is what FileSink sets on Ctrl-C). */
class MemorySink implements Sink {
  bytes = 0;
  readonly target = 'memory';
  interrupted?: NodeJS.Signals;
  chunks: Buffer[] = [];
  write(chunk: Buffer): void {
    this.chunks.push(Buffer.from(chunk));
    this.bytes += chunk.length;
  }
  sha256(): string {
    return '';
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

async function exportRows(actor: User, req: Partial<ExportRequest> & { entity: ExportRequest['entity'] }): Promise<Record<string, unknown>[]> {
  const plan = planExport(db, actor, { format: 'ndjson', excel: false, mask: false, zone: 'Asia/Taipei', ...req });
  const sink = new MemorySink();
  await runExport(db, actor, plan, sink, { headers: plan.columns.map((c) => c.key), now: NOW });
  return sink.text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeEach(() => {
  ({ db, user: admin } = testDbWithUser('admin'));
  seedSales(db);
  insertUser(db, { id: 'u-lonely', username: 'lonely', displayName: 'lonely', role: 'lead', team: null, timezone: 'Asia/Taipei', lang: null }, SEED_AT);
});

describe('calls: the export counts what the report counts', () => {
  it('exports phone calls by default (the report\'s dials); --channel robot/all adds the robot calls', async () => {
    const report = buildReport(db, admin, { from: '2026-11-23', to: '2026-11-24', now: NOW });
    const phone = await exportRows(admin, { entity: 'calls', from: '2026-11-23', to: '2026-11-24' });
    expect(phone).toHaveLength(report.total.counts.dials);
    expect(new Set(phone.map((r) => r.channel))).toEqual(new Set(['phone']));
    expect((await exportRows(admin, { entity: 'calls', channel: 'robot' })).map((r) => r.id)).toEqual(['c12', 'c13']);
    expect(await exportRows(admin, { entity: 'calls', channel: 'all' })).toHaveLength(13);
    expect(() => planExport(db, admin, { entity: 'calls', channel: 'fax', format: 'csv', excel: false, mask: false, zone: 'UTC' })).toThrow(
      expect.objectContaining({ kind: 'usage', key: 'export.error.bad_channel' }),
    );
    expect(() => planExport(db, admin, { entity: 'leads', channel: 'robot', format: 'csv', excel: false, mask: false, zone: 'UTC' })).toThrow(
      expect.objectContaining({ kind: 'usage', key: 'export.error.filter_na' }),
    );
  });

  it('a team lead exports the robot calls on the team\'s leads (no rep: scoped by the lead\'s owner)', async () => {
    const dave = user('dave');
    expect((await exportRows(dave, { entity: 'calls', channel: 'robot' })).map((r) => r.id)).toEqual(['c12', 'c13']);
    expect(await exportRows(dave, { entity: 'calls', channel: 'all' })).toHaveLength(12); // all but erin's c11
    expect(await exportRows(user('erin'), { entity: 'calls', channel: 'robot' })).toEqual([]);
  });
});

describe('a team lead without a team sees only themself', () => {
  it('in scope, reports, exports, targets and violations', async () => {
    const lonely = user('lonely');
    expect(visibleRepIds(db, lonely)).toEqual([lonely.id]);
    expect(visibleRepIds(db, admin)).toBeUndefined();
    expect(buildReport(db, lonely, { period: 'week', now: NOW }).reps.map((r) => r.rep)).toEqual(['lonely']);
    expect(() => buildReport(db, lonely, { period: 'week', rep: 'bob', now: NOW })).toThrow(expect.objectContaining({ kind: 'refused' }));
    expect(await exportRows(lonely, { entity: 'leads' })).toEqual([]);
    expect(await exportRows(lonely, { entity: 'calls', channel: 'all' })).toEqual([]);
    expect(await exportRows(lonely, { entity: 'violations' })).toEqual([]);
    expect(() => planExport(db, lonely, { entity: 'calls', rep: 'bob', format: 'csv', excel: false, mask: false, zone: 'UTC' })).toThrow(
      expect.objectContaining({ kind: 'refused', key: 'scope.error.no_team' }),
    );
    expect(() => setTargets(db, lonely, 'bob', [{ period: 'day', metric: 'calls', value: 10 }], NOW)).toThrow(
      expect.objectContaining({ kind: 'refused', key: 'scope.error.no_team' }),
    );
    expect(targetsFor(db, lonely)).toEqual([]);
    expect(listViolationRows(db, lonely)).toEqual([]);
    expect(listFollowups(db, lonely, { all: true, due: 'week', now: NOW })).toEqual([]);
    expect(() => listFollowups(db, lonely, { rep: 'bob', now: NOW })).toThrow(expect.objectContaining({ kind: 'refused', key: 'scope.error.no_team' }));
    expect(listFollowups(db, user('dave'), { all: true, due: 'week', now: NOW }).length).toBeGreaterThan(0);
  });
});

describe('violations: one scope in the ledger, the export and the report', () => {
  it('a robot call\'s violation (no rep) is credited to the lead\'s owner everywhere; other teams\' are not shown', async () => {
    // A robot call at 23:30 on bob's lead L5, and one of erin's own.
    insertViolation(db, { rule: 'outside_window', severity: 'high', leadId: 'L5', callId: 'c13', repId: null, detail: { code: 'outside_window' }, occurredAt: tpe('2026-11-24 23:30') }, NOW);
    insertViolation(db, { rule: 'dial_override', severity: 'medium', leadId: 'L6', repId: user('erin').id, occurredAt: tpe('2026-11-24 15:00') }, NOW);
    const dave = user('dave');
    const ledger = listViolationRows(db, dave);
    expect(ledger.map((v) => [v.rule, v.repName, v.creditedName])).toEqual([
      ['outside_window', null, 'bob'],
      ['calling_hours', 'bob', 'bob'],
    ]);
    const exported = await exportRows(dave, { entity: 'violations' });
    expect(exported.map((v) => [v.rule, v.rep, v.credited_to])).toEqual([
      ['calling_hours', 'bob', 'bob'],
      ['outside_window', null, 'bob'],
    ]);
    const report = buildReport(db, dave, { from: '2026-11-24', to: '2026-11-24', now: NOW });
    expect(report.reps.find((r) => r.rep === 'bob')!.counts.violations).toBe(2);
    expect(report.total.counts.violations).toBe(2);
    // A rep sees the ones credited to them; an admin all three.
    expect(listViolationRows(db, user('bob'))).toHaveLength(2);
    expect(listViolationRows(db, admin)).toHaveLength(3);
    expect(await exportRows(admin, { entity: 'violations' })).toHaveLength(3);
  });
});

describe('follow-ups on time', () => {
  it('counts only follow-ups due by now (or done); the ones not yet due are pending, not missed', () => {
    const bob = user('bob');
    // Due later today (25 Nov, now is 12:00): one open, one already done early.
    insertFollowup(db, { leadId: 'L1', repId: bob.id, kind: 'callback', dueAt: tpe('2026-11-25 17:00') }, SEED_AT);
    const early = insertFollowup(db, { leadId: 'L2', repId: bob.id, kind: 'callback', dueAt: tpe('2026-11-25 18:00') }, SEED_AT).id;
    db.sqlite.prepare("update followups set status='done', done_at=? where id=?").run(tpe('2026-11-25 11:00'), early);
    // And one overdue this morning, still open.
    insertFollowup(db, { leadId: 'L3', repId: bob.id, kind: 'callback', dueAt: tpe('2026-11-25 09:00') }, SEED_AT);
    const r = buildReport(db, admin, { period: 'today', rep: 'bob', now: NOW });
    expect(r.reps[0].counts).toMatchObject({ followupsDue: 2, followupsDone: 1, followupsOnTime: 1, followupsPending: 1 });
    expect(r.reps[0].kpis.followupsOnTimePct).toBe(50);
  });
});

describe('snooze --for', () => {
  it('counts from the due time when that is later than now: never moves a follow-up earlier', () => {
    const bob = user('bob');
    const later = insertFollowup(db, { leadId: 'L1', repId: bob.id, kind: 'callback', dueAt: tpe('2026-11-26 10:00') }, SEED_AT).id;
    expect(snoozeFollowupFor(db, bob, later, 2 * 3_600_000, NOW).dueAt).toBe(tpe('2026-11-26 12:00'));
    const overdue = insertFollowup(db, { leadId: 'L2', repId: bob.id, kind: 'callback', dueAt: tpe('2026-11-25 09:00') }, SEED_AT).id;
    expect(snoozeFollowupFor(db, bob, overdue, 2 * 3_600_000, NOW).dueAt).toBe(tpe('2026-11-25 14:00'));
  });
});

describe('targets for a period', () => {
  it('a weekly deals target shows as a whole deal for a day; the team total is the exact sum rounded once', () => {
    for (const rep of ['bob', 'carol']) setTargets(db, admin, rep, [{ period: 'week', metric: 'deals', value: 3 }, { period: 'month', metric: 'calls', value: 100 }], NOW);
    const day = buildReport(db, user('dave'), { from: '2026-11-24', to: '2026-11-24', now: NOW });
    const bob = day.reps.find((r) => r.rep === 'bob')!;
    expect(bob.targets.deals.target).toBe(1); // 3/7, not 0.4
    expect(bob.targets.calls.target).toBe(4); // 100/30 = 3.33, rounded up
    // Team: 2 × 3/7 = 0.857 → 1 (not 1 + 1), 2 × 3.33 = 6.67 → 7 (not 4 + 4).
    expect(day.total.targets.deals.target).toBe(1);
    expect(day.total.targets.calls.target).toBe(7);
    expect(day.reps.find((r) => r.rep === 'dave')!.targets.calls.target).toBeNull();
  });
});

describe('Ctrl-C during an export', () => {
  it('stops at the next batch with an "interrupted" error (exit 130) instead of writing everything', async () => {
    for (let i = 0; i < 5000; i++) insertFollowup(db, { leadId: 'L1', repId: user('bob').id, kind: 'callback', dueAt: SEED_AT + i * 60_000 }, SEED_AT);
    for (const format of ['csv', 'ndjson'] as const) {
      const plan = planExport(db, admin, { entity: 'followups', format, excel: false, mask: false, zone: 'Asia/Taipei' });
      const sink = new MemorySink();
      const state = { rows: 0 };
      const running = runExport(db, admin, plan, sink, { headers: plan.columns.map((c) => c.key), now: NOW, state });
      // Ctrl-C arrives while rows are written (FileSink's handler sets this flag).
      setImmediate(() => (sink.interrupted = 'SIGINT'));
      await expect(running).rejects.toMatchObject({ kind: 'interrupted', key: 'export.error.interrupted' });
      expect(state.rows).toBeLessThan(5000);
    }
    // The statement was released: the database is usable at once.
    expect(buildReport(db, admin, { period: 'today', now: NOW }).reps.length).toBeGreaterThan(0);
  });
});

describe('FileSink and Ctrl-C', () => {
  it('notes the first signal, then refuses to commit: the temp file is removed and the target never appears', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { FileSink } = await import('../../src/io/export/sink.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repdesk-sink-'));
    const file = path.join(dir, 'out.csv');
    const sink = FileSink.open(file, { force: false });
    sink.write(Buffer.from('a,b\r\n'));
    (sink as unknown as { onSignal: (s: NodeJS.Signals) => void }).onSignal('SIGINT');
    expect(sink.interrupted).toBe('SIGINT');
    expect(() => sink.commit()).toThrow(expect.objectContaining({ kind: 'interrupted', key: 'export.error.interrupted' }));
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('export query plans', () => {
  it('calls of one channel are read in time order from calls_started_idx, not from the report\'s partial index and then sorted', () => {
    const { stmt, params } = prepareExport(db, { entity: 'calls', columns: exportColumns('calls'), channel: 'phone' });
    const plan = (db.sqlite.prepare(`explain query plan ${stmt.source}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toContain('calls_started_idx');
    expect(plan).not.toContain('calls_report_idx');
    expect(plan).not.toContain('TEMP B-TREE FOR ORDER BY');
  });
});
