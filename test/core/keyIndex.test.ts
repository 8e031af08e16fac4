// KeyIndex's answers to a caller keeping it within a memory budget.
import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/core/import/keyIndex.js';

describe('key index memory', () => {
  it('bytesAfterAdd tells, before each add, the bytes the tables hold after it, across growth', () => {
    const k = new KeyIndex(3);
    let grewNums = 0;
    let grewOthers = 0;
    const number = (i: number) => `+88691${String(i).padStart(7, '0')}`;
    let repeats = 0;
    for (let i = 0; i < 3_000; i++) {
      // Emails, numbers, and numbers added again (a full table still grows then, as in add).
      const repeat = i % 3 !== 0 && i % 7 === 0 && k.get(number(i - 5), () => false) >= 0;
      if (repeat) repeats++;
      const key = i % 3 === 0 ? `user${i}@example.com` : repeat ? number(i - 5) : number(i);
      const before = k.bytes;
      const predicted = k.bytesAfterAdd(key);
      k.add(key, i * 2);
      expect(predicted).toBe(k.bytes);
      if (k.bytes > before) {
        if (KeyIndex.isExact(key)) grewNums++;
        else grewOthers++;
      }
    }
    expect(grewNums).toBeGreaterThan(3);
    expect(grewOthers).toBeGreaterThan(3);
    expect(repeats).toBeGreaterThan(100);
  });

  it('isExact is true only for E.164 numbers (kept exactly, answered without confirmation)', () => {
    expect(KeyIndex.isExact('+886912345678')).toBe(true);
    expect(KeyIndex.isExact('+123456789012345')).toBe(true);
    expect(KeyIndex.isExact('+1234567890123456')).toBe(false);
    expect(KeyIndex.isExact('+0912345678')).toBe(false);
    expect(KeyIndex.isExact('886912345678')).toBe(false);
    expect(KeyIndex.isExact('+')).toBe(false);
    expect(KeyIndex.isExact('a@b.co')).toBe(false);
  });
});
