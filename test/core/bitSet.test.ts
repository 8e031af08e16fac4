import { describe, expect, it } from 'vitest';
import { BitSet } from '../../src/core/import/bitSet.js';

describe('BitSet', () => {
  it('holds exactly the integers added, across word boundaries and growth', () => {
    const set = new BitSet();
    const added = [0, 1, 31, 32, 33, 63, 64, 1000, 32_767, 32_768, 1_000_003, 5_000_000];
    for (const n of added) set.add(n);
    for (const n of added) expect(set.has(n)).toBe(true);
    for (const n of [2, 30, 34, 62, 65, 999, 1001, 32_769, 1_000_002, 4_999_999, 5_000_001, 50_000_000]) expect(set.has(n)).toBe(false);
  });

  it('matches a Set on random rowids, and costs one bit per integer up to the largest', () => {
    const set = new BitSet();
    const ref = new Set<number>();
    let x = 12345;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const n = x % 1_000_000;
      if (i % 2) {
        set.add(n);
        ref.add(n);
      }
      expect(set.has(n)).toBe(ref.has(n));
    }
    expect(set.bytes).toBeLessThanOrEqual(2 * (1_000_000 / 8));
  });

  it('takes rowids past 2^31 without a giant bitmap, and refuses what is not a rowid', () => {
    const set = new BitSet();
    set.add(2 ** 40);
    expect(set.has(2 ** 40)).toBe(true);
    expect(set.has(2 ** 40 + 1)).toBe(false);
    expect(set.bytes).toBe(4096);
    expect(() => set.add(-1)).toThrow(RangeError);
    expect(() => set.add(1.5)).toThrow(RangeError);
  });
});
