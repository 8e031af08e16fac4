// Follow-up listing and changes (done, snooze, reschedule, cancel), each change kept in
// followup_history with who, what (before → after) and when. Creation is insertFollowup (followups.ts).
import type { Followup, FollowupKind, FollowupStatus } from '../../core/types.js';
import { newId } from '../../io/ids.js';
import type { Db } from '../client.js';

export interface FollowupRow extends Followup {
  leadName: string;
  leadPhone: string | null;
  leadTimezone: string | null;
  leadCountry: string | null;
  repName: string | null;
}

export interface FollowupFilter {
  repIds?: string[];
  statuses?: FollowupStatus[];
  kinds?: FollowupKind[];
  dueFrom?: number;
  /** Exclusive. */
  dueTo?: number;
  limit?: number;
}

interface Raw {
  id: string;
  lead_id: string;
  rep_id: string | null;
  kind: FollowupKind;
  due_at: number;
  status: FollowupStatus;
  note: string | null;
  call_id: string | null;
  dedupe_key: string | null;
  done_at: number | null;
  created_at: number;
  updated_at: number;
  lead_name: string | null;
  lead_phone: string | null;
  lead_tz: string | null;
  lead_country: string | null;
  rep_name: string | null;
}

const SELECT = `select f.id, f.lead_id, f.rep_id, f.kind, f.due_at, f.status, f.note, f.call_id, f.dedupe_key, f.done_at,
  f.created_at, f.updated_at, l.name as lead_name, l.phone as lead_phone, l.timezone as lead_tz, l.country as lead_country,
  u.username as rep_name
  from followups f join leads l on l.id = f.lead_id left join users u on u.id = f.rep_id`;

function toRow(r: Raw): FollowupRow {
  return {
    id: r.id,
    leadId: r.lead_id,
    repId: r.rep_id,
    kind: r.kind,
    dueAt: r.due_at,
    status: r.status,
    note: r.note,
    callId: r.call_id,
    dedupeKey: r.dedupe_key,
    doneAt: r.done_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    leadName: r.lead_name ?? '',
    leadPhone: r.lead_phone,
    leadTimezone: r.lead_tz,
    leadCountry: r.lead_country,
    repName: r.rep_name,
  };
}

/** Follow-ups by due time, oldest (most overdue) first. */
export function queryFollowups(db: Db, f: FollowupFilter): FollowupRow[] {
  const where = ['f.deleted_at is null', 'l.deleted_at is null'];
  const params: unknown[] = [];
  const inList = (col: string, values: readonly unknown[]) => {
    where.push(values.length ? `${col} in (${values.map(() => '?').join(',')})` : '0');
    params.push(...values);
  };
  if (f.repIds) inList('f.rep_id', f.repIds);
  if (f.statuses) inList('f.status', f.statuses);
  if (f.kinds) inList('f.kind', f.kinds);
  if (f.dueFrom !== undefined) {
    where.push('f.due_at >= ?');
    params.push(f.dueFrom);
  }
  if (f.dueTo !== undefined) {
    where.push('f.due_at < ?');
    params.push(f.dueTo);
  }
  const sql = `${SELECT} where ${where.join(' and ')} order by f.due_at, f.id${f.limit ? ` limit ${Math.floor(f.limit)}` : ''}`;
  return (db.sqlite.prepare(sql).all(...params) as Raw[]).map(toRow);
}

/** A follow-up by its id or a unique ending of it (the short id shown in lists). */
export function findFollowupsByRef(db: Db, ref: string): FollowupRow[] {
  const exact = db.sqlite.prepare(`${SELECT} where f.id = ? and f.deleted_at is null`).all(ref) as Raw[];
  if (exact.length) return exact.map(toRow);
  if (ref.length < 4) return [];
  const like = ref.replace(/[\\%_]/g, (c) => '\\' + c);
  return (db.sqlite.prepare(`${SELECT} where f.id like ? escape '\\' and f.deleted_at is null limit 5`).all('%' + like) as Raw[]).map(toRow);
}

export type FollowupChange = Partial<Pick<Followup, 'dueAt' | 'status' | 'note' | 'doneAt' | 'callId'>>;

/** Apply a change and record it: action, actor, the changed fields before and after. */
export function changeFollowup(db: Db, current: Followup, change: FollowupChange, action: string, actorId: string | null, now: number, extra: Record<string, unknown> = {}): void {
  const sets: string[] = ['updated_at = ?'];
  const params: unknown[] = [now];
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = { ...extra };
  const cols: Record<keyof FollowupChange, string> = { dueAt: 'due_at', status: 'status', note: 'note', doneAt: 'done_at', callId: 'call_id' };
  for (const key of Object.keys(change) as (keyof FollowupChange)[]) {
    sets.push(`${cols[key]} = ?`);
    params.push(change[key] ?? null);
    before[key] = current[key];
    after[key] = change[key] ?? null;
  }
  db.sqlite.prepare(`update followups set ${sets.join(', ')} where id = ?`).run(...params, current.id);
  db.sqlite
    .prepare('insert into followup_history (id, followup_id, actor_id, action, before, after, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(newId(now), current.id, actorId, action, JSON.stringify(before), JSON.stringify(after), now, now);
}

export interface HistoryEntry {
  at: number;
  action: string;
  actor: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export function followupHistoryOf(db: Db, followupId: string): HistoryEntry[] {
  const rows = db.sqlite
    .prepare(
      `select h.created_at as at, h.action, coalesce(u.username, h.actor_id) as actor, h.before, h.after
       from followup_history h left join users u on u.id = h.actor_id where h.followup_id = ? order by h.rowid`,
    )
    .all(followupId) as { at: number; action: string; actor: string | null; before: string | null; after: string | null }[];
  return rows.map((r) => ({ ...r, before: r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null, after: r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null }));
}

/** Leads the care plan looks at (not DNC, not deleted or erased), optionally only some owners'. */
export function careAudience(db: Db, statuses: readonly string[], ownerIds?: string[]): import('../../core/care.js').CareLead[] {
  const where = ['deleted_at is null', 'erased_at is null', 'dnc = 0', 'owner_id is not null', `status in (${statuses.map(() => '?').join(',')})`];
  const params: unknown[] = [...statuses];
  if (ownerIds) {
    where.push(ownerIds.length ? `owner_id in (${ownerIds.map(() => '?').join(',')})` : '0');
    params.push(...ownerIds);
  }
  return db.sqlite
    .prepare(
      `select id, name, owner_id as ownerId, status, country, timezone, birthday, last_call_at as lastCallAt, created_at as createdAt
       from leads where ${where.join(' and ')} order by id`,
    )
    .all(...params) as import('../../core/care.js').CareLead[];
}

/** Which of these dedupe keys already have a follow-up. */
export function existingDedupeKeys(db: Db, keys: string[]): Set<string> {
  const out = new Set<string>();
  const stmt = db.sqlite.prepare('select dedupe_key as k from followups where dedupe_key = ?');
  for (const k of keys) if (stmt.get(k)) out.add(k);
  return out;
}
