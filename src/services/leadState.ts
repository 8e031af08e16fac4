// A lead's stored eligibility (leads.next_eligible_at), recomputed from its call history under the
// current policy. The session (after a wrap-up) and the robot import (after writing calls) call
// refreshLeadEligibility; a policy change can recompute every lead with refreshAllEligibility.
import { nextEligibleAfterCall } from '../core/dialable.js';
import type { Db } from '../db/client.js';
import { findLeadById } from '../db/repos/leads.js';
import { leadHistory, leadIdsWithCalls, setNextEligible } from '../db/repos/queue.js';
import { findUserById } from '../db/repos/users.js';
import { contextFor, loadPolicy, policyForLead, repZone, type CallingPolicy } from './policy.js';

/** Recompute and store one lead's next_eligible_at. Returns the stored value (null: no such lead). */
export function refreshLeadEligibility(db: Db, leadId: string, now: number, policy: CallingPolicy = loadPolicy(db)): number | null {
  const lead = findLeadById(db, leadId);
  if (!lead) return null;
  const owner = lead.ownerId ? findUserById(db, lead.ownerId) : undefined;
  const ctx = contextFor(policy, owner ?? null, owner ? repZone(db, owner) : null);
  const at = nextEligibleAfterCall(lead, leadHistory(db, leadId), policyForLead(policy, lead), now, ctx);
  setNextEligible(db, leadId, at);
  return at;
}

/** Recompute every lead that has calls (optionally one owner's), in one write transaction. */
export function refreshAllEligibility(db: Db, now: number, ownerId?: string): number {
  const policy = loadPolicy(db);
  const ids = leadIdsWithCalls(db, ownerId);
  db.write(() => {
    for (const id of ids) refreshLeadEligibility(db, id, now, policy);
  });
  return ids.length;
}
