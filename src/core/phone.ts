// Phone numbers to E.164. libphonenumber-js is the judge; callers may put a faster path in front
// for the common shapes (see the import service), but must agree with this function.
import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';

export type PhoneType = 'mobile' | 'fixed_line' | 'fixed_line_or_mobile' | 'toll_free' | 'voip' | 'other';

export type PhoneResult =
  | { ok: true; e164: string; ext: string | null; type: PhoneType | null; country: string | null }
  | { ok: false; reason: 'empty' | 'invalid' | 'too_short' | 'too_long' | 'no_country' };

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;

/** Fold full-width digits and symbols (０９１２－３４５, ＋８８６) to ASCII. */
export function foldFullWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const EXT = /\s*(?:#|x|ext\.?|extension|轉|转|分機|分机)\s*(\d{1,6})\s*$/i;

export function normalizePhone(raw: string | null | undefined, defaultCountry: string): PhoneResult {
  if (raw === null || raw === undefined) return { ok: false, reason: 'empty' };
  let s = foldFullWidth(String(raw)).trim();
  if (s === '') return { ok: false, reason: 'empty' };
  let ext: string | null = null;
  const m = EXT.exec(s);
  if (m) {
    ext = m[1];
    s = s.slice(0, m.index);
  }
  // "00" international prefix and "886-9…" written without a plus are common in exports.
  if (s.startsWith('00')) s = '+' + s.slice(2);
  try {
    const p = parsePhoneNumberWithError(s, { defaultCountry: defaultCountry as CountryCode, extract: false });
    if (!p.isValid()) return { ok: false, reason: 'invalid' };
    const type = (p.getType()?.toLowerCase() ?? null) as PhoneType | null;
    return { ok: true, e164: p.number, ext: ext ?? (p.ext ? String(p.ext) : null), type, country: p.country ?? null };
  } catch (err) {
    const code = (err as Error).message;
    if (code === 'TOO_SHORT') return { ok: false, reason: 'too_short' };
    if (code === 'TOO_LONG') return { ok: false, reason: 'too_long' };
    if (code === 'INVALID_COUNTRY') return { ok: false, reason: 'no_country' };
    return { ok: false, reason: 'invalid' };
  }
}

/** A phone written for humans who may not see it whole: +886912***678. */
export function maskPhone(e164: string): string {
  if (e164.length <= 7) return e164.slice(0, 2) + '***';
  return e164.slice(0, e164.length - 6) + '***' + e164.slice(-3);
}

// ---------------------------------------------------------------------------------------------
// Fast path for bulk imports. Most numbers in a lead file come in a handful of shapes
// ("0912-345-678", "+886 912 345 678", "(415) 555-0100", "０９１２３４５６７８"). Whether libphonenumber
// accepts a number, its country, type and E.164 form depend (for the countries below) only on its
// leading digits and its length, so one libphonenumber verdict per (region, leading digits, length)
// is cached and applied to every number of that shape. Anything unusual (letters, extensions, other
// whitespace, other regions) goes to normalizePhone, the judge. test/core/phone.fast.test.ts checks
// that both agree on many generated numbers.
//
// Why a verdict can be shared by every spelling of the same digits: with `extract: false`,
// libphonenumber-js reads the text only through its viability pattern (an optional leading plus,
// then digits and punctuation), its length limit (250 characters), and `parseIncompletePhoneNumber`
// (the leading plus and the digits); extensions and RFC 3966 parameters need letters, "#" or ";".
// Spaces, "-", "(", ")", "." and "/" are all in its punctuation set, so for a short text made of
// those and at least three digits only "leading plus or not" and the digit string matter.
// normalizePhone adds three things in front, which the character loop below mirrors: full-width
// folding (U+FF01–U+FF5E to ASCII, U+3000 to a space), trimming, and "00" → "+" when the trimmed
// text starts with 00.

/** Regions whose numbering plans have been checked to depend only on leading digits + length here. */
export const FAST_PATH_COUNTRIES: ReadonlySet<string> = new Set(['TW', 'CN', 'US', 'CA', 'HK', 'GB', 'SG', 'JP']);

type Verdict =
  | { kind: 'ok'; head: string; keep: number; type: PhoneType | null; country: string | null }
  | { kind: 'bad'; reason: 'invalid' | 'too_short' | 'too_long' | 'no_country' }
  | { kind: 'slow' };

/** Digits per cache key: national numbers keep the trunk digit, international ones the country code. */
const NATIONAL_KEY_DIGITS = 6;
const INTL_KEY_DIGITS = 8;
const MIN_DIGITS = 6;
const MAX_DIGITS = 17;
/**
 * Longer texts go to the judge: libphonenumber rejects input over 250 characters as too long
 * whatever the digits, and no number written for people comes near this.
 */
const MAX_FAST_TEXT = 64;
/** ASCII digits as one-character strings, to append full-width digits without String.fromCharCode. */
const DIGIT_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Separators the fast path drops, ASCII and full-width: space, U+3000, "-", "(", ")", ".", "/".
 * Other whitespace is left to the judge on purpose: normalizePhone trims it only at the ends, and
 * inside a number libphonenumber rejects some of it (a tab) and accepts some (a no-break space).
 */
function isSeparator(c: number): boolean {
  return (
    c === 32 || c === 45 || c === 40 || c === 41 || c === 46 || c === 47 ||
    c === 0x3000 || c === 0xff0d || c === 0xff08 || c === 0xff09 || c === 0xff0e || c === 0xff0f
  );
}

export interface PhoneNormalizer {
  (raw: string | null | undefined): PhoneResult;
  /** How many numbers took the fast path, and how many went to libphonenumber (for benchmarks). */
  stats(): { fast: number; judged: number; cacheSize: number };
}

/**
 * A normaliser bound to a default region, with a verdict cache. Results are identical to
 * `normalizePhone(raw, defaultCountry)`.
 */
export function createPhoneNormalizer(defaultCountry: string, maxCache = 100_000): PhoneNormalizer {
  // One map per (international?, digit count), keyed by the leading digits as a number: a small
  // integer key hashes and compares faster than a template string built for every row. The prefix
  // has a fixed number of digits for a given count, so leading zeros cannot collide.
  const caches: Map<number, Verdict>[] = [];
  for (let i = 0; i < 2 * (MAX_DIGITS + 1); i++) caches.push(new Map());
  let cacheSize = 0;
  // Most keys share one of a few verdicts ("+886" + the last 9 digits, mobile, TW). Sharing the
  // objects keeps the few that every row reads in the CPU cache instead of one per key.
  const verdicts = new Map<string, Verdict>();
  const shared = (v: Verdict): Verdict => {
    const id = JSON.stringify(v);
    const known = verdicts.get(id);
    if (known) return known;
    verdicts.set(id, v);
    return v;
  };
  let fast = 0;
  let judged = 0;
  const nationalOk = FAST_PATH_COUNTRIES.has(defaultCountry);

  // Unusual text that repeats ("n/a", "-", "無") is judged once: libphonenumber builds an Error
  // with a stack trace for every rejection, which costs more than the whole fast path.
  const exact = new Map<string, PhoneResult>();
  const judge = (raw: string | null | undefined): PhoneResult => {
    judged++;
    return normalizePhone(raw, defaultCountry);
  };
  const judgeOdd = (raw: string): PhoneResult => {
    const known = exact.get(raw);
    if (known) return known;
    const res = judge(raw);
    if (!res.ok && exact.size < 10_000) exact.set(raw, res);
    return res;
  };

  const fn = ((raw: string | null | undefined): PhoneResult => {
    if (raw === null || raw === undefined) return { ok: false, reason: 'empty' };
    const n = raw.length;
    if (n > MAX_FAST_TEXT) return judgeOdd(raw);
    // normalizePhone trims after folding, so leading spaces and U+3000 do not hide a "+" or "00".
    let i = 0;
    let c = raw.charCodeAt(0);
    while (c === 32 || c === 0x3000) c = raw.charCodeAt(++i);
    let intl = false;
    // Same reading as normalizePhone: "+" or "00" (either may be full-width) only count as the
    // first characters of the trimmed text; a "+" anywhere else sends the text to the judge.
    if (c === 43 || c === 0xff0b) {
      intl = true;
      i++;
    } else if (c === 48 || c === 0xff10) {
      const d = raw.charCodeAt(i + 1);
      if (d === 48 || d === 0xff10) {
        intl = true;
        i += 2;
      }
    }
    // One pass: the digit string is built from slices of ASCII digit runs (one slice, or the text
    // itself, for the common unseparated shapes), the cache key from the leading digits.
    const keyDigits = intl ? INTL_KEY_DIGITS : NATIONAL_KEY_DIGITS;
    let digits = '';
    let count = 0;
    let prefix = 0;
    let run = -1; // start of the current run of ASCII digits, or -1
    for (; i < n; i++) {
      c = raw.charCodeAt(i);
      let d = c - 48;
      if (d >= 0 && d <= 9) {
        if (run < 0) run = i;
      } else {
        if (run >= 0) {
          digits += raw.slice(run, i);
          run = -1;
        }
        d = c - 0xff10;
        if (d >= 0 && d <= 9) digits += DIGIT_CHARS[d];
        else if (isSeparator(c)) continue;
        else return judgeOdd(raw);
      }
      if (count < keyDigits) prefix = prefix * 10 + d;
      count++;
    }
    if (run >= 0) digits += raw.slice(run);
    if (count < MIN_DIGITS || count > MAX_DIGITS || (!intl && !nationalOk)) return judgeOdd(raw);
    const cache = caches[intl ? MAX_DIGITS + 1 + count : count];
    let v = cache.get(prefix);
    if (v === undefined) {
      const res = judge(raw);
      v = shared(verdictOf(res, digits, intl));
      if (cacheSize < maxCache) {
        cache.set(prefix, v);
        cacheSize++;
      }
      return res;
    }
    if (v.kind === 'slow') return judge(raw);
    fast++;
    if (v.kind === 'bad') return { ok: false, reason: v.reason };
    return { ok: true, e164: v.keep === count ? v.head + digits : v.head + digits.slice(count - v.keep), ext: null, type: v.type, country: v.country };
  }) as PhoneNormalizer;
  fn.stats = () => ({ fast, judged, cacheSize });
  return fn;
}

function verdictOf(res: PhoneResult, digits: string, intl: boolean): Verdict {
  if (!res.ok) return res.reason === 'empty' ? { kind: 'slow' } : { kind: 'bad', reason: res.reason };
  if (res.ext !== null || !res.country || !FAST_PATH_COUNTRIES.has(res.country)) return { kind: 'slow' };
  const e = res.e164;
  if (intl) return e === '+' + digits ? { kind: 'ok', head: '+', keep: digits.length, type: res.type, country: res.country } : { kind: 'slow' };
  // E.164 = "+" + country code + national number, which must be a suffix of the digits written.
  for (let keep = Math.min(digits.length, e.length - 2); keep >= 4; keep--) {
    const head = e.slice(0, e.length - keep);
    if (head.length >= 2 && head.length <= 4 && e.slice(e.length - keep) === digits.slice(digits.length - keep)) {
      return { kind: 'ok', head, keep, type: res.type, country: res.country };
    }
  }
  return { kind: 'slow' };
}
