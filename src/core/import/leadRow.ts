// One file row → a normalised lead draft, or a reason to reject it (pure: the phone normaliser,
// the time-zone lookup and the known users come in as parameters).
import { isValidTimeZone } from '../config.js';
import type { PhoneResult } from '../phone.js';
import { foldFullWidth } from '../phone.js';
import { parseCalendarDate, type DateOptions } from './dates.js';
import type { ColumnMapping, LeadField } from './mapping.js';

export interface PhoneOk {
  e164: string;
  raw: string;
  ext: string | null;
  type: string | null;
  country: string | null;
}

export interface LeadDraft {
  name: string;
  phone: PhoneOk | null;
  altPhones: PhoneOk[];
  email: string | null;
  company: string | null;
  title: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  timezone: string | null;
  birthday: string | null;
  tags: string[];
  notes: string | null;
  owner: string | null;
  source: string | null;
  grade: string | null;
  custom: Record<string, string>;
  /** A cell began with = + - @ (kept as text, counted). */
  suspicious: boolean;
}

export interface Rejection {
  /** i18n key under import.reject.* */
  key: string;
  params: Record<string, string | number>;
}

export type RowOutcome = { ok: true; lead: LeadDraft } | { ok: false; reject: Rejection };

export interface RowContext {
  columns: ColumnMapping<LeadField>[];
  headerCount: number;
  normalizePhone: (raw: string) => PhoneResult;
  /** IANA zone from the number's prefix, or null when unknown or ambiguous. */
  zoneOf: (e164: string) => string | null;
  /** IANA zone of a country (ISO code) that keeps one clock, or null: for leads without a number's zone. */
  zoneOfCountry: (country: string) => string | null;
  dates: DateOptions;
  /** Longest cell accepted (characters). */
  maxCell: number;
}

/** Cells a spreadsheet would run as a formula. Numbers like -5 or +886… are not suspicious. */
export function isFormulaLike(cell: string): boolean {
  const c = cell.charCodeAt(0);
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 0xff1d && c !== 0xff0b && c !== 0xff0d && c !== 0xff20) return false;
  if (cell.length < 2) return false;
  return !/^[+\-－＋]?[\d\s().\-,]+$/.test(cell);
}

/** Trim and fold full-width spaces; collapse runs of whitespace. */
export function cleanText(s: string): string {
  let t = s;
  if (t.indexOf('\u3000') !== -1) t = t.replace(/\u3000/g, ' ');
  t = t.trim();
  if (/\s\s/.test(t)) t = t.replace(/\s+/g, ' ');
  return t;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Split a tags cell on , ; ， ； 、 | and trim; unique, order kept. */
export function splitTags(s: string): string[] {
  const out: string[] = [];
  for (const part of s.split(/[,;，；、|]/)) {
    const t = cleanText(part);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function phoneOk(raw: string, r: PhoneResult): PhoneOk | null {
  return r.ok ? { e164: r.e164, raw, ext: r.ext, type: r.type, country: r.country } : null;
}

export function normalizeLeadRow(cells: string[], ctx: RowContext): RowOutcome {
  if (cells.length !== ctx.headerCount) {
    return { ok: false, reject: { key: 'import.reject.ragged', params: { found: cells.length, expected: ctx.headerCount } } };
  }
  const lead: LeadDraft = {
    name: '',
    phone: null,
    altPhones: [],
    email: null,
    company: null,
    title: null,
    city: null,
    region: null,
    country: null,
    timezone: null,
    birthday: null,
    tags: [],
    notes: null,
    owner: null,
    source: null,
    grade: null,
    custom: {},
    suspicious: false,
  };
  let phoneCell = '';
  const altCells: { header: string; value: string }[] = [];
  for (let i = 0; i < ctx.columns.length; i++) {
    const col = ctx.columns[i];
    if (col.target === 'ignore') continue;
    const raw = cells[col.index];
    if (raw === undefined || raw === '') continue;
    if (raw.length > ctx.maxCell) {
      return { ok: false, reject: { key: 'import.reject.too_long', params: { column: col.header, length: raw.length, max: ctx.maxCell } } };
    }
    const v = cleanText(raw);
    if (v === '') continue;
    if (col.target !== 'phone' && col.target !== 'alt_phone' && isFormulaLike(v)) lead.suspicious = true;
    switch (col.target) {
      case 'name':
        lead.name = v;
        break;
      case 'phone':
        phoneCell = v;
        break;
      case 'alt_phone':
        altCells.push({ header: col.header, value: v });
        break;
      case 'email': {
        const e = foldFullWidth(v).toLowerCase();
        if (!EMAIL.test(e)) return { ok: false, reject: { key: 'import.reject.bad_email', params: { value: v, column: col.header } } };
        lead.email = e;
        break;
      }
      case 'timezone':
        if (!isValidTimeZone(v)) return { ok: false, reject: { key: 'import.reject.bad_timezone', params: { value: v, column: col.header } } };
        lead.timezone = v;
        break;
      case 'birthday': {
        const d = parseCalendarDate(foldFullWidth(v), ctx.dates);
        if (!d) return { ok: false, reject: { key: 'import.reject.bad_date', params: { value: v, column: col.header } } };
        lead.birthday = d;
        break;
      }
      case 'country': {
        const c = foldFullWidth(v).toUpperCase();
        lead.country = c;
        break;
      }
      case 'tags':
        for (const t of splitTags(v)) if (!lead.tags.includes(t)) lead.tags.push(t);
        break;
      case 'grade': {
        const g = foldFullWidth(v).toUpperCase();
        lead.grade = /^[A-F]$/.test(g) ? g : v;
        break;
      }
      case 'company':
      case 'title':
      case 'city':
      case 'region':
      case 'notes':
      case 'owner':
      case 'source':
        lead[col.target] = v;
        break;
      default:
        lead.custom[col.header] = v;
    }
  }
  if (phoneCell) {
    const r = ctx.normalizePhone(phoneCell);
    const ok = phoneOk(phoneCell, r);
    if (!ok) return { ok: false, reject: { key: 'import.reject.bad_phone', params: { value: phoneCell, why: r.ok ? '' : r.reason } } };
    lead.phone = ok;
  }
  for (const a of altCells) {
    const r = ctx.normalizePhone(a.value);
    const ok = phoneOk(a.value, r);
    if (!ok) return { ok: false, reject: { key: 'import.reject.bad_phone', params: { value: a.value, why: r.ok ? '' : r.reason } } };
    if (!lead.phone) lead.phone = ok;
    else if (ok.e164 !== lead.phone.e164 && !lead.altPhones.some((p) => p.e164 === ok.e164)) lead.altPhones.push(ok);
  }
  if (!lead.phone && !lead.email) return { ok: false, reject: { key: 'import.reject.no_contact', params: {} } };
  if (!lead.country && lead.phone?.country) lead.country = lead.phone.country;
  if (!lead.timezone && lead.phone) lead.timezone = ctx.zoneOf(lead.phone.e164);
  if (!lead.timezone && lead.country) lead.timezone = ctx.zoneOfCountry(lead.country);
  return { ok: true, lead };
}
