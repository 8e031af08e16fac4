// Queue ranking (pure): overdue callbacks, callbacks due now, robot grade A, robot grade B, new leads by
// priority, then retries; inside each group by due time (callbacks, robot, retries) or priority (new),
// ties kept in input order. A lead appears once, in its best group.

export type QueueReasonKind = 'callback_overdue' | 'callback_due' | 'robot_a' | 'robot_b' | 'new' | 'retry';

export const QUEUE_GROUPS: readonly QueueReasonKind[] = ['callback_overdue', 'callback_due', 'robot_a', 'robot_b', 'new', 'retry'];

export interface QueueReason {
  kind: QueueReasonKind;
  /** Due time of the callback / robot follow-up, or when a retry became due. */
  dueAt?: number;
  /** The attempt this call would be (retries). */
  attempt?: number;
  followupId?: string;
}

export interface RankInput {
  leadId: string;
  reason: QueueReason;
  priority: number;
}

/** Which group a follow-up candidate belongs to. */
export function followupGroup(kind: 'callback' | 'robot', dueAt: number, grade: string | null, now: number, graceMin: number): QueueReasonKind {
  if (kind === 'callback') return dueAt < now - graceMin * 60_000 ? 'callback_overdue' : 'callback_due';
  return (grade ?? '').trim().toUpperCase().startsWith('A') ? 'robot_a' : 'robot_b';
}

function groupIndex(k: QueueReasonKind): number {
  return QUEUE_GROUPS.indexOf(k);
}

/** Compare two candidates of the same group. */
function withinGroup(a: RankInput, b: RankInput): number {
  if (a.reason.kind === 'new') return b.priority - a.priority;
  return (a.reason.dueAt ?? 0) - (b.reason.dueAt ?? 0);
}

export function compareQueue(a: RankInput, b: RankInput): number {
  return groupIndex(a.reason.kind) - groupIndex(b.reason.kind) || withinGroup(a, b);
}

/** Rank candidates (stable) and keep each lead once, in its best place. */
export function rankQueue<T extends RankInput>(candidates: readonly T[]): T[] {
  const sorted = candidates.map((c, i) => ({ c, i })).sort((x, y) => compareQueue(x.c, y.c) || x.i - y.i);
  const seen = new Set<string>();
  const out: T[] = [];
  for (const { c } of sorted) {
    if (seen.has(c.leadId)) continue;
    seen.add(c.leadId);
    out.push(c);
  }
  return out;
}

/**
 * Merge streams each already sorted by `compare` into one sorted stream (lazy: reads one item ahead
 * per stream). Ties go to the earlier stream, so the merge is stable.
 */
export function* mergeSorted<T>(streams: Iterator<T>[], compare: (a: T, b: T) => number): Generator<T> {
  const heads: (IteratorResult<T> | null)[] = streams.map((s) => s.next());
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (!h || h.done) continue;
      if (best < 0 || compare(h.value, (heads[best] as IteratorYieldResult<T>).value) < 0) best = i;
    }
    if (best < 0) return;
    const value = (heads[best] as IteratorYieldResult<T>).value;
    heads[best] = streams[best].next();
    yield value;
  }
}
