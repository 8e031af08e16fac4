// The import's claimed keys within a memory budget: past it, keys go to a TEMP table, and every
// answer stays that of one unbounded KeyIndex.
import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/core/import/keyIndex.js';
import type { Db } from '../../src/db/client.js';
import { CLAIMED_KEYS_TABLE, ClaimedKeys } from '../../src/db/repos/importKeys.js';
import { testDb } from '../helpers/db.js';

const tempTables = (db: Db) => db.sqlite.prepare("select name from sqlite_temp_master where type = 'table' order by name").pluck().all() as string[];
const spilledRows = (db: Db) => db.sqlite.prepare(`select count(*) from temp.${CLAIMED_KEYS_TABLE}`).pluck().get() as number;

const phone = (i: number) => `+8869${String((i * 7919) % 100_000_000).padStart(8, '0')}`;
const rejectAll = () => false;

/** Different emails with the same 32-bit hash (found once by searching `c${i}@example.com`). */
const COLLIDING: [string, string][] = [
  ['c693596@example.com', 'c1170850@example.com'],
  ['c693597@example.com', 'c1170851@example.com'],
  ['c693594@example.com', 'c1170852@example.com'],
  ['c693595@example.com', 'c1170853@example.com'],
  ['c693592@example.com', 'c1170854@example.com'],
  ['c693593@example.com', 'c1170855@example.com'],
];

/**
 * An import's claims as the service makes them: staged rows (seq → its keys), each key added with
 * seq * 2 + flag (1 for an extra number), confirmed against the row it points to.
 */
function importScenario() {
  const rows: string[][] = [[]];
  const plan: { key: string; flag: number }[][] = [];
  for (let seq = 1; seq <= 12_000; seq++) {
    const keys: { key: string; flag: number }[] = [{ key: phone(seq), flag: 0 }];
    if (seq % 5 === 0) keys.push({ key: phone(200_000 + seq), flag: 1 });
    if (seq % 2 === 0) keys.push({ key: `user${seq}@example.com`, flag: 0 });
    // Not E.164 (leading 0, too long): kept by hash like emails.
    if (seq % 50 === 0) keys.push({ key: `+0${seq}`, flag: 1 });
    if (seq % 70 === 0) keys.push({ key: `+1234567890${String(seq).padStart(6, '0')}`, flag: 0 });
    // Keys claimed before by another row (in memory or spilled): the first add must win.
    if (seq % 97 === 0) keys.push({ key: phone(seq - 300), flag: 1 });
    if (seq % 89 === 0 && (seq - 302) % 2 === 0) keys.push({ key: `user${seq - 302}@example.com`, flag: 0 });
    if (seq % 211 === 0) keys.push({ key: phone(200_000 + seq - 205), flag: 0 });
    // Emails whose hash another key has: one of a pair in memory and the other never claimed, one
    // spilled and the other never claimed, one in memory and the other spilled.
    const early = [10, 20, -1, -1, 30, 40].indexOf(seq);
    if (early >= 0) keys.push({ key: COLLIDING[early][0], flag: 0 });
    const late = [-1, -1, 9_000, 11_000, 9_500, 11_500].indexOf(seq);
    if (late >= 0) keys.push({ key: COLLIDING[late][late < 4 ? 0 : 1], flag: 0 });
    plan.push(keys);
    rows.push(keys.map((k) => k.key));
  }
  const confirm = (key: string) => (v: number) => rows[v >>> 1]?.includes(key) ?? false;
  const added = plan.flat().map((k) => k.key);
  const misses = [
    ...Array.from({ length: 500 }, (_, i) => phone(50_000 + i)),
    ...Array.from({ length: 500 }, (_, i) => `nobody${i}@example.com`),
    ...Array.from({ length: 50 }, (_, i) => `+0${i * 50 + 1}`),
    ...COLLIDING.slice(0, 4).map((p) => p[1]),
  ];
  return { plan, confirm, added, misses };
}

describe('claimed keys within a memory budget', () => {
  it('past the budget keys go to a TEMP table and every answer is the unbounded index’s', () => {
    const db = testDb();
    db.sqlite.exec('BEGIN IMMEDIATE');
    const budget = 12 * 1024;
    const keys = new ClaimedKeys(db, budget);
    const ref = new KeyIndex();
    const { plan, confirm, added, misses } = importScenario();
    for (const [a, b] of COLLIDING) expect(KeyIndex.hash(a)).toBe(KeyIndex.hash(b));
    expect(added.length).toBeGreaterThan(20_000);
    const wrong: string[] = [];
    let spilledAt = -1;
    let peakBytes = 0;
    for (let r = 0; r < plan.length; r++) {
      const seq = r + 1;
      for (const { key, flag } of plan[r]) {
        // Looked up before claiming, as the import does.
        if (keys.get(key, confirm(key)) !== ref.get(key, confirm(key))) wrong.push(`before add: ${key}`);
        keys.add(key, seq * 2 + flag);
        ref.add(key, seq * 2 + flag);
        peakBytes = Math.max(peakBytes, keys.bytes);
        if (spilledAt < 0 && keys.spilled > 0) spilledAt = ref.size;
      }
    }
    expect(peakBytes).toBeLessThanOrEqual(budget);
    // Spilled after about a thousand keys; the memory was used first (one growth within the budget).
    expect(spilledAt).toBeGreaterThan(300);
    expect(spilledAt).toBeLessThan(1_500);
    expect(keys.bytes).toBeGreaterThan(budget / 2);
    expect(keys.size).toBe(ref.size);
    expect(tempTables(db)).toContain(CLAIMED_KEYS_TABLE);
    expect(keys.spilled).toBe(spilledRows(db));
    expect(keys.spilled).toBeGreaterThan(18_000);

    const unique = new Set(added);
    let found = 0;
    for (const key of [...unique, ...misses]) {
      const want = ref.get(key, confirm(key));
      if (want >= 0) found++;
      if (keys.get(key, confirm(key)) !== want) wrong.push(key);
      // Without confirmation only numbers are answered.
      if (keys.get(key, rejectAll) !== ref.get(key, rejectAll)) wrong.push(`unconfirmed: ${key}`);
    }
    expect(wrong).toEqual([]);
    // Every claimed key found, no miss (collision partners included).
    expect(found).toBe(unique.size);
    db.sqlite.exec('ROLLBACK');
    db.close();
  });

  it('the first add of a key wins and a number is counted once, on both sides of the budget', () => {
    const db = testDb();
    db.sqlite.exec('BEGIN IMMEDIATE');
    // 64 slots: 48 numbers fit in memory.
    const keys = new ClaimedKeys(db, 1024);
    for (let i = 0; i < 48; i++) keys.add(phone(i), i * 2);
    keys.add('early@example.com', 200);
    expect(keys.spilled).toBe(0);
    keys.add(phone(48), 97);
    expect(keys.spilled).toBe(1);
    // In memory first, then again past the budget.
    keys.add(phone(3), 1);
    keys.add('early@example.com', 300);
    // Spilled first, then again.
    keys.add(phone(48), 0);
    keys.add('late@example.com', 400);
    keys.add('late@example.com', 500);
    const rows: Record<number, string> = { 100: 'early@example.com', 150: 'early@example.com', 200: 'late@example.com', 250: 'late@example.com' };
    const confirm = (key: string) => (v: number) => rows[v >>> 1] === key;
    expect(keys.get(phone(3), rejectAll)).toBe(0);
    expect(keys.get(phone(48), rejectAll)).toBe(1);
    expect(keys.get('early@example.com', confirm('early@example.com'))).toBe(200);
    expect(keys.get('late@example.com', confirm('late@example.com'))).toBe(400);
    // Numbers once each (49), emails at every add (4), as KeyIndex counts them.
    expect(keys.size).toBe(53);
    expect(spilledRows(db)).toBe(3);
    db.sqlite.exec('ROLLBACK');
    db.close();
  });

  it('the table is made inside the transaction: a ROLLBACK leaves no temp table', () => {
    const db = testDb();
    // Made before the transaction: the table must still come with the first spilled key.
    const keys = new ClaimedKeys(db, 1024);
    db.sqlite.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 200; i++) keys.add(phone(i), i * 2);
    expect(keys.spilled).toBeGreaterThan(0);
    expect(tempTables(db)).toEqual([CLAIMED_KEYS_TABLE]);
    db.sqlite.exec('ROLLBACK');
    expect(tempTables(db)).toEqual([]);
    keys.drop();
    expect(tempTables(db)).toEqual([]);
    db.close();
  });

  it('drop() removes the table before COMMIT (TEMP tables outlive it); a later import starts empty', () => {
    const db = testDb();
    db.sqlite.exec('BEGIN IMMEDIATE');
    const first = new ClaimedKeys(db, 1024);
    for (let i = 0; i < 200; i++) first.add(phone(i), i * 2);
    first.drop();
    db.sqlite.exec('COMMIT');
    expect(tempTables(db)).toEqual([]);
    expect(() => first.get(phone(1), rejectAll)).toThrow(/drop/);
    expect(() => first.add(phone(1), 0)).toThrow(/drop/);

    // An import that committed without drop() leaves its keys on the connection: not claimed here.
    db.sqlite.exec('BEGIN IMMEDIATE');
    const careless = new ClaimedKeys(db, 1024);
    for (let i = 0; i < 200; i++) careless.add(phone(i), i * 2);
    db.sqlite.exec('COMMIT');
    expect(tempTables(db)).toEqual([CLAIMED_KEYS_TABLE]);
    db.sqlite.exec('BEGIN IMMEDIATE');
    const next = new ClaimedKeys(db, 1024);
    for (let i = 1_000; i < 1_100; i++) next.add(phone(i), 0);
    expect(next.spilled).toBeGreaterThan(0);
    expect(next.get(phone(150), rejectAll)).toBe(-1);
    expect(next.get(phone(1_090), rejectAll)).toBe(0);
    expect(spilledRows(db)).toBe(next.spilled);
    next.drop();
    db.sqlite.exec('COMMIT');
    expect(tempTables(db)).toEqual([]);
    db.close();
  });

  it('with the default budget an import of a million keys stays in memory and makes no table', () => {
    const db = testDb();
    db.sqlite.exec('BEGIN IMMEDIATE');
    const keys = new ClaimedKeys(db);
    const ref = new KeyIndex();
    for (let i = 0; i < 1_000_000; i++) {
      const key = i % 4 === 0 ? `user${i}@example.com` : phone(i);
      keys.add(key, i * 2);
      ref.add(key, i * 2);
    }
    expect(keys.spilled).toBe(0);
    expect(keys.bytes).toBe(ref.bytes);
    expect(keys.size).toBe(1_000_000);
    expect(keys.get(phone(1), rejectAll)).toBe(0);
    expect(tempTables(db)).toEqual([]);
    keys.drop();
    db.sqlite.exec('COMMIT');
    db.close();
  });
});
