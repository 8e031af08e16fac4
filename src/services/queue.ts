// Who to call now and why (the non-interactive view of the session queue), and `leads why`.
// SQL narrows the candidates with indexes (next_eligible_at, status, owner, zones inside the window);
// the exact rules (core/dialable) run on the few rows read, lazily, until the queue is full.
import { dialableNow, insideWindow, type DialableResult } from '../core/dialable.js';
import { refused } from '../core/errors.js';
import { hasRole } from '../core/permissions.js';
import { effectiveWindow, HARD_WINDOW, type Policy } from '../core/policy.js';
import { followupGroup, mergeSorted, rankQueue, type QueueReason } from '../core/queue.js';
import type { Lead, User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { resolveLead } from './leads.js';
import { closeStreams, distinctZones, dueCallbacks, leadHistory, openCallbackDue, robotFollowups, newLeadStreams, retryStreams, type QueueLeadRow, type QueueParams } from '../db/repos/queue.js';
import { contextFor, loadPolicy, policyForLead, repZone, sqlPrefilters, type CallingPolicy } from './policy.js';

export interface QueueEntry {
  lead: Lead;
  reason: QueueReason;
  dialable: DialableResult;
  /** The lead's local time now ('HH:MM'), null when its zone is unknown. */
  localTime: string | null;
}

export interface BuildQueueOptions {
  rep: User;
  now: number;
  limit: number;
  /** Also list candidates that are not dialable now, with their reasons. */
  includeBlocked?: boolean;
  /** Include unowned leads (the shared pool). Default true. */
  includePool?: boolean;
  filter?: { listId?: string };
  /** Stop after examining this many candidates (guards a night-time scan). Default max(2000, 40 × limit). */
  maxScan?: number;
}

export interface QueueResult {
  entries: QueueEntry[];
  /** Candidates examined with the exact rules. */
  examined: number;
  /** The scan stopped at maxScan before the queue was full. */
  truncated: boolean;
}

/** The widest window any policy in force allows (for the zone pre-filter). */
function widestPolicy(p: CallingPolicy): Policy {
  const all = [p.base, ...[...Object.values(p.overrides.country), ...Object.values(p.overrides.list)].map((x) => ({ ...p.base, ...x }))];
  const starts = all.map((x) => effectiveWindow(x).startText).sort();
  const ends = all.map((x) => effectiveWindow(x).endText).sort();
  return { ...p.base, windowStart: starts[0] ?? HARD_WINDOW.start, windowEnd: ends[ends.length - 1] ?? HARD_WINDOW.end };
}

function queueParams(db: Db, p: CallingPolicy, rep: User, now: number): QueueParams {
  const pre = sqlPrefilters(p);
  const widest = widestPolicy(p);
  const zones = distinctZones(db).filter((z) => {
    try {
      return insideWindow(now, z, widest);
    } catch {
      return true; // an invalid zone name: let the exact rules explain it
    }
  });
  return { repId: rep.id, now, requireConsent: pre.requireConsent, needZone: pre.needZone, zones };
}

export function buildQueue(db: Db, opts: BuildQueueOptions): QueueResult {
  const { rep, now, limit } = opts;
  const policy = loadPolicy(db);
  const ctx = contextFor(policy, rep, repZone(db, rep));
  const maxScan = opts.maxScan ?? Math.max(2000, limit * 40);
  const entries: QueueEntry[] = [];
  const seen = new Set<string>();
  let examined = 0;
  let truncated = false;

  const consider = (lead: Lead, reason: QueueReason): boolean => {
    if (seen.has(lead.id)) return entries.length >= limit;
    seen.add(lead.id);
    examined++;
    if (opts.filter?.listId && lead.listId !== opts.filter.listId) {
      if (examined >= maxScan) truncated = true;
      return truncated;
    }
    const history = leadHistory(db, lead.id);
    const dialable = dialableNow(lead, history, policyForLead(policy, lead), now, ctx);
    if (reason.kind === 'retry') reason = { ...reason, attempt: history.length + 1 };
    if (dialable.ok || opts.includeBlocked) entries.push({ lead, reason, dialable, localTime: dialable.localTime });
    if (entries.length >= limit) return true;
    if (examined >= maxScan) {
      truncated = true;
      return true;
    }
    return false;
  };

  if (limit <= 0) return { entries, examined, truncated };

  const params = queueParams(db, policy, rep, now);
  // Asked for blocked leads too: no zone pre-filter, so night-time zones show with their reason.
  if (opts.includeBlocked) params.zones = null;
  const grace = policy.base.callbackGraceMin;

  // Callbacks due (oldest first: overdue ones come first by construction), lazily.
  const callbacks = dueCallbacks(db, params);
  try {
    for (let r = callbacks.next(); !r.done; r = callbacks.next()) {
      const f = r.value;
      const reason: QueueReason = { kind: followupGroup('callback', f.dueAt, null, now, grace), dueAt: f.dueAt, followupId: f.followupId };
      if (consider(f.lead, reason)) return { entries, examined, truncated };
    }
  } finally {
    callbacks.return?.();
  }

  // Robot follow-ups: few rows, ranked in full (grade A before B, each by due time).
  const robot = rankQueue(
    robotFollowups(db, params).map((f) => ({
      leadId: f.lead.id,
      priority: f.lead.priority,
      lead: f.lead,
      reason: { kind: followupGroup('robot', f.dueAt, f.lead.intentGrade, now, grace), dueAt: f.dueAt, followupId: f.followupId } as QueueReason,
    })),
  );
  for (const f of robot) if (consider(f.lead, f.reason)) return { entries, examined, truncated };

  // New leads by priority, then retries by due time: lazy merged streams.
  const includePool = opts.includePool ?? true;
  const byPriority = (a: QueueLeadRow, b: QueueLeadRow) => b.lead.priority - a.lead.priority || b.lead.nextEligibleAt - a.lead.nextEligibleAt || b.rowid - a.rowid;
  const byDue = (a: QueueLeadRow, b: QueueLeadRow) => a.lead.nextEligibleAt - b.lead.nextEligibleAt || a.rowid - b.rowid;
  const groups: [Iterator<QueueLeadRow>[], (a: QueueLeadRow, b: QueueLeadRow) => number, 'new' | 'retry'][] = [
    [newLeadStreams(db, params, includePool), byPriority, 'new'],
    [retryStreams(db, params, includePool), byDue, 'retry'],
  ];
  try {
    for (const [streams, cmp, kind] of groups) {
      for (const row of mergeSorted(streams, cmp)) {
        const reason: QueueReason = kind === 'retry' ? { kind, dueAt: row.lead.nextEligibleAt } : { kind };
        if (consider(row.lead, reason)) return { entries, examined, truncated };
      }
    }
  } finally {
    for (const [streams] of groups) closeStreams(streams);
  }
  return { entries, examined, truncated };
}

// ---- leads why ---------------------------------------------------------------------------


export { resolveLead };

export interface LeadExplanation {
  lead: Lead;
  dialable: DialableResult;
  policy: { windowStart: string; windowEnd: string; dailyCap: number; lifetimeCap: number; requireConsent: boolean; skipHolidays: boolean; unknownTimezone: string };
  lastCall: { at: number; disposition: string | null } | null;
  openCallback: { dueAt: number } | null;
}

export function explainLead(db: Db, leadRef: string, rep: User, now: number): LeadExplanation {
  const lead = resolveLead(db, leadRef);
  if (!hasRole(rep, 'lead') && lead.ownerId !== null && lead.ownerId !== rep.id) {
    throw refused('queue.error.not_your_lead', { lead: leadRef, user: rep.username });
  }
  const policyAll = loadPolicy(db);
  const policy = policyForLead(policyAll, lead);
  const history = leadHistory(db, lead.id);
  const dialable = dialableNow(lead, history, policy, now, contextFor(policyAll, rep, repZone(db, rep)));
  const last = history.length ? history[history.length - 1] : null;
  const callbackDue = openCallbackDue(db, lead.id);
  const win = effectiveWindow(policy);
  return {
    lead,
    dialable,
    policy: {
      windowStart: win.startText,
      windowEnd: win.endText,
      dailyCap: policy.dailyCap,
      lifetimeCap: policy.lifetimeCap,
      requireConsent: policy.requireConsent,
      skipHolidays: policy.skipHolidays,
      unknownTimezone: policy.unknownTimezone,
    },
    lastCall: last ? { at: last.startedAt, disposition: last.disposition } : null,
    openCallback: callbackDue !== null ? { dueAt: callbackDue } : null,
  };
}
