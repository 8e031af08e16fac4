// A fixed-size Bloom filter of strings: "certainly not seen" or "maybe seen". The import asks it
// before looking a number up in the database, so new numbers (most of a file) cost no query, and
// memory stays the same whatever the file size (8 MB by default; about 1 false "maybe" in 10,000
// at a million keys, which only costs one extra index lookup).

export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** `log2Bits`: 26 → 2^26 bits (8 MB). */
  constructor(
    log2Bits = 26,
    private readonly hashes = 3,
  ) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  private static h(s: string): [number, number] {
    // FNV-1a and a second multiplicative hash, combined by double hashing.
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    return [a >>> 0, (b | 1) >>> 0];
  }

  add(s: string): void {
    const [a, b] = BloomFilter.h(s);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (a + Math.imul(i, b)) & this.mask;
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  has(s: string): boolean {
    const [a, b] = BloomFilter.h(s);
    for (let i = 0; i < this.hashes; i++) {
      const bit = (a + Math.imul(i, b)) & this.mask;
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}
