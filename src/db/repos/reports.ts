// Report aggregates over a time range, grouped by rep. Each query reads only what it sums
// (grouped in SQLite), so a month of a million calls stays well under a second.
import type { Db } from '../client.js';

/**
 * Dials per rep, local day and disposition. Local days come from the zone's UTC offset, which may
 * change once inside the range (a DST switch at `switchAt`): offsets are in minutes.
 */
export function dailyCallAggregates(
  db: Db,
  fromAt: number,
  toAt: number,
  offsets: { before: number; after: number; switchAt: number },
  repIds?: string[],
): { repId: string; day: number; disposition: string | null; calls: number; talkS: number }[] {
  const { clause, params } = repFilter('rep_id', repIds);
  return db.sqlite
    .prepare(
      `select rep_id as repId,
         (started_at + (case when started_at < ? then ? else ? end) * 60000) / 86400000 as day,
         disposition, count(*) as calls, coalesce(sum(duration_s), 0) as talkS
       from calls where started_at >= ? and started_at < ? and channel = 'phone' and rep_id is not null and deleted_at is null ${clause}
       group by 1, 2, 3`,
    )
    .all(offsets.switchAt, offsets.before, offsets.after, fromAt, toAt, ...params) as { repId: string; day: number; disposition: string | null; calls: number; talkS: number }[];
}

/** Follow-ups due in the range (cancelled ones excluded): how many, done, done by their due time. */
export function followupAggregates(db: Db, fromAt: number, toAt: number, repIds?: string[]): { repId: string; due: number; done: number; onTime: number }[] {
  const { clause, params } = repFilter('rep_id', repIds);
  return db.sqlite
    .prepare(
      `select rep_id as repId, count(*) as due, sum(status = 'done') as done, sum(status = 'done' and done_at <= due_at) as onTime
       from followups where due_at >= ? and due_at < ? and status != 'cancelled' and deleted_at is null and rep_id is not null ${clause}
       group by rep_id`,
    )
    .all(fromAt, toAt, ...params) as { repId: string; due: number; done: number; onTime: number }[];
}

export function violationAggregates(db: Db, fromAt: number, toAt: number, repIds?: string[]): { repId: string; n: number }[] {
  const { clause, params } = repFilter('rep_id', repIds);
  return db.sqlite
    .prepare(`select rep_id as repId, count(*) as n from violations where occurred_at >= ? and occurred_at < ? and rep_id is not null ${clause} group by rep_id`)
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
       from calls r join leads l on l.id = r.lead_id
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
