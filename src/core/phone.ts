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
