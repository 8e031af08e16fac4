// The violation ledger: calls made while a lead was not dialable (a session override, or external call
// records imported later), each with the rule it broke; and the listing behind `violations list`.
import { dialableNow, type DialableReason } from '../core/dialable.js';
import { hasRole } from '../core/permissions.js';
import type { Severity, User, Violation } from '../core/types.js';
import type { Db } from '../db/client.js';
import { findLeadById } from '../db/repos/leads.js';
import { leadHistory } from '../db/repos/queue.js';
import { insertViolation } from '../db/repos/violations.js';
import { listViolationsJoined } from '../db/repos/violationsLedger.js';
import { contextFor, loadPolicy, policyForLead, type CallingPolicy } from './policy.js';

export const RULE_SEVERITY: Record<DialableReason['code'] | 'dial_override', Severity> = {
  dnc: 'high',
  no_consent: 'high',
  outside_window: 'high',
  lifetime_cap: 'medium',
  daily_cap: 'medium',
  holiday: 'medium',
  final_status: 'medium',
  unknown_timezone: 'medium',
  dial_override: 'medium',
  retry_delay: 'low',
  invalid_number: 'low',
  claimed_by_other_rep: 'low',
};

/**
 * Check a call that has been written (imported external record, or a call made by override) against the
 * rules as they stood when it started, and record one violation per broken rule. Returns the rules broken.
 * Call it after inserting the call; the call itself is excluded from the history it is judged against.
 */
export function recordCallViolations(
  db: Db,
  call: { id: string; leadId: string; repId: string | null; startedAt: number },
  now: number,
  policy: CallingPolicy = loadPolicy(db),
): string[] {
  const lead = findLeadById(db, call.leadId);
  if (!lead) return [];
  const history = leadHistory(db, call.leadId).filter((a) => a.startedAt < call.startedAt);
  // Judge the lead as it was: claims by the same rep or a later DNC flag are not the caller's fault.
  const judged = { ...lead, claimedBy: null, claimedUntil: null };
  const result = dialableNow(judged, history, policyForLead(policy, lead), call.startedAt, contextFor(policy, null));
  const rules: string[] = [];
  for (const r of result.reasons) {
    if (r.code === 'claimed_by_other_rep') continue;
    insertViolation(db, { rule: r.code, severity: RULE_SEVERITY[r.code], leadId: lead.id, callId: call.id, repId: call.repId, detail: { ...r }, occurredAt: call.startedAt }, now);
    rules.push(r.code);
  }
  return rules;
}

export interface ViolationFilter {
  from?: number;
  to?: number;
  rule?: string;
  limit?: number;
}

export interface ViolationRow extends Violation {
  repName: string | null;
  leadName: string | null;
}

/** Newest first. A rep sees only their own violations; team leads and admins see all. */
export function listViolationRows(db: Db, viewer: User, f: ViolationFilter = {}): ViolationRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.from !== undefined) {
    where.push('v.occurred_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    where.push('v.occurred_at < ?');
    params.push(f.to);
  }
  if (f.rule) {
    where.push('v.rule = ?');
    params.push(f.rule);
  }
  if (!hasRole(viewer, 'lead')) {
    where.push('v.rep_id = ?');
    params.push(viewer.id);
  }
  return listViolationsJoined(db, where, params, f.limit ?? 200);
}

