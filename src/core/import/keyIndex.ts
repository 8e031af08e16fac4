// A compact index of the keys (numbers and emails) this import has claimed: key → a 31-bit value
// (the staged row, plus a flag in the low bit). It keeps no strings. E.164 numbers ("+" and at most
// 15 digits) are stored exactly, with the flag, as one float64 (2 × number + flag < 2^53, so exact):
// 8 bytes a slot and no confirmation needed — but only the flag of their value is kept. Other keys
// (emails, odd numbers) keep a 32-bit hash and the value, so a hash match is a candidate that the
// caller confirms against the row the value points to (`confirm`): the answers are exact.
// Open addressing, at most 3/4 full: 6–16 MB per million numbers, against roughly 70 MB for a Map
// of strings.

/** The number of an E.164 key (+ and 1–15 digits, no leading 0), or -1 for any other key. */
function numericKey(s: string): number {
  const n = s.length;
  if (n < 2 || n > 16 || s.charCodeAt(0) !== 43 /* + */ || s.charCodeAt(1) === 48) return -1;
  let v = 0;
  for (let i = 1; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function mix(h: number): number {
  // murmur3's finaliser: spreads short, similar keys (phone numbers) over the table.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class KeyIndex {
  // Exact numbers: 2 × number + flag; 0 = empty slot.
  private nums: Float64Array;
  private numMask: number;
  private numCount = 0;
  // Other keys, by hash.
  private hashes: Uint32Array;
  /** value + 1; 0 = empty slot (both tables). */
  private values: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(log2Slots = 12) {
    this.nums = new Float64Array(2 ** log2Slots);
    this.numMask = 2 ** log2Slots - 1;
    this.hashes = new Uint32Array(2 ** log2Slots);
    this.values = new Uint32Array(2 ** log2Slots);
    this.mask = 2 ** log2Slots - 1;
  }

  get size(): number {
    return this.numCount + this.count;
  }

  /** Bytes held by the tables. */
  get bytes(): number {
    return this.nums.byteLength + this.hashes.byteLength + this.values.byteLength;
  }

  /**
   * Whether `key` is kept exactly (an E.164 number: only the flag of its value is kept, and `get`
   * answers it without `confirm`); other keys are kept by hash and confirmed.
   */
  static isExact(key: string): boolean {
    return numericKey(key) >= 0;
  }

  /**
   * The bytes the tables will hold once `key` is added: `bytes`, or more when that add doubles a
   * table (while it is copied, the old table is held too, until collected). Lets a caller stop
   * before a memory budget.
   */
  bytesAfterAdd(key: string): number {
    if (numericKey(key) >= 0) return this.numsFull() ? this.bytes + this.nums.byteLength : this.bytes;
    return this.othersFull() ? this.bytes + this.hashes.byteLength + this.values.byteLength : this.bytes;
  }

  private numsFull(): boolean {
    return (this.numCount + 1) * 4 > this.nums.length * 3;
  }

  private othersFull(): boolean {
    return (this.count + 1) * 4 > this.values.length * 3;
  }

  static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return mix(h);
  }

  private static numHash(v: number): number {
    return mix((v % 4294967296) ^ Math.imul(Math.floor(v / 4294967296), 0x9e3779b1));
  }

  /**
   * The value stored for `key` (for an E.164 number only its flag, 0 or 1), or -1. Numbers are
   * answered exactly; for other keys `confirm(value)` decides whether a hash match is this key.
   */
  get(key: string, confirm: (value: number) => boolean): number {
    const num = numericKey(key);
    if (num >= 0) {
      const { nums, numMask } = this;
      for (let i = KeyIndex.numHash(num) & numMask; ; i = (i + 1) & numMask) {
        const v = nums[i];
        if (v === 0) return -1;
        if (Math.floor(v / 2) === num) return v % 2;
      }
    }
    const h = KeyIndex.hash(key);
    const { hashes, values, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = values[i];
      if (v === 0) return -1;
      if (hashes[i] === h && confirm(v - 1)) return v - 1;
    }
  }

  /**
   * Store `value` (0 ≤ value < 2^32 - 1; for E.164 numbers only its low bit is kept) for `key`;
   * a key added twice answers with its first value.
   */
  add(key: string, value: number): void {
    const num = numericKey(key);
    if (num >= 0) {
      if (this.numsFull()) this.growNums();
      if (this.putNum(num * 2 + (value & 1))) this.numCount++;
      return;
    }
    if (this.othersFull()) this.grow();
    this.put(KeyIndex.hash(key), value + 1);
    this.count++;
  }

  private putNum(stored: number): boolean {
    const { nums, numMask } = this;
    const num = Math.floor(stored / 2);
    let i = KeyIndex.numHash(num) & numMask;
    while (nums[i] !== 0) {
      if (Math.floor(nums[i] / 2) === num) return false;
      i = (i + 1) & numMask;
    }
    nums[i] = stored;
    return true;
  }

  private put(h: number, stored: number): void {
    const { hashes, values, mask } = this;
    let i = h & mask;
    while (values[i] !== 0) i = (i + 1) & mask;
    hashes[i] = h;
    values[i] = stored;
  }

  private growNums(): void {
    const old = this.nums;
    this.nums = new Float64Array(old.length * 2);
    this.numMask = this.nums.length - 1;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.putNum(old[i]);
  }

  private grow(): void {
    const oldH = this.hashes;
    const oldV = this.values;
    this.hashes = new Uint32Array(oldH.length * 2);
    this.values = new Uint32Array(oldV.length * 2);
    this.mask = this.values.length - 1;
    for (let i = 0; i < oldV.length; i++) if (oldV[i] !== 0) this.put(oldH[i], oldV[i]);
  }
}
