// Report aggregates over a time range, grouped by rep. Each query reads only what it sums
// (grouped in SQLite), so a month of a million calls stays well under a second.
import type { Db } from '../client.js';

/**
 * Phone calls per rep, disposition and local day: count and talk time. `days` are the local days'
 * [start, end) instants (exact across DST). Every (rep, disposition, day) is counted by a seek into
 * calls_report_idx, so a month of a million calls needs no sort. `codes` are the disposition codes to
 * look for (all rows of the dispositions table, plus null).
 */
export function dailyCallAggregates(
  db: Db,
  days: { start: number; end: number }[],
  repIds: string[],
  codes: (string | null)[],
): { repId: string; disposition: string | null; day: number; calls: number; talkS: number }[] {
  if (days.length === 0 || repIds.length === 0 || codes.length === 0) return [];
  const range = `rep_id = r.id and disposition is s.code and started_at >= d.a and started_at < d.b and channel = 'phone' and deleted_at is null`;
  const sql = `with d(i, a, b) as (values ${days.map(() => '(?, ?, ?)').join(',')}),
      r(id) as (values ${repIds.map(() => '(?)').join(',')}),
      s(code) as (values ${codes.map(() => '(?)').join(',')})
    select r.id as repId, s.code as disposition, d.i as day,
      (select count(*) * 4294967296 + sum(duration_s) from calls where ${range}) as packed
    from r, s, d`;
  const params = [...days.flatMap((x, i) => [i, x.start, x.end]), ...repIds, ...codes];
  // One seek per (rep, disposition, day) gives both figures: calls × 2^32 + talk seconds
  // (a day's talk time of one rep stays far below 2^32 s, and the product below 2^53).
  // Empty cells are dropped here, not by `where packed > 0`: SQLite would flatten that query and run
  // every seek twice (once for the filter, once for the value); measured 250 → 180 ms CPU on 1M calls.
  const rows = db.sqlite.prepare(sql).raw(true).all(...params) as [string, string | null, number, number | null][];
  const out: { repId: string; disposition: string | null; day: number; calls: number; talkS: number }[] = [];
  for (const [repId, disposition, day, packed] of rows) {
    if (packed !== null && packed > 0) out.push({ repId, disposition, day, calls: Math.floor(packed / 4294967296), talkS: packed % 4294967296 });
  }
  return out;
}

/** Every disposition code ever defined (deleted ones too: old calls keep them). */
export function allDispositionCodes(db: Db): string[] {
  return (db.sqlite.prepare('select code from dispositions').raw(true).all() as [string][]).map((r) => r[0]);
}

/** Every user id (deleted ones too: their calls still count in the team total). */
export function allUserIds(db: Db): string[] {
  return (db.sqlite.prepare('select id from users').raw(true).all() as [string][]).map((r) => r[0]);
}

/**
 * Follow-ups due in the range (cancelled ones excluded), per rep: `due` counts those that are due by
 * `now` or already done (one not yet due is not missed), `done` and `onTime` (done by the due time)
 * among them, and `pending` the open ones not yet due.
 */
export function followupAggregates(
  db: Db,
  fromAt: number,
  toAt: number,
  now: number,
  repIds?: string[],
): { repId: string; due: number; done: number; onTime: number; pending: number }[] {
  const { clause, params } = repFilter('rep_id', repIds);
  return db.sqlite
    .prepare(
      `select rep_id as repId, sum(due_at <= ? or status = 'done') as due, sum(status = 'done') as done,
         sum(status = 'done' and done_at <= due_at) as onTime, sum(status = 'open' and due_at > ?) as pending
       from followups where due_at >= ? and due_at < ? and status != 'cancelled' and deleted_at is null and rep_id is not null ${clause}
       group by rep_id`,
    )
    .all(now, now, fromAt, toAt, ...params) as { repId: string; due: number; done: number; onTime: number; pending: number }[];
}

/**
 * Violations in the range per rep. A robot call's violation has no rep: it is credited to the lead's
 * owner (as in `violations list` and `export violations`).
 */
export function violationAggregates(db: Db, fromAt: number, toAt: number, repIds?: string[]): { repId: string; n: number }[] {
  const who = 'coalesce(v.rep_id, l.owner_id)';
  const { clause, params } = repFilter(who, repIds);
  return db.sqlite
    .prepare(
      `select ${who} as repId, count(*) as n from violations v left join leads l on l.id = v.lead_id
       where v.occurred_at >= ? and v.occurred_at < ? and ${who} is not null ${clause} group by ${who}`,
    )
    .all(fromAt, toAt, ...params) as { repId: string; n: number }[];
}

/**
 * Robot calls grading a lead A in the range, per lead owner, and how many were followed by a rep's
 * phone call within `slaMs`.
 */
export function gradeAAggregates(db: Db, fromAt: number, toAt: number, slaMs: number, repIds?: string[]): { repId: string; leads: number; inSla: number }[] {
  const { clause, params } = repFilter('l.owner_id', repIds);
  return db.sqlite
    .prepare(
      `select l.owner_id as repId, count(*) as leads,
         sum(exists(select 1 from calls h where h.lead_id = r.lead_id and h.channel = 'phone' and h.deleted_at is null
                    and h.started_at >= r.started_at and h.started_at <= r.started_at + ?)) as inSla
       from calls r indexed by calls_robot_idx join leads l on l.id = r.lead_id
       where r.channel = 'robot' and r.intent_grade = 'A' and r.started_at >= ? and r.started_at < ? and r.deleted_at is null
         and l.owner_id is not null ${clause}
       group by l.owner_id`,
    )
    .all(slaMs, fromAt, toAt, ...params) as { repId: string; leads: number; inSla: number }[];
}

export function dealAggregates(db: Db, fromAt: number, toAt: number, repIds?: string[]): { repId: string; won: number; revenue: number }[] {
  const { clause, params } = repFilter('rep_id', repIds);
  return db.sqlite
    .prepare(
      `select rep_id as repId, count(*) as won, coalesce(sum(amount), 0) as revenue from deals
       where stage = 'won' and closed_at >= ? and closed_at < ? and deleted_at is null and rep_id is not null ${clause} group by rep_id`,
    )
    .all(fromAt, toAt, ...params) as { repId: string; won: number; revenue: number }[];
}

function repFilter(col: string, repIds?: string[]): { clause: string; params: string[] } {
  if (!repIds) return { clause: '', params: [] };
  if (repIds.length === 0) return { clause: 'and 0', params: [] };
  return { clause: `and ${col} in (${repIds.map(() => '?').join(',')})`, params: repIds };
}
