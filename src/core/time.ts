// Wall-clock maths in a given IANA zone (the lead's or the rep's). Instants are UTC epoch ms.
import { TZDate } from '@date-fns/tz';

export interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function localParts(at: number, zone: string): LocalParts {
  const d = new TZDate(at, zone);
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
    weekday: d.getDay(),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' of the instant in the zone (the lead's local day, for daily caps). */
export function localDate(at: number, zone: string): string {
  const p = localParts(at, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** 'HH:MM' of the instant in the zone. */
export function localTime(at: number, zone: string): string {
  const p = localParts(at, zone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** 'YYYY-MM-DD HH:MM' of the instant in the zone. */
export function localDateTime(at: number, zone: string): string {
  return `${localDate(at, zone)} ${localTime(at, zone)}`;
}

/** ISO 8601 with the zone's offset, e.g. 2026-11-28T15:20:00+08:00 (exports). */
export function isoWithOffset(at: number, zone: string): string {
  const p = localParts(at, zone);
  const offsetMin = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000) / MINUTE);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${localDate(at, zone)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The instant at which the zone's wall clock shows the given local date and time.
 * A time skipped by a DST jump moves forward (02:30 on a spring-forward day is 03:30);
 * an ambiguous time in the repeated hour takes the earlier instant.
 */
export function zonedToUtc(
  p: { year: number; month: number; day: number; hour?: number; minute?: number },
  zone: string,
): number {
  return new TZDate(p.year, p.month - 1, p.day, p.hour ?? 0, p.minute ?? 0, 0, 0, zone).getTime();
}

/** The first instant of the local day containing `at`. */
export function startOfLocalDay(at: number, zone: string): number {
  const p = localParts(at, zone);
  return zonedToUtc({ year: p.year, month: p.month, day: p.day }, zone);
}

/** Add whole calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Minutes after midnight of 'HH:MM'. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function isValidDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
