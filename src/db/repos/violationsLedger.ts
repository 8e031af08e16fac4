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
}

/** `where` holds trusted SQL fragments with ? placeholders; values go in `params`. */
export function listViolationsJoined(db: Db, where: string[], params: unknown[], limit: number): LedgerRow[] {
  const rows = db.sqlite
    .prepare(
      `select v.id, v.rule, v.severity, v.lead_id as leadId, v.call_id as callId, v.rep_id as repId, v.detail,
              v.occurred_at as occurredAt, u.username as repName, l.name as leadName
         from violations v left join users u on u.id = v.rep_id left join leads l on l.id = v.lead_id
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by v.occurred_at desc, v.id desc limit ?`,
    )
    .all(...params, limit) as (Omit<LedgerRow, 'detail'> & { detail: string })[];
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
