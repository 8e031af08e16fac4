// WHEN: the due time a rep types for a follow-up or a callback, in English, 繁體中文 or 简体中文.
//
//   2026-12-03 10:30 · 2026/12/03 · 2026年12月3日 下午3點 · 12月3日 10:00 · dec 3 10:00
//   +2h · +3d · +30m · +1h30m · in 2 hours · 2小時後 · 3天后
//   today 15:00 · tomorrow 10:00 · day after tomorrow · 明天 10:00 · 明天上午10點 · 後天 · 今天下午3点
//   fri 15:00 · next monday 9am · this friday 2pm · 下週一 9:00 · 下周一 · 週五下午兩點 · 本周五
//
// Rules (all explainable, nothing guessed):
// - `H:MM` is a 24-hour clock; a bare hour needs am/pm or 上午/下午 (`3` or `3點` alone is refused).
// - A day without a time means `opts.defaultTime` (09:00) in that day; a time without a day means today.
// - A bare weekday is the coming one; on that very weekday it is refused (today or in a week?).
// - `next X` is X in the next Monday-based week; when the coming X is still in this week it is
//   ambiguous (this one or the one after?) and refused. 下週X is always next week's.
// - A local time skipped or repeated by a daylight-saving change, a time in the past, an impossible
//   date and `12/03` (day or month first?) are refused. `+Nd` keeps the wall-clock time across DST,
//   `+Nh`/`+Nm` are exact durations.
import { addDays, DAY, HOUR, isValidDate, localDate, localParts, MINUTE, zonedToUtc } from './time.js';

export type WhenResult =
  | { ok: true; at: number }
  | {
      ok: false;
      /** An i18n message key (src/i18n/messages/followups.ts); translate with t(reason, params). */
      reason: string;
      params: Record<string, string | number>;
      /** Inputs that would work, valid right now (the ISO one is tomorrow's date). */
      examples: string[];
    };

export interface WhenOptions {
  now: number;
  /** The IANA zone the user's words are meant in (the rep's zone). */
  zone: string;
  /** Time of day for a day given without a time; default '09:00'. */
  defaultTime?: string;
  /** Accept a time in the past (default false: refused). */
  allowPast?: boolean;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

interface Hm {
  hour: number;
  minute: number;
}

class WhenFail {
  constructor(
    readonly reason: string,
    readonly params: Record<string, string | number> = {},
  ) {}
}

const TRAD_TO_SIMP: Record<string, string> = {
  週: '周',
  禮: '礼',
  後: '后',
  點: '点',
  個: '个',
  鐘: '钟',
  時: '时',
  這: '这',
  兩: '两',
  號: '号',
  頭: '头',
  裡: '里',
  間: '间',
};

/** Lower-case, fold full-width forms and Traditional characters, trim, collapse spaces. */
export function normalizeWhen(text: string): string {
  let s = text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
  s = s.toLowerCase().trim().replace(/\s+/g, ' ');
  s = [...s].map((c) => TRAD_TO_SIMP[c] ?? c).join('');
  s = s.replace(/：/g, ':');
  return s;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 0–99 written in digits or Chinese numerals (十, 十二, 二十, 二十五, 两). */
export function parseSmallNumber(s: string): number | undefined {
  if (/^\d{1,3}$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return undefined;
  const i = s.indexOf('十');
  if (i < 0) return s.length === 1 ? CN_DIGITS[s] : undefined;
  const tens = i === 0 ? 1 : s.length >= 2 && i === 1 ? CN_DIGITS[s[0]] : undefined;
  const rest = s.slice(i + 1);
  const ones = rest === '' ? 0 : rest.length === 1 ? CN_DIGITS[rest] : undefined;
  if (tens === undefined || ones === undefined) return undefined;
  return tens * 10 + ones;
}

const NUM = '(\\d{1,3}|[零〇一二两三四五六七八九十]{1,3})';

const WEEKDAYS_EN: Record<string, number> = {
  sun: 0, sunday: 0,
  mon: 1, monday: 1,
  tue: 2, tues: 2, tuesday: 2,
  wed: 3, weds: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5,
  sat: 6, saturday: 6,
};
const WEEKDAYS_ZH: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 0 };
const MONTHS_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: number) => String(n).padStart(2, '0');

function todayOf(opts: WhenOptions): Ymd {
  const p = localParts(opts.now, opts.zone);
  return { year: p.year, month: p.month, day: p.day };
}

function shift(d: Ymd, days: number): Ymd {
  const [year, month, day] = addDays(`${d.year}-${pad(d.month)}-${pad(d.day)}`, days).split('-').map(Number);
  return { year, month, day };
}

function weekdayOf(d: Ymd): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

function checkDate(d: Ymd, input: string): Ymd {
  if (!isValidDate(`${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`)) {
    throw new WhenFail('when.error.bad_date', { input });
  }
  return d;
}

/** Monday-based week offsets: Monday = 0 … Sunday = 6. */
const mondayIndex = (weekday: number) => (weekday + 6) % 7;

type Qualifier = 'bare' | 'next' | 'this' | 'next_week' | 'week_after';

function resolveWeekday(target: number, q: Qualifier, opts: WhenOptions, input: string): Ymd {
  const today = todayOf(opts);
  const wd = weekdayOf(today);
  const monday = shift(today, -mondayIndex(wd));
  const coming = (target - wd + 7) % 7 || 7; // strictly after today
  switch (q) {
    case 'bare':
      if (target === wd) throw new WhenFail('when.error.ambiguous_weekday', { input });
      return shift(today, coming);
    case 'next': {
      // The coming X if it falls in next week; otherwise "next X" could mean two days.
      if (mondayIndex(wd) + coming <= 6) throw new WhenFail('when.error.ambiguous_next', { input });
      return shift(today, coming);
    }
    case 'this': {
      const d = shift(monday, mondayIndex(target));
      if (mondayIndex(target) < mondayIndex(wd)) throw new WhenFail('when.error.past', { input });
      return d;
    }
    case 'next_week':
      return shift(monday, 7 + mondayIndex(target));
    case 'week_after':
      return shift(monday, 14 + mondayIndex(target));
  }
}

/** The next occurrence of a month and day (this year unless it has passed). */
function nextMonthDay(month: number, day: number, opts: WhenOptions, input: string): Ymd {
  const today = todayOf(opts);
  let year = today.year;
  if (month < today.month || (month === today.month && day < today.day)) year += 1;
  // 29 February without a year: the next year that has one.
  if (month === 2 && day === 29) {
    for (let i = 0; i < 8 && !isValidDate(`${year}-02-29`); i++) year += 1;
  }
  return checkDate({ year, month, day }, input);
}

interface Parsed<T> {
  value: T;
  rest: string;
}

/** Try to read a day phrase at the start of `s`. */
function readDate(s: string, opts: WhenOptions, input: string): Parsed<Ymd> | undefined {
  let m: RegExpExecArray | null;
  const today = todayOf(opts);
  const take = (value: Ymd, len: number) => ({ value, rest: s.slice(len).trim() });

  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[ t]|[^\d])/.exec(s))) {
    return take(checkDate({ year: +m[1], month: +m[2], day: +m[3] }, input), m[0].length);
  }
  if ((m = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?/.exec(s))) {
    return take(checkDate({ year: +m[1], month: +m[2], day: +m[3] }, input), m[0].length);
  }
  if ((m = /^(\d{1,2})月(\d{1,2})[日号]?/.exec(s))) {
    return take(nextMonthDay(+m[1], +m[2], opts, input), m[0].length);
  }
  if (/^\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?(?=$|\s)/.test(s)) {
    throw new WhenFail('when.error.ambiguous_date', { input });
  }
  if ((m = /^([a-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?(?=$|\s)/.exec(s)) && MONTHS_EN.includes(m[1])) {
    const month = MONTHS_EN.indexOf(m[1]) + 1;
    const value = m[3] ? checkDate({ year: +m[3], month, day: +m[2] }, input) : nextMonthDay(month, +m[2], opts, input);
    return take(value, m[0].length);
  }
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]{3})[a-z]*\.?(?:,? (\d{4}))?(?=$|\s)/.exec(s)) && MONTHS_EN.includes(m[2])) {
    const month = MONTHS_EN.indexOf(m[2]) + 1;
    const value = m[3] ? checkDate({ year: +m[3], month, day: +m[1] }, input) : nextMonthDay(month, +m[1], opts, input);
    return take(value, m[0].length);
  }
  const words: [RegExp, number][] = [
    [/^(?:today|tod)\b/, 0],
    [/^(?:the )?day after tomorrow\b/, 2],
    [/^(?:tomorrow|tmrw|tmr)\b/, 1],
    [/^(?:今天|今日)/, 0],
    [/^(?:明天|明日)/, 1],
    [/^大后天/, 3],
    [/^后天/, 2],
  ];
  for (const [re, days] of words) {
    if ((m = re.exec(s))) return take(shift(today, days), m[0].length);
  }
  if ((m = /^(?:(next|this|coming) )?([a-z]+)\b/.exec(s)) && m[2] in WEEKDAYS_EN) {
    const q: Qualifier = m[1] === 'next' ? 'next' : m[1] === 'this' ? 'this' : 'bare';
    return take(resolveWeekday(WEEKDAYS_EN[m[2]], q, opts, input), m[0].length);
  }
  if ((m = /^(下下个?|下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])/.exec(s))) {
    const prefix = (m[1] ?? '').replace('个', '');
    const q: Qualifier = prefix === '下下' ? 'week_after' : prefix === '下' ? 'next_week' : prefix ? 'this' : 'bare';
    return take(resolveWeekday(WEEKDAYS_ZH[m[2]], q, opts, input), m[0].length);
  }
  return undefined;
}

const PERIODS: Record<string, 'am' | 'pm' | 'noon' | 'night' | 'dawn'> = {
  凌晨: 'dawn',
  早上: 'am',
  早晨: 'am',
  清晨: 'am',
  上午: 'am',
  中午: 'noon',
  下午: 'pm',
  傍晚: 'pm',
  晚上: 'night',
  晚间: 'night',
  夜里: 'night',
};

function applyPeriod(hour: number, period: string | undefined, input: string): number {
  if (period === undefined) return hour;
  const kind = PERIODS[period];
  if (hour < 0 || hour > 12) {
    // 下午15點: accept when the 24-hour reading agrees with the period.
    if (hour <= 23 && (kind === 'pm' || kind === 'night') && hour >= 12) return hour;
    throw new WhenFail('when.error.bad_time', { input });
  }
  switch (kind) {
    case 'dawn':
      if (hour > 6) throw new WhenFail('when.error.bad_time', { input });
      return hour === 12 ? 0 : hour;
    case 'am':
      if (hour === 12) throw new WhenFail('when.error.bad_time', { input });
      return hour;
    case 'noon':
      if (hour === 12) return 12;
      if (hour >= 1 && hour <= 2) return hour + 12;
      if (hour === 11) return 11;
      throw new WhenFail('when.error.bad_time', { input });
    case 'pm':
      return hour === 12 ? 12 : hour + 12;
    case 'night':
      if (hour === 12 || hour < 6) throw new WhenFail('when.error.ambiguous_time', { input });
      return hour + 12;
    default:
      return hour;
  }
}

function hm(hour: number, minute: number, input: string): Hm {
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw new WhenFail('when.error.bad_time', { input });
  }
  return { hour, minute };
}

/** Try to read a time of day at the start of `s`. */
function readTime(s: string, input: string): Parsed<Hm> | undefined {
  let m: RegExpExecArray | null;
  const take = (value: Hm, len: number) => ({ value, rest: s.slice(len).trim() });
  const at = /^(?:at |@ ?)/.exec(s);
  if (at) s = s.slice(at[0].length);

  if ((m = /^(?:noon|midday)\b/.exec(s))) return take({ hour: 12, minute: 0 }, m[0].length);
  if ((m = /^(\d{1,2})(?::(\d{2}))? ?(am|pm|a\.m\.|p\.m\.)(?=$|\s)/.exec(s))) {
    const h = +m[1];
    if (h < 1 || h > 12) throw new WhenFail('when.error.bad_time', { input });
    const pm = m[3].startsWith('p');
    return take(hm((h % 12) + (pm ? 12 : 0), m[2] ? +m[2] : 0, input), m[0].length);
  }
  const periodRe = Object.keys(PERIODS).join('|');
  if ((m = new RegExp(`^(${periodRe})? ?(\\d{1,2}):(\\d{2})(?::\\d{2})?(?=$|\\s)`).exec(s))) {
    const hour = applyPeriod(+m[2], m[1], input);
    return take(hm(hour, +m[3], input), m[0].length);
  }
  if ((m = new RegExp(`^(${periodRe})? ?${NUM}(?:点|时|点钟)(?:(半)|(一刻)|(三刻)|${NUM}分?)?`).exec(s))) {
    const raw = parseSmallNumber(m[2]);
    if (raw === undefined) throw new WhenFail('when.error.bad_time', { input });
    if (m[1] === undefined && raw >= 1 && raw <= 12) throw new WhenFail('when.error.ambiguous_time', { input });
    const hour = applyPeriod(raw, m[1], input);
    let minute = 0;
    if (m[3]) minute = 30;
    else if (m[4]) minute = 15;
    else if (m[5]) minute = 45;
    else if (m[6] !== undefined) {
      const mm = parseSmallNumber(m[6]);
      if (mm === undefined) throw new WhenFail('when.error.bad_time', { input });
      minute = mm;
    }
    return take(hm(hour, minute, input), m[0].length);
  }
  if ((m = new RegExp(`^(${periodRe})$`).exec(s))) throw new WhenFail('when.error.no_time', { input });
  if (/^\d{1,2}$/.test(s)) throw new WhenFail('when.error.ambiguous_time', { input });
  return undefined;
}

function parseHm(text: string): Hm {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return { hour: 9, minute: 0 };
  return { hour: +m[1], minute: +m[2] };
}

/** The instant of a local date and time, refusing times a DST change skips or repeats. */
function instantOf(d: Ymd, t: Hm, zone: string, input: string, strict: boolean): number {
  const at = zonedToUtc({ ...d, hour: t.hour, minute: t.minute }, zone);
  if (!strict) return at;
  const p = localParts(at, zone);
  if (p.hour !== t.hour || p.minute !== t.minute || p.day !== d.day) {
    throw new WhenFail('when.error.dst_gap', { input, time: `${pad(t.hour)}:${pad(t.minute)}`, date: `${d.year}-${pad(d.month)}-${pad(d.day)}` });
  }
  const later = localParts(at + HOUR, zone);
  if (later.hour === t.hour && later.minute === t.minute && later.day === d.day) {
    throw new WhenFail('when.error.dst_overlap', { input, time: `${pad(t.hour)}:${pad(t.minute)}`, date: `${d.year}-${pad(d.month)}-${pad(d.day)}` });
  }
  return at;
}

const UNIT_MS: Record<string, number> = { m: MINUTE, h: HOUR };

function relative(s: string, opts: WhenOptions, input: string): number | undefined {
  let m: RegExpExecArray | null;
  const apply = (parts: [number, string][]) => {
    let at = opts.now;
    let days = 0;
    for (const [n, unit] of parts) {
      if (unit === 'w') days += 7 * n;
      else if (unit === 'd') days += n;
      else at += n * UNIT_MS[unit];
    }
    if (days > 3660) throw new WhenFail('when.error.too_far', { input });
    if (days) {
      // Calendar days keep the wall-clock time across a DST change.
      const p = localParts(opts.now, opts.zone);
      const today = { year: p.year, month: p.month, day: p.day };
      const withinMinute = opts.now - zonedToUtc({ ...today, hour: p.hour, minute: p.minute }, opts.zone);
      const d = shift(today, days);
      at = zonedToUtc({ ...d, hour: p.hour, minute: p.minute }, opts.zone) + withinMinute + (at - opts.now);
    }
    return at;
  };
  if ((m = /^\+ ?((?:\d+ ?[mhdw] ?)+)$/.exec(s))) {
    const parts = [...m[1].matchAll(/(\d+) ?([mhdw])/g)].map((x) => [Number(x[1]), x[2]] as [number, string]);
    return apply(parts);
  }
  const EN_UNITS: Record<string, string> = { minute: 'm', minutes: 'm', min: 'm', mins: 'm', hour: 'h', hours: 'h', hr: 'h', hrs: 'h', day: 'd', days: 'd', week: 'w', weeks: 'w' };
  if ((m = /^in (\d+|an?|one) (minutes?|mins?|hours?|hrs?|days?|weeks?)$/.exec(s))) {
    const n = /^\d+$/.test(m[1]) ? Number(m[1]) : 1;
    return apply([[n, EN_UNITS[m[2]]]]);
  }
  if ((m = new RegExp(`^(半|${NUM}) ?个?(?:(半))?(分钟|小时|钟头|天|星期|周)(?:后|以后|之后)$`).exec(s))) {
    const unit = m[4].includes('分') ? 'm' : /小时|钟头/.test(m[4]) ? 'h' : m[4] === '天' ? 'd' : 'w';
    if (m[1] === '半') {
      if (unit !== 'h') throw new WhenFail('when.error.unrecognised', { input });
      return apply([[30, 'm']]);
    }
    const n = parseSmallNumber(m[2]);
    if (n === undefined) throw new WhenFail('when.error.unrecognised', { input });
    const parts: [number, string][] = [[n, unit]];
    if (m[3]) {
      if (unit !== 'h') throw new WhenFail('when.error.unrecognised', { input });
      parts.push([30, 'm']);
    }
    return apply(parts);
  }
  return undefined;
}

function examplesFor(opts: WhenOptions): string[] {
  const tomorrow = addDays(localDate(opts.now, opts.zone), 1);
  return [`${tomorrow} 10:30`, '+2h', '+3d', 'tomorrow 10:00', 'next monday 9am', '明天上午10點', '下週一 9:00', '後天'];
}

function parse(text: string, opts: WhenOptions): number {
  const input = text.trim();
  const s = normalizeWhen(text);
  if (s === '') throw new WhenFail('when.error.empty', { input });
  if (s === 'now' || s === '现在' || s === '马上') return opts.now;

  const rel = relative(s, opts, input);
  if (rel !== undefined) return rel;

  // ISO 8601 with an explicit offset or Z: an exact instant, no zone needed.
  let m = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (m) {
    checkDate({ year: +m[1], month: +m[2], day: +m[3] }, input);
    hm(+m[4], +m[5], input);
    const at = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] === 'z' ? 'Z' : m[7].length === 5 ? `${m[7].slice(0, 3)}:${m[7].slice(3)}` : m[7]}`);
    if (Number.isNaN(at)) throw new WhenFail('when.error.unrecognised', { input });
    return at;
  }

  const defaultTime = parseHm(opts.defaultTime ?? '09:00');
  // Day then time (`tomorrow 10:00`, `明天上午10點`), or time then day (`10am tomorrow`).
  let date: Ymd | undefined;
  let time: Hm | undefined;
  const d1 = readDate(s, opts, input);
  if (d1) {
    date = d1.value;
    if (d1.rest !== '') {
      const t1 = readTime(d1.rest.replace(/^(?:at |t(?=\d)|,\s*)/, ''), input);
      if (!t1 || t1.rest !== '') throw new WhenFail('when.error.unrecognised', { input });
      time = t1.value;
    }
  } else {
    const t1 = readTime(s, input);
    if (!t1) throw new WhenFail('when.error.unrecognised', { input });
    time = t1.value;
    if (t1.rest !== '') {
      const d2 = readDate(t1.rest.replace(/^on /, ''), opts, input);
      if (!d2 || d2.rest !== '') throw new WhenFail('when.error.unrecognised', { input });
      date = d2.value;
    }
  }
  const explicitTime = time !== undefined;
  const at = instantOf(date ?? todayOf(opts), time ?? defaultTime, opts.zone, input, explicitTime);
  if (!opts.allowPast && at < opts.now - MINUTE) {
    throw new WhenFail('when.error.past', { input });
  }
  if (at - opts.now > 3660 * DAY) throw new WhenFail('when.error.too_far', { input });
  return at;
}

/** Read a WHEN in the user's zone. Never throws: a refusal carries a message key and examples. */
export function parseWhen(text: string, opts: WhenOptions): WhenResult {
  try {
    return { ok: true, at: parse(text, opts) };
  } catch (err) {
    if (err instanceof WhenFail) return { ok: false, reason: err.reason, params: err.params, examples: examplesFor(opts) };
    throw err;
  }
}

/** Durations for `snooze --for`: 30m, 2h, 1d, 1h30m, 2小時, 半小時. Returns ms or undefined. */
export function parseDuration(text: string): number | undefined {
  const s = normalizeWhen(text).replace(/^\+/, '');
  let m = /^((?:\d+ ?[mhdw] ?)+)$/.exec(s);
  if (m) {
    const ms = [...m[1].matchAll(/(\d+) ?([mhdw])/g)].reduce((sum, x) => sum + Number(x[1]) * { m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY }[x[2] as 'm']!, 0);
    return ms > 0 ? ms : undefined;
  }
  m = new RegExp(`^(半|${NUM}) ?个?(?:(半))?(分钟|小时|钟头|天)$`).exec(s);
  if (m) {
    const unit = m[4].includes('分') ? MINUTE : m[4] === '天' ? DAY : HOUR;
    const n = m[1] === '半' ? 0.5 : parseSmallNumber(m[2]);
    if (n === undefined) return undefined;
    const ms = n * unit + (m[3] ? unit / 2 : 0);
    return ms > 0 ? ms : undefined;
  }
  return undefined;
}
