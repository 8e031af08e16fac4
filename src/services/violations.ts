// The violation ledger: calls made while a lead was not dialable (a session override, or external call
// records imported later), each with the rule it broke; and the listing behind `violations list`.
import { dialableNow, type DialableReason } from '../core/dialable.js';
import { requireRole } from '../core/permissions.js';
import type { Severity, User, Violation } from '../core/types.js';
import type { Db } from '../db/client.js';
import { findLeadById } from '../db/repos/leads.js';
import { leadHistory } from '../db/repos/queue.js';
import { insertViolation } from '../db/repos/violations.js';
import { CREDITED_TO, importedCalls, listViolationsJoined, onDncAt, rulesRecordedFor } from '../db/repos/violationsLedger.js';
import { contextFor, loadPolicy, policyForLead, type CallingPolicy } from './policy.js';
import { visibleRepIds } from './scope.js';

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

/** Rules judged on a past call: the lead's status now may be the call's own outcome, so it is not held against it. */
const NOT_JUDGED_AFTER_THE_FACT: ReadonlySet<string> = new Set(['claimed_by_other_rep', 'final_status', 'invalid_number']);

/**
 * Check a call that has been written (imported external record, or a call made by override) against the
 * rules as they stood when it started, and record one violation per broken rule (never the same rule twice
 * for one call). Returns the rules newly recorded. The call itself is left out of the history it is
 * judged against; DNC is judged by the list as it was at that instant, consent by its recorded time.
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
  const consentLater = lead.consentAt !== null && lead.consentAt > call.startedAt;
  const judged = {
    ...lead,
    claimedBy: null,
    claimedUntil: null,
    dnc: onDncAt(db, lead.phone, call.startedAt),
    consent: consentLater ? null : lead.consent,
    consentAt: consentLater ? null : lead.consentAt,
  };
  const result = dialableNow(judged, history, policyForLead(policy, lead), call.startedAt, contextFor(policy, null));
  const already = rulesRecordedFor(db, call.id);
  const rules: string[] = [];
  for (const r of result.reasons) {
    if (NOT_JUDGED_AFTER_THE_FACT.has(r.code) || already.has(r.code)) continue;
    insertViolation(db, { rule: r.code, severity: RULE_SEVERITY[r.code], leadId: lead.id, callId: call.id, repId: call.repId, detail: { ...r }, occurredAt: call.startedAt }, now);
    rules.push(r.code);
  }
  return rules;
}

/** Judge every imported external call since `since` (idempotent). Team leads and admins. */
export function checkImportedCalls(db: Db, actor: User, since: number, now: number): { calls: number; violations: number; byRule: Record<string, number> } {
  requireRole(actor, 'lead', 'violations check');
  const policy = loadPolicy(db);
  const calls = importedCalls(db, since);
  const byRule: Record<string, number> = {};
  let violations = 0;
  db.write(() => {
    for (const c of calls) {
      for (const rule of recordCallViolations(db, c, now, policy)) {
        byRule[rule] = (byRule[rule] ?? 0) + 1;
        violations++;
      }
    }
  });
  return { calls: calls.length, violations, byRule };
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
  creditedId: string | null;
  creditedName: string | null;
}

/**
 * Newest first, in the actor's scope (services/scope.ts, as in the report and `export violations`): a
 * rep their own, a team lead their team's, an admin all. A robot call's violation (no rep) is
 * credited to the lead's owner.
 */
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
  const scope = visibleRepIds(db, viewer);
  if (scope) {
    where.push(scope.length ? `${CREDITED_TO} in (${scope.map(() => '?').join(',')})` : '0');
    params.push(...scope);
  }
  return listViolationsJoined(db, where, params, f.limit ?? 200);
}

