import { describe, expect, it } from 'vitest';
import { followupGroup, mergeSorted, rankQueue, type QueueReasonKind } from '../../src/core/queue.js';

const NOW = 1_000_000_000;
const c = (leadId: string, kind: QueueReasonKind, opts: { dueAt?: number; priority?: number } = {}) => ({ leadId, reason: { kind, dueAt: opts.dueAt }, priority: opts.priority ?? 0 });

describe('queue ranking', () => {
  it('orders the groups, each by due time or priority', () => {
    const ranked = rankQueue([
      c('r2', 'retry', { dueAt: 50 }),
      c('n1', 'new', { priority: 1 }),
      c('r1', 'retry', { dueAt: 10 }),
      c('b', 'robot_b', { dueAt: 5 }),
      c('n9', 'new', { priority: 9 }),
      c('a2', 'robot_a', { dueAt: 30 }),
      c('a1', 'robot_a', { dueAt: 20 }),
      c('due', 'callback_due', { dueAt: 99 }),
      c('late2', 'callback_overdue', { dueAt: 2 }),
      c('late1', 'callback_overdue', { dueAt: 1 }),
    ]);
    expect(ranked.map((x) => x.leadId)).toEqual(['late1', 'late2', 'due', 'a1', 'a2', 'b', 'n9', 'n1', 'r1', 'r2']);
  });

  it('keeps ties in input order and each lead once, in its best group', () => {
    const ranked = rankQueue([c('x', 'new', { priority: 3 }), c('y', 'new', { priority: 3 }), c('z', 'new', { priority: 3 }), c('y', 'callback_due', { dueAt: 1 }), c('x', 'retry', { dueAt: 0 })]);
    expect(ranked.map((r) => [r.leadId, r.reason.kind])).toEqual([
      ['y', 'callback_due'],
      ['x', 'new'],
      ['z', 'new'],
    ]);
  });

  it('puts follow-ups in their group: overdue after the grace period, robot by grade', () => {
    expect(followupGroup('callback', NOW - 15 * 60_000, null, NOW, 15)).toBe('callback_due');
    expect(followupGroup('callback', NOW - 15 * 60_000 - 1, null, NOW, 15)).toBe('callback_overdue');
    expect(followupGroup('callback', NOW + 1, 'A', NOW, 15)).toBe('callback_due');
    expect(followupGroup('robot', NOW, 'A', NOW, 15)).toBe('robot_a');
    expect(followupGroup('robot', NOW, ' a+ ', NOW, 15)).toBe('robot_a');
    expect(followupGroup('robot', NOW, 'B', NOW, 15)).toBe('robot_b');
    expect(followupGroup('robot', NOW, null, NOW, 15)).toBe('robot_b');
  });

  it('merges sorted streams lazily and stably', () => {
    let pulled = 0;
    function* counted(xs: number[]) {
      for (const x of xs) {
        pulled++;
        yield x;
      }
    }
    const merged = mergeSorted([counted([1, 4, 9]), counted([2, 3, 10]), counted([])], (a, b) => a - b);
    const first = [merged.next().value, merged.next().value, merged.next().value];
    expect(first).toEqual([1, 2, 3]);
    expect(pulled).toBeLessThanOrEqual(5);
    expect([...merged]).toEqual([4, 9, 10]);
    const tagged = [...mergeSorted([[{ k: 1, s: 'a' }][Symbol.iterator](), [{ k: 1, s: 'b' }][Symbol.iterator]()], (a, b) => a.k - b.k)];
    expect(tagged.map((t) => t.s)).toEqual(['a', 'b']);
  });
});
