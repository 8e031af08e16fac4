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
// ("0912-345-678", "+886 912 345 678", "(415) 555-0100"). Whether libphonenumber accepts a number,
// its country, type and E.164 form depend (for the countries below) only on its leading digits and
// its length, so one libphonenumber verdict per (region, leading digits, length) is cached and
// applied to every number of that shape. Anything unusual (letters, extensions, full-width forms,
// other regions) goes to normalizePhone, the judge. test/core/phone.fast.test.ts checks that both
// agree on many generated numbers.

/** Regions whose numbering plans have been checked to depend only on leading digits + length here. */
export const FAST_PATH_COUNTRIES: ReadonlySet<string> = new Set(['TW', 'CN', 'US', 'CA', 'HK', 'GB', 'SG', 'JP']);

type Verdict =
  | { kind: 'ok'; head: string; keep: number; type: PhoneType | null; country: string | null }
  | { kind: 'bad'; reason: 'invalid' | 'too_short' | 'too_long' | 'no_country' }
  | { kind: 'slow' };

const SEPARATORS = /[\s\-().\/]/g;
const DIGITS_ONLY = /^\d+$/;

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
  const cache = new Map<string, Verdict>();
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
    let s = raw.replace(SEPARATORS, '');
    let intl = false;
    // Same reading as normalizePhone: "+" or "00" only count when the text starts with them.
    const t = raw.charCodeAt(0) === 32 ? raw.trimStart() : raw;
    if (t.charCodeAt(0) === 43 /* + */ && s.charCodeAt(0) === 43) {
      intl = true;
      s = s.slice(1);
    } else if (t.charCodeAt(0) === 48 && t.charCodeAt(1) === 48 /* 00 */) {
      intl = true;
      s = s.slice(2);
    }
    if (s.length < 6 || s.length > 17 || !DIGITS_ONLY.test(s) || (!intl && !nationalOk)) return judgeOdd(raw);
    const key = intl ? `+${s.slice(0, 8)}|${s.length}` : `${s.slice(0, 6)}|${s.length}`;
    let v = cache.get(key);
    if (v === undefined) {
      const res = judge(raw);
      v = verdictOf(res, s, intl);
      if (cache.size < maxCache) cache.set(key, v);
      return res;
    }
    if (v.kind === 'slow') return judge(raw);
    fast++;
    if (v.kind === 'bad') return { ok: false, reason: v.reason };
    return { ok: true, e164: v.head + s.slice(s.length - v.keep), ext: null, type: v.type, country: v.country };
  }) as PhoneNormalizer;
  fn.stats = () => ({ fast, judged, cacheSize: cache.size });
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
