// Export queries: one prepared statement per export, read with iterate() in raw mode so a million
// rows stream in constant memory. The column catalogue (SQL expression and value type) lives here.
import type Database from 'better-sqlite3';
import type { Db } from '../client.js';

export const EXPORT_ENTITIES = ['calls', 'leads', 'followups', 'dnc', 'violations', 'audit'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

/** How a value is written: text, integer, an instant (ISO 8601 with offset), a user id (→ name), a phone or email (maskable). */
export type ColumnType = 'text' | 'int' | 'instant' | 'user' | 'phone' | 'email';

export interface ColumnDef {
  key: string;
  sql: string;
  type: ColumnType;
}

interface EntityDef {
  from: string;
  /** Instant column the --from/--to dates filter on. */
  time: string;
  /** Column holding the rep (user id), or for audit the actor's user name. */
  rep?: string;
  repIsName?: boolean;
  /** The rep column to use instead of `rep` when the export is limited to one channel. */
  repByChannel?: Record<string, string>;
  list?: string;
  disposition?: string;
  /** Column holding the call channel (phone / robot). */
  channel?: string;
  /** Always applied (soft deletes). */
  where?: string;
  order: string;
  columns: ColumnDef[];
  defaults: string[];
}

const c = (key: string, sql: string, type: ColumnType = 'text'): ColumnDef => ({ key, sql, type });

const ENTITIES: Record<ExportEntity, EntityDef> = {
  calls: {
    from: 'calls c left join leads l on l.id = c.lead_id',
    time: 'c.started_at',
    // A robot call has no rep: it belongs to the lead's owner (as in the report's Grade-A figures).
    rep: 'coalesce(c.rep_id, l.owner_id)',
    // Phone calls are the report's, which counts them by rep_id: the same column, and calls_rep_idx.
    repByChannel: { phone: 'c.rep_id' },
    channel: 'c.channel',
    list: 'l.list_id',
    disposition: 'c.disposition',
    where: 'c.deleted_at is null',
    order: 'c.started_at, c.id',
    columns: [
      c('id', 'c.id'),
      c('started_at', 'c.started_at', 'instant'),
      c('ended_at', 'c.ended_at', 'instant'),
      c('duration_s', 'c.duration_s', 'int'),
      c('rep', 'c.rep_id', 'user'),
      c('lead_id', 'c.lead_id'),
      c('lead_name', 'l.name'),
      c('phone', 'l.phone', 'phone'),
      c('email', 'l.email', 'email'),
      c('company', 'l.company'),
      c('channel', 'c.channel'),
      c('disposition', 'c.disposition'),
      c('notes', 'c.notes'),
      c('intent_grade', 'c.intent_grade'),
      c('script_version', 'c.script_version', 'int'),
      c('list_id', 'l.list_id'),
    ],
    defaults: ['id', 'started_at', 'ended_at', 'duration_s', 'rep', 'lead_id', 'lead_name', 'phone', 'channel', 'disposition', 'notes'],
  },
  leads: {
    from: 'leads l',
    time: 'l.created_at',
    rep: 'l.owner_id',
    list: 'l.list_id',
    disposition: 'l.last_disposition',
    where: 'l.deleted_at is null and l.erased_at is null',
    order: 'l.created_at, l.id',
    columns: [
      c('id', 'l.id'),
      c('name', 'l.name'),
      c('phone', 'l.phone', 'phone'),
      c('email', 'l.email', 'email'),
      c('company', 'l.company'),
      c('title', 'l.title'),
      c('city', 'l.city'),
      c('region', 'l.region'),
      c('country', 'l.country'),
      c('timezone', 'l.timezone'),
      c('birthday', 'l.birthday'),
      c('source', 'l.source'),
      c('list_id', 'l.list_id'),
      c('owner', 'l.owner_id', 'user'),
      c('status', 'l.status'),
      c('intent_grade', 'l.intent_grade'),
      c('priority', 'l.priority', 'int'),
      c('tags', 'l.tags'),
      c('dnc', 'l.dnc', 'int'),
      c('attempts_total', 'l.attempts_total', 'int'),
      c('last_call_at', 'l.last_call_at', 'instant'),
      c('last_disposition', 'l.last_disposition'),
      c('created_at', 'l.created_at', 'instant'),
    ],
    defaults: ['id', 'name', 'phone', 'email', 'company', 'country', 'timezone', 'owner', 'status', 'intent_grade', 'priority', 'dnc', 'attempts_total', 'last_call_at', 'last_disposition', 'created_at'],
  },
  followups: {
    from: 'followups f left join leads l on l.id = f.lead_id',
    time: 'f.due_at',
    rep: 'f.rep_id',
    list: 'l.list_id',
    where: 'f.deleted_at is null',
    order: 'f.due_at, f.id',
    columns: [
      c('id', 'f.id'),
      c('lead_id', 'f.lead_id'),
      c('lead_name', 'l.name'),
      c('phone', 'l.phone', 'phone'),
      c('rep', 'f.rep_id', 'user'),
      c('kind', 'f.kind'),
      c('due_at', 'f.due_at', 'instant'),
      c('status', 'f.status'),
      c('note', 'f.note'),
      c('done_at', 'f.done_at', 'instant'),
      c('created_at', 'f.created_at', 'instant'),
    ],
    defaults: ['id', 'lead_id', 'lead_name', 'phone', 'rep', 'kind', 'due_at', 'status', 'note', 'done_at'],
  },
  dnc: {
    from: 'dnc d',
    time: 'd.created_at',
    where: 'd.deleted_at is null',
    order: 'd.created_at, d.id',
    columns: [c('id', 'd.id'), c('phone', 'd.phone', 'phone'), c('reason', 'd.reason'), c('source', 'd.source'), c('added_by', 'd.added_by'), c('created_at', 'd.created_at', 'instant')],
    defaults: ['phone', 'reason', 'source', 'added_by', 'created_at'],
  },
  violations: {
    from: 'violations v left join leads l on l.id = v.lead_id',
    time: 'v.occurred_at',
    // A robot call's violation has no rep: it is credited to the lead's owner (as in the report and violations list).
    rep: 'coalesce(v.rep_id, l.owner_id)',
    order: 'v.occurred_at, v.id',
    columns: [
      c('id', 'v.id'),
      c('occurred_at', 'v.occurred_at', 'instant'),
      c('rule', 'v.rule'),
      c('severity', 'v.severity'),
      c('rep', 'v.rep_id', 'user'),
      c('credited_to', 'coalesce(v.rep_id, l.owner_id)', 'user'),
      c('lead_id', 'v.lead_id'),
      c('call_id', 'v.call_id'),
      c('detail', 'v.detail'),
    ],
    defaults: ['id', 'occurred_at', 'rule', 'severity', 'rep', 'credited_to', 'lead_id', 'call_id', 'detail'],
  },
  audit: {
    from: 'audit_log a',
    time: 'a.at',
    rep: 'a.actor',
    repIsName: true,
    order: 'a.at, a.id',
    columns: [c('id', 'a.id'), c('at', 'a.at', 'instant'), c('actor', 'a.actor'), c('action', 'a.action'), c('entity', 'a.entity'), c('entity_id', 'a.entity_id'), c('detail', 'a.detail')],
    defaults: ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'detail'],
  },
};

export function exportColumns(entity: ExportEntity): ColumnDef[] {
  return ENTITIES[entity].columns;
}

export function defaultExportColumns(entity: ExportEntity): string[] {
  return ENTITIES[entity].defaults;
}

export function supportsFilter(entity: ExportEntity, filter: 'rep' | 'list' | 'disposition'): boolean {
  return ENTITIES[entity][filter] !== undefined;
}

export interface ExportQuery {
  entity: ExportEntity;
  columns: ColumnDef[];
  /** Inclusive start and exclusive end instants. */
  fromAt?: number;
  toAt?: number;
  /** Only these reps (user ids; for audit: user names). */
  repIds?: string[];
  /** With repIds: also rows that have no rep at all (unassigned leads). */
  includeUnassigned?: boolean;
  listId?: string;
  disposition?: string;
  /** Calls of this channel only (phone / robot); undefined: every channel. */
  channel?: string;
}

/** A prepared statement in raw mode and its parameters: iterate(...params) yields arrays of column values. */
export function prepareExport(db: Db, q: ExportQuery): { stmt: Database.Statement; params: unknown[] } {
  const def = ENTITIES[q.entity];
  const where: string[] = [];
  const params: unknown[] = [];
  if (def.where) where.push(def.where);
  if (q.fromAt !== undefined) {
    where.push(`${def.time} >= ?`);
    params.push(q.fromAt);
  }
  if (q.toAt !== undefined) {
    where.push(`${def.time} < ?`);
    params.push(q.toAt);
  }
  if (q.repIds && def.rep) {
    const rep = (q.channel && def.repByChannel?.[q.channel]) || def.rep;
    const inList = q.repIds.length ? `${rep} in (${q.repIds.map(() => '?').join(',')})` : '0';
    where.push(q.includeUnassigned ? `(${inList} or ${rep} is null)` : inList);
    params.push(...q.repIds);
  }
  if (q.listId && def.list) {
    where.push(`${def.list} = ?`);
    params.push(q.listId);
  }
  if (q.disposition && def.disposition) {
    where.push(`${def.disposition} = ?`);
    params.push(q.disposition);
  }
  if (q.channel && def.channel) {
    // `+` keeps this term off the indexes: with 'phone' bound, SQLite would pick the report's partial
    // index (channel = 'phone') and sort every call afterwards instead of reading calls_started_idx
    // in order — 1M calls took 12 s instead of 5.
    where.push(`+${def.channel} = ?`);
    params.push(q.channel);
  }
  const sql = `select ${q.columns.map((col) => col.sql).join(', ')} from ${def.from}${where.length ? ' where ' + where.join(' and ') : ''} order by ${def.order}`;
  return { stmt: db.sqlite.prepare(sql).raw(true), params };
}

/** id → user name of every user, deleted ones included (old rows keep their names). */
export function userNamesById(db: Db): Map<string, string> {
  const rows = db.sqlite.prepare('select id, username from users').raw(true).all() as [string, string][];
  return new Map(rows);
}

export function findListIdByName(db: Db, name: string): string | undefined {
  const row = db.sqlite.prepare('select id from lists where (name = ? or id = ?) and deleted_at is null order by created_at desc limit 1').get(name, name) as
    | { id: string }
    | undefined;
  return row?.id;
}

export function dispositionExists(db: Db, code: string): boolean {
  return db.sqlite.prepare('select 1 from dispositions where code = ?').get(code) !== undefined;
}

/** Names of the lists that are not deleted, newest first (for the "no such list" error). */
export function listNames(db: Db, limit = 20): string[] {
  return (db.sqlite.prepare('select name from lists where deleted_at is null order by created_at desc limit ?').raw(true).all(limit) as [string][]).map((r) => r[0]);
}

/** Users of a team (ids and names), for a team lead's exports and reports. */
export function teamMembers(db: Db, team: string): { id: string; username: string }[] {
  return db.sqlite.prepare('select id, username from users where team = ? and deleted_at is null').all(team) as { id: string; username: string }[];
}
