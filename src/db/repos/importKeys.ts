// The keys (numbers and emails) an import has claimed, within a memory budget. A KeyIndex holds
// 8–16 bytes a key and doubles its tables as it grows: unbounded, a file of ~12M+ rows passes the
// import's memory bound. ClaimedKeys keeps keys in a KeyIndex while its tables fit the budget, and
// every later key in a TEMP table (file-backed like the staging tables: disk, not memory; its pages
// go through the temp page cache that beginImport sets). Answers are those of one unbounded
// KeyIndex: the in-memory keys were all added before any spilled one, so looking in memory first,
// then in the table, finds the first add of a key; numbers keep only the flag of their value, and
// other keys are still answered only when `confirm` accepts the value.
//
// The budget bounds `bytes` after every add (checked before a table doubles). Tables are powers of
// two, so the index stops between half the budget and the budget (16 MiB: an 8 MiB numbers table,
// as 16 MiB + the emails' 64 KiB would pass it); while a table doubles, the old one is held too.
// Past the budget every key costs an SQL statement, and one lookup for each `get` that memory misses:
// 3M numbers under 16 MiB took about 9 µs a spilled key (get + add) against under 1 µs in memory,
// two thirds of it temp page I/O through beginImport's 4 MB temp cache (2-core machine, loaded).
//
// The table is created on the first spilled key, inside the import's transaction: a ROLLBACK
// removes it. TEMP tables belong to the connection and outlive a COMMIT: the owner of the
// transaction calls `drop()` before committing. One ClaimedKeys at a time per connection (the
// table name is fixed).
import { KeyIndex } from '../../core/import/keyIndex.js';
import type { Db } from '../client.js';
import { translateSqliteError } from '../client.js';
import type { Statement } from '../sqlite.js';

export const CLAIMED_KEYS_TABLE = 'import_claimed_keys';
/**
 * Memory the in-memory index may hold by default (its `bytes`): about 1.5M numbers, so files up to
 * that size never touch the disk, while the import's peak stays under 300 MB whatever the file's size.
 */
export const DEFAULT_CLAIMED_KEYS_BUDGET = 32 * 1024 * 1024;

/** KeyIndex's default start: 2^12 slots, 16 bytes a slot across its tables (64 KiB). */
const MAX_START_LOG2 = 12;
const SLOT_BYTES = 16;

export class ClaimedKeys {
  private readonly index: KeyIndex;
  /** Set once a key would take the index past the budget: every later key goes to the table. */
  private spilling: boolean;
  private insert: Statement | null = null;
  private lookup: Statement | null = null;
  /** Rows in the table. */
  private rows = 0;
  /** What an unbounded KeyIndex would count for the spilled adds (see add). */
  private spilledSize = 0;
  private dropped = false;

  constructor(
    private readonly db: Db,
    private readonly budget: number = DEFAULT_CLAIMED_KEYS_BUDGET,
  ) {
    // Start smaller than KeyIndex's default under a budget below 64 KiB.
    let log2 = MAX_START_LOG2;
    while (log2 > 0 && SLOT_BYTES * 2 ** log2 > budget) log2--;
    this.index = new KeyIndex(log2);
    this.spilling = this.index.bytes > budget;
  }

  /** Keys claimed, counted as one KeyIndex counts them (a number once, other keys at every add). */
  get size(): number {
    return this.index.size + this.spilledSize;
  }

  /** Bytes held by the in-memory index (at most the budget, or 16 bytes under a smaller one). */
  get bytes(): number {
    return this.index.bytes;
  }

  /** Keys stored in the TEMP table (0 while everything fits in memory). */
  get spilled(): number {
    return this.rows;
  }

  /**
   * Store `value` (0 ≤ value < 2^32 - 1; for E.164 numbers only its low bit is kept) for `key`;
   * a key added twice answers with its first value.
   */
  add(key: string, value: number): void {
    this.assertOpen();
    if (!this.spilling) {
      if (this.index.bytesAfterAdd(key) <= this.budget) {
        this.index.add(key, value);
        return;
      }
      this.spilling = true;
    }
    const exact = KeyIndex.isExact(key);
    // A number already in memory keeps its first flag and is counted once, as KeyIndex does.
    if (exact && this.index.get(key, rejectAll) >= 0) return;
    let changes: number;
    try {
      changes = this.table().run(key, exact ? value & 1 : value).changes;
    } catch (err) {
      // Mostly a full disk under the temp file (SQLITE_FULL): repdesk's message, not a raw SqliteError.
      throw translateSqliteError(err, this.db.path);
    }
    this.rows += changes;
    // KeyIndex keeps (and counts) every add of a hashed key, a number once. A hashed key added again
    // needs no second row: the first answers whenever the second would (with an honest `confirm`).
    this.spilledSize += exact ? changes : 1;
  }

  /**
   * The value stored for `key` (for an E.164 number only its flag, 0 or 1), or -1. Numbers are
   * answered exactly; for other keys `confirm(value)` decides, as in KeyIndex.
   */
  get(key: string, confirm: (value: number) => boolean): number {
    this.assertOpen();
    const v = this.index.get(key, confirm);
    if (v >= 0 || this.lookup === null) return v;
    let stored: number | undefined;
    try {
      stored = this.lookup.get(key) as number | undefined;
    } catch (err) {
      throw translateSqliteError(err, this.db.path);
    }
    if (stored === undefined) return -1;
    return KeyIndex.isExact(key) || confirm(stored) ? stored : -1;
  }

  /**
   * Drop the TEMP table (a no-op when nothing spilled). Call it before COMMIT: TEMP tables outlive
   * the transaction on the connection. After a ROLLBACK the table is already gone and this is
   * harmless. The instance cannot be used afterwards.
   */
  drop(): void {
    this.dropped = true;
    if (this.insert === null) return;
    this.insert = null;
    this.lookup = null;
    this.db.sqlite.exec(`drop table if exists temp.${CLAIMED_KEYS_TABLE}`);
  }

  private assertOpen(): void {
    if (this.dropped) throw new Error('ClaimedKeys used after drop()');
  }

  /** The insert statement, creating the table on first use. */
  private table(): Statement {
    if (this.insert === null) {
      const s = this.db.sqlite;
      // A table left by an earlier import on this connection (committed without drop) holds
      // another import's keys: start empty.
      s.exec(`drop table if exists temp.${CLAIMED_KEYS_TABLE};
        create temp table ${CLAIMED_KEYS_TABLE} (key text primary key, value integer not null) without rowid`);
      this.insert = s.prepare(`insert or ignore into temp.${CLAIMED_KEYS_TABLE} (key, value) values (?, ?)`);
      this.lookup = s.prepare(`select value from temp.${CLAIMED_KEYS_TABLE} where key = ?`).pluck();
    }
    return this.insert;
  }
}

const rejectAll = (): boolean => false;
