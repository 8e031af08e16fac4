// Targets per rep: a number per period (day/week/month) and metric (calls, conversations, deals, revenue).
import type { TargetMetric, TargetPeriod } from '../../core/report.js';
import { newId } from '../../io/ids.js';
import type { Db } from '../client.js';

export interface TargetRow {
  repId: string;
  username: string;
  period: TargetPeriod;
  metric: TargetMetric;
  value: number;
  updatedAt: number;
}

export function upsertTarget(db: Db, repId: string, period: TargetPeriod, metric: TargetMetric, value: number, now: number): void {
  db.sqlite
    .prepare(
      `insert into targets (id, rep_id, period, metric, value, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (rep_id, period, metric) do update set value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(newId(now), repId, period, metric, value, now, now);
}

export function deleteTarget(db: Db, repId: string, period: TargetPeriod, metric: TargetMetric): void {
  db.sqlite.prepare('delete from targets where rep_id = ? and period = ? and metric = ?').run(repId, period, metric);
}

export function listTargets(db: Db, repIds?: string[]): TargetRow[] {
  const where = repIds ? (repIds.length ? `where t.rep_id in (${repIds.map(() => '?').join(',')})` : 'where 0') : '';
  return db.sqlite
    .prepare(
      `select t.rep_id as repId, u.username, t.period, t.metric, t.value, t.updated_at as updatedAt
       from targets t join users u on u.id = t.rep_id ${where}
       order by u.username, case t.period when 'day' then 0 when 'week' then 1 else 2 end, t.metric`,
    )
    .all(...(repIds ?? [])) as TargetRow[];
}
