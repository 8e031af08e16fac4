// The violation ledger with the names of the rep and the lead, filtered (violations list).
import type { Severity } from '../../core/types.js';
import type { Db } from '../client.js';

export interface LedgerRow {
  id: string;
  rule: string;
  severity: Severity;
  leadId: string | null;
  callId: string | null;
  repId: string | null;
  detail: Record<string, unknown>;
  occurredAt: number;
  repName: string | null;
  leadName: string | null;
  /** Whom the violation is credited to: the rep, or for a robot call (no rep) the lead's owner. */
  creditedId: string | null;
  creditedName: string | null;
}

/** SQL for whom a violation is credited to (`v` violations, `l` its lead). */
export const CREDITED_TO = 'coalesce(v.rep_id, l.owner_id)';

/** `where` holds trusted SQL fragments with ? placeholders; values go in `params`. */
export function listViolationsJoined(db: Db, where: string[], params: unknown[], limit: number): LedgerRow[] {
  const rows = db.sqlite
    .prepare(
      `select v.id, v.rule, v.severity, v.lead_id as leadId, v.call_id as callId, v.rep_id as repId, v.detail,
              v.occurred_at as occurredAt, u.username as repName, l.name as leadName,
              ${CREDITED_TO} as creditedId, cu.username as creditedName
         from violations v left join users u on u.id = v.rep_id left join leads l on l.id = v.lead_id
              left join users cu on cu.id = ${CREDITED_TO}
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by v.occurred_at desc, v.id desc limit ?`,
    )
    .all(...params, limit) as (Omit<LedgerRow, 'detail'> & { detail: string })[];
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

/** Was the number on the do-not-call list at that instant (added before, not removed before)? */
export function onDncAt(db: Db, phone: string | null, at: number): boolean {
  if (!phone) return false;
  const r = db.sqlite
    .prepare(`select 1 from dnc where phone = ? and created_at <= ? and (deleted_at is null or deleted_at > ?) limit 1`)
    .get(phone, at, at);
  return r !== undefined;
}

/** Imported external calls (robot results and other records with an external key) since `since`. */
export function importedCalls(db: Db, since: number): { id: string; leadId: string; repId: string | null; startedAt: number }[] {
  return db.sqlite
    .prepare(
      `select id, lead_id as leadId, rep_id as repId, started_at as startedAt from calls
        where started_at >= ? and deleted_at is null and (channel = 'robot' or external_key is not null)
        order by started_at`,
    )
    .all(since) as { id: string; leadId: string; repId: string | null; startedAt: number }[];
}

/** Rules already recorded for a call (so checking again adds nothing twice). */
export function rulesRecordedFor(db: Db, callId: string): Set<string> {
  const rows = db.sqlite.prepare(`select rule from violations where call_id = ?`).all(callId) as { rule: string }[];
  return new Set(rows.map((r) => r.rule));
}
