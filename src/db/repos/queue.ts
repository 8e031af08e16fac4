// The queue's queries, as prepared better-sqlite3 statements (the hot path: ENGINEERING.md measured
// drizzle's per-call overhead). Every query is served by an index:
// - callbacks and robot follow-ups: followups_rep_due_idx (rep_id, status, due_at);
// - new leads: the partial leads_queue_idx (owner_id, priority, next_eligible_at), walked backwards;
// - retries: leads_owner_status_idx (owner_id, status, next_eligible_at), one stream per status.
// Rows are read lazily (iterate), so the service stops as soon as it has enough dialable leads.
import type { Statement } from 'better-sqlite3';
import type { Attempt } from '../../core/dialable.js';
import type { Lead } from '../../core/types.js';
import type { Db } from '../client.js';
import { toLead, type LeadRow } from './leads.js';

/** Lead columns in drizzle's camelCase, so toLead() applies. */
const LEAD_COLS = `l.rowid as _rowid, l.id, l.name, l.phone, l.phone_raw as phoneRaw, l.phone_ext as phoneExt, l.phone_type as phoneType,
  l.email, l.company, l.title, l.city, l.region, l.country, l.timezone, l.birthday, l.source, l.list_id as listId,
  l.owner_id as ownerId, l.status, l.intent_grade as intentGrade, l.priority, l.tags, l.custom, l.notes, l.consent,
  l.consent_at as consentAt, l.dnc, l.attempts_total as attemptsTotal, l.last_call_at as lastCallAt,
  l.last_disposition as lastDisposition, l.next_eligible_at as nextEligibleAt, l.claimed_by as claimedBy,
  l.claimed_until as claimedUntil, l.created_at as createdAt, l.updated_at as updatedAt, l.deleted_at as deletedAt,
  l.erased_at as erasedAt`;

/** The partial index's own condition, repeated literally so SQLite can prove the index applies. */
const DIALABLE_STATUSES = `l.dnc = 0 and l.deleted_at is null and l.status in ('new','contacted','callback','interested')`;

export const RETRY_STATUSES = ['contacted', 'callback', 'interested'] as const;

export interface QueueLeadRow {
  lead: Lead;
  rowid: number;
}

export interface FollowupCandidate extends QueueLeadRow {
  followupId: string;
  kind: 'callback' | 'robot';
  dueAt: number;
}

interface Statements {
  callbacks: Statement;
  robot: Statement;
  settings: Statement;
  retries: Statement;
  newOwned: Statement;
  newPool: Statement;
  /** One statement per status: a statement cannot run two iterations at once. */
  retryOwned: Record<string, Statement>;
  retryPool: Record<string, Statement>;
  history: Statement;
}

const cache = new WeakMap<object, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db.sqlite);
  if (s) return s;
  const futureCallback = `not exists (select 1 from followups f where f.lead_id = l.id and f.kind = 'callback' and f.status = 'open' and f.deleted_at is null and f.due_at > @now)`;
  // Pre-filters the exact rules would refuse anyway: missing consent, unknown zone, a zone outside the window.
  const extra = `(@requireConsent = 0 or l.consent is not null or l.consent_at is not null)
    and (case when l.timezone is null then @needZone = 0 else (@zones is null or l.timezone in (select value from json_each(@zones))) end)`;
  const retrySql = (owner: string, status: string) =>
    `select ${LEAD_COLS} from leads l indexed by leads_owner_status_idx
     where ${owner} and l.status = '${status}' and l.dnc = 0 and l.deleted_at is null and l.next_eligible_at <= @now
       and ${extra} and ${futureCallback}
     order by l.next_eligible_at, l.rowid`;
  s = {
    callbacks: db.sqlite.prepare(
      `select f.id as _fid, f.kind as _fkind, f.due_at as _fdue, ${LEAD_COLS}
       from followups f join leads l on l.id = f.lead_id
       where f.rep_id = @rep and f.status = 'open' and f.due_at <= @now and f.kind = 'callback' and f.deleted_at is null
         and l.deleted_at is null
       order by f.due_at, f.id`,
    ),
    robot: db.sqlite.prepare(
      `select f.id as _fid, f.kind as _fkind, f.due_at as _fdue, ${LEAD_COLS}
       from followups f join leads l on l.id = f.lead_id
       where f.rep_id = @rep and f.status = 'open' and f.due_at <= @horizon and f.kind = 'robot' and f.deleted_at is null
         and (f.due_at <= @now or upper(substr(l.intent_grade,1,1)) = 'A')
         and l.deleted_at is null
       order by f.due_at, f.id
       limit @cap`,
    ),
    settings: db.sqlite.prepare(`select key, value from settings`),
    retries: db.sqlite.prepare(`select code, retry_after_min as minutes from dispositions where deleted_at is null`),
    newOwned: db.sqlite.prepare(
      `select ${LEAD_COLS} from leads l indexed by leads_queue_idx
       where l.owner_id = @rep and ${DIALABLE_STATUSES} and l.status = 'new' and l.next_eligible_at <= @now and ${extra}
       order by l.priority desc, l.next_eligible_at desc, l.rowid desc`,
    ),
    newPool: db.sqlite.prepare(
      `select ${LEAD_COLS} from leads l indexed by leads_queue_idx
       where l.owner_id is null and ${DIALABLE_STATUSES} and l.status = 'new' and l.next_eligible_at <= @now and ${extra}
       order by l.priority desc, l.next_eligible_at desc, l.rowid desc`,
    ),
    retryOwned: Object.fromEntries(RETRY_STATUSES.map((st) => [st, db.sqlite.prepare(retrySql('l.owner_id = @rep', st))])),
    retryPool: Object.fromEntries(RETRY_STATUSES.map((st) => [st, db.sqlite.prepare(retrySql('l.owner_id is null', st))])),
    history: db.sqlite.prepare(`select started_at as startedAt, ended_at as endedAt, disposition from calls where lead_id = ? and deleted_at is null order by started_at`),
  };
  cache.set(db.sqlite, s);
  return s;
}

function toRow(r: Record<string, unknown>): QueueLeadRow {
  const { _rowid, ...rest } = r;
  return { lead: toLead(rest as unknown as LeadRow), rowid: Number(_rowid) };
}

export interface QueueParams {
  repId: string;
  now: number;
  /** Pre-filter on consent (policy requires it everywhere). */
  requireConsent: boolean;
  /** Pre-filter out leads without a zone (policy blocks them). */
  needZone: boolean;
  /** Zones whose local time is inside some calling window now (null: no zone pre-filter). */
  zones: string[] | null;
}

const bind = (p: QueueParams) => ({
  rep: p.repId,
  now: p.now,
  requireConsent: p.requireConsent ? 1 : 0,
  needZone: p.needZone ? 1 : 0,
  zones: p.zones ? JSON.stringify(p.zones) : null,
});

/** The distinct lead time zones, by skipping through leads_tz_idx (one seek per zone, not a scan). */
export function distinctZones(db: Db): string[] {
  const stmt = db.sqlite.prepare(`select min(timezone) as z from leads where timezone > ?`);
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < 1000; i++) {
    const r = stmt.get(cur) as { z: string | null };
    if (r.z === null) break;
    out.push(r.z);
    cur = r.z;
  }
  return out;
}

function toFollowup(r: Record<string, unknown>): FollowupCandidate {
  const { _fid, _fkind, _fdue, ...rest } = r;
  return { ...toRow(rest), followupId: String(_fid), kind: _fkind as 'callback' | 'robot', dueAt: Number(_fdue) };
}

/** Open callbacks due now or earlier, oldest first; lazily (there can be many overdue ones). */
export function dueCallbacks(db: Db, p: QueueParams): Iterator<FollowupCandidate> {
  const it = statements(db).callbacks.iterate({ rep: p.repId, now: p.now }) as Iterator<Record<string, unknown>>;
  return {
    next() {
      const r = it.next();
      return r.done ? { done: true, value: undefined } : { done: false, value: toFollowup(r.value) };
    },
    return(value?: unknown) {
      it.return?.(value);
      return { done: true, value: undefined };
    },
  };
}

/** Robot follow-ups: grade A ones due within `horizonMs` (they are deadlines), others once due. */
export function robotFollowups(db: Db, p: QueueParams, horizonMs = 7 * 86_400_000, cap = 1000): FollowupCandidate[] {
  return (statements(db).robot.all({ rep: p.repId, now: p.now, horizon: p.now + horizonMs, cap }) as Record<string, unknown>[]).map(toFollowup);
}

const callbackStmts = new WeakMap<object, Statement>();

/** The earliest open callback of a lead, or null. */
export function openCallbackDue(db: Db, leadId: string): number | null {
  let st = callbackStmts.get(db.sqlite);
  if (!st) {
    st = db.sqlite.prepare(`select min(due_at) as dueAt from followups where lead_id = ? and kind = 'callback' and status = 'open' and deleted_at is null`);
    callbackStmts.set(db.sqlite, st);
  }
  const r = st.get(leadId) as { dueAt: number | null };
  return r.dueAt;
}

/** Every stored setting (key → parsed JSON value) in one query. */
export function storedSettings(db: Db): Map<string, unknown> {
  const rows = statements(db).settings.all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

/** Retry delay of each disposition, minutes (null: none). */
export function dispositionRetries(db: Db): Map<string, number | null> {
  const rows = statements(db).retries.all() as { code: string; minutes: number | null }[];
  return new Map(rows.map((r) => [r.code, r.minutes]));
}

/** New leads of the rep (and unowned ones), best priority first; lazily. */
export function newLeadStreams(db: Db, p: QueueParams, includePool: boolean): Iterator<QueueLeadRow>[] {
  const s = statements(db);
  const out = [mapIter(s.newOwned.iterate(bind(p)) as Iterator<Record<string, unknown>>)];
  if (includePool) out.push(mapIter(s.newPool.iterate(bind(p)) as Iterator<Record<string, unknown>>));
  return out;
}

/** Leads called before and due again, earliest due first; one lazy stream per status (and pool). */
export function retryStreams(db: Db, p: QueueParams, includePool: boolean): Iterator<QueueLeadRow>[] {
  const s = statements(db);
  const out: Iterator<QueueLeadRow>[] = [];
  for (const status of RETRY_STATUSES) {
    out.push(mapIter(s.retryOwned[status].iterate(bind(p)) as Iterator<Record<string, unknown>>));
    if (includePool) out.push(mapIter(s.retryPool[status].iterate(bind(p)) as Iterator<Record<string, unknown>>));
  }
  return out;
}

export function leadHistory(db: Db, leadId: string): Attempt[] {
  return statements(db).history.all(leadId) as Attempt[];
}

function mapIter(it: Iterator<Record<string, unknown>>): Iterator<QueueLeadRow> {
  return {
    next() {
      const r = it.next();
      return r.done ? { done: true, value: undefined } : { done: false, value: toRow(r.value) };
    },
    return(value?: unknown) {
      it.return?.(value);
      return { done: true, value: undefined };
    },
  };
}

/** Close iterators that were not read to the end (a live iterate() keeps the connection busy). */
export function closeStreams(streams: Iterator<unknown>[]): void {
  for (const s of streams) s.return?.();
}

/** Names of lists by id (for per-list policy overrides). */
export function listNames(db: Db): Map<string, string> {
  const rows = db.sqlite.prepare(`select id, name from lists where deleted_at is null`).all() as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Update the stored eligibility of one lead. */
export function setNextEligible(db: Db, leadId: string, at: number): void {
  db.sqlite.prepare(`update leads set next_eligible_at = ? where id = ?`).run(at, leadId);
}

/** Ids of leads with call history, for a full recompute (after a policy change). */
export function leadIdsWithCalls(db: Db, ownerId?: string): string[] {
  const sql = ownerId
    ? `select distinct c.lead_id as id from calls c join leads l on l.id = c.lead_id where l.owner_id = ? and l.deleted_at is null`
    : `select distinct lead_id as id from calls`;
  const rows = (ownerId ? db.sqlite.prepare(sql).all(ownerId) : db.sqlite.prepare(sql).all()) as { id: string }[];
  return rows.map((r) => r.id);
}
