// Generates src/core/holidayData.ts: public holidays and greeting days 2025–2035 for CN, TW, HK, SG,
// US and GB. Lunar dates come from ICU's Chinese calendar (Intl, ca-chinese), Qingming from the
// solar-term formula, Easter from the Gregorian computus. The output is data: it is committed and
// checked by test/core/holidays.test.ts against dates published by the governments.
//
//   node data/holidays/generate.mjs
//
// Not included (they follow calendars ICU cannot give reliably, or yearly decrees): CN make-up
// working days and bridge days, SG Hari Raya Puasa/Haji, Vesak and Deepavali, HK substitute days.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST = 2025;
const LAST = 2035;
const pad = (n) => String(n).padStart(2, '0');
const iso = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utc = (y, m, d) => new Date(Date.UTC(y, m - 1, d));
const plus = (d, n) => new Date(d.getTime() + n * 86_400_000);

const lunarFmt = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
function lunar(d) {
  const parts = lunarFmt.formatToParts(d);
  const month = parts.find((p) => p.type === 'month').value; // "4" or "4bis" for a leap month
  return { month, day: Number(parts.find((p) => p.type === 'day').value) };
}
/** The Gregorian date of lunar month/day in the lunar year that starts in Gregorian `year`. */
function fromLunar(year, month, day) {
  for (let d = utc(year, 1, 15); d < utc(year + 1, 1, 15); d = plus(d, 1)) {
    const l = lunar(d);
    if (l.month === String(month) && l.day === day) {
      // Spring Festival search must not catch the previous lunar year's month 1 (never in Jan 15+).
      return d;
    }
  }
  throw new Error(`no lunar ${month}/${day} in ${year}`);
}
function qingming(year) {
  const y = year % 100;
  return utc(year, 4, Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4));
}
function easter(year) {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}
function nthWeekday(year, month, weekday, n) {
  let d = utc(year, month, 1);
  while (d.getUTCDay() !== weekday) d = plus(d, 1);
  return plus(d, 7 * (n - 1));
}
function lastWeekday(year, month, weekday) {
  let d = plus(utc(year, month + 1, 1), -1);
  while (d.getUTCDay() !== weekday) d = plus(d, -1);
  return d;
}

const rows = [];
/** public: a day off (calling.skip_holidays); greeting: a care greeting goes out that day. */
const add = (country, d, key, { pub = true, greeting = false } = {}) => rows.push({ country, date: iso(d), key, public: pub, greeting });

// ICU's Chinese calendar misplaces a new moon that falls minutes from midnight in Beijing; these
// are the officially published Spring Festival dates where it disagrees (checked by the tests).
const SPRING_FESTIVAL_FIX = { 2027: utc(2027, 2, 6), 2030: utc(2030, 2, 3) };

for (let y = FIRST; y <= LAST; y++) {
  const sf = SPRING_FESTIVAL_FIX[y] ?? fromLunar(y, 1, 1);
  const dragon = fromLunar(y, 5, 5);
  const midAutumn = fromLunar(y, 8, 15);
  const buddha = fromLunar(y, 4, 8);
  const chungYeung = fromLunar(y, 9, 9);
  const qm = qingming(y);
  const gf = plus(easter(y), -2);

  // China (mainland), statutory days under the 2024 revision (13 days).
  add('CN', utc(y, 1, 1), 'new_year', { greeting: true });
  add('CN', plus(sf, -1), 'spring_festival_eve');
  add('CN', sf, 'spring_festival', { greeting: true });
  add('CN', plus(sf, 1), 'spring_festival');
  add('CN', plus(sf, 2), 'spring_festival');
  add('CN', qm, 'qingming');
  add('CN', utc(y, 5, 1), 'labour_day');
  add('CN', utc(y, 5, 2), 'labour_day');
  add('CN', dragon, 'dragon_boat', { greeting: true });
  add('CN', midAutumn, 'mid_autumn', { greeting: true });
  for (let i = 1; i <= 3; i++) add('CN', utc(y, 10, i), 'national_day');

  // Taiwan.
  add('TW', utc(y, 1, 1), 'new_year', { greeting: true });
  add('TW', plus(sf, -2), 'lunar_new_year_eve_eve');
  add('TW', plus(sf, -1), 'spring_festival_eve');
  add('TW', sf, 'spring_festival', { greeting: true });
  add('TW', plus(sf, 1), 'spring_festival');
  add('TW', plus(sf, 2), 'spring_festival');
  add('TW', utc(y, 2, 28), 'peace_memorial');
  add('TW', utc(y, 4, 4), 'childrens_day');
  if (iso(qm) !== iso(utc(y, 4, 4))) add('TW', qm, 'qingming');
  add('TW', utc(y, 5, 1), 'labour_day');
  add('TW', dragon, 'dragon_boat', { greeting: true });
  add('TW', utc(y, 9, 28), 'teachers_day');
  add('TW', midAutumn, 'mid_autumn', { greeting: true });
  add('TW', utc(y, 10, 10), 'national_day');
  add('TW', utc(y, 10, 25), 'retrocession_day');
  add('TW', utc(y, 12, 25), 'constitution_day');

  // Hong Kong (general holidays; substitute days for Sundays are not included).
  add('HK', utc(y, 1, 1), 'new_year', { greeting: true });
  add('HK', sf, 'spring_festival', { greeting: true });
  add('HK', plus(sf, 1), 'spring_festival');
  add('HK', plus(sf, 2), 'spring_festival');
  add('HK', gf, 'good_friday');
  add('HK', plus(gf, 1), 'easter');
  add('HK', plus(gf, 3), 'easter_monday');
  add('HK', qm, 'qingming');
  add('HK', utc(y, 5, 1), 'labour_day');
  add('HK', buddha, 'buddhas_birthday');
  add('HK', dragon, 'dragon_boat', { greeting: true });
  add('HK', utc(y, 7, 1), 'hksar_day');
  add('HK', midAutumn, 'mid_autumn', { pub: false, greeting: true });
  add('HK', plus(midAutumn, 1), 'day_after_mid_autumn');
  add('HK', utc(y, 10, 1), 'national_day');
  add('HK', chungYeung, 'chung_yeung');
  add('HK', utc(y, 12, 25), 'christmas', { greeting: true });
  add('HK', utc(y, 12, 26), 'boxing_day');

  // Singapore (Chinese and fixed-date holidays; see the header for what is missing).
  add('SG', utc(y, 1, 1), 'new_year', { greeting: true });
  add('SG', sf, 'spring_festival', { greeting: true });
  add('SG', plus(sf, 1), 'spring_festival');
  add('SG', gf, 'good_friday');
  add('SG', utc(y, 5, 1), 'labour_day');
  add('SG', dragon, 'dragon_boat', { pub: false, greeting: true });
  add('SG', utc(y, 8, 9), 'national_day');
  add('SG', midAutumn, 'mid_autumn', { pub: false, greeting: true });
  add('SG', utc(y, 12, 25), 'christmas', { greeting: true });

  // United States (federal; a Saturday holiday is observed on Friday, a Sunday one on Monday).
  const usFixed = [
    [utc(y, 1, 1), 'new_year', true],
    [utc(y, 6, 19), 'juneteenth', false],
    [utc(y, 7, 4), 'independence_day', false],
    [utc(y, 11, 11), 'veterans_day', false],
    [utc(y, 12, 25), 'christmas', true],
  ];
  for (const [d, key, greeting] of usFixed) {
    add('US', d, key, { greeting });
    if (d.getUTCDay() === 6) add('US', plus(d, -1), key + '_observed');
    if (d.getUTCDay() === 0) add('US', plus(d, 1), key + '_observed');
  }
  add('US', nthWeekday(y, 1, 1, 3), 'mlk_day');
  add('US', nthWeekday(y, 2, 1, 3), 'presidents_day');
  add('US', lastWeekday(y, 5, 1), 'memorial_day');
  add('US', nthWeekday(y, 9, 1, 1), 'labor_day');
  add('US', nthWeekday(y, 10, 1, 2), 'columbus_day');
  add('US', nthWeekday(y, 11, 4, 4), 'thanksgiving', { greeting: true });

  // United Kingdom (England and Wales bank holidays, with substitute days).
  const gbTaken = new Set();
  const gb = (d, key, opts) => {
    add('GB', d, key, opts);
    gbTaken.add(iso(d));
  };
  gb(gf, 'good_friday');
  gb(plus(gf, 3), 'easter_monday');
  gb(nthWeekday(y, 5, 1, 1), 'early_may');
  gb(lastWeekday(y, 5, 1), 'spring_bank');
  gb(lastWeekday(y, 8, 1), 'summer_bank');
  for (const [d, key, greeting] of [
    [utc(y, 1, 1), 'new_year', true],
    [utc(y, 12, 25), 'christmas', true],
    [utc(y, 12, 26), 'boxing_day', false],
  ]) {
    gb(d, key, { greeting });
  }
  for (const [d, key] of [
    [utc(y, 1, 1), 'new_year'],
    [utc(y, 12, 25), 'christmas'],
    [utc(y, 12, 26), 'boxing_day'],
  ]) {
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) {
      let s = plus(d, 1);
      while (s.getUTCDay() === 0 || s.getUTCDay() === 6 || gbTaken.has(iso(s))) s = plus(s, 1);
      gb(s, key + '_substitute');
    }
  }
}

rows.sort((a, b) => a.country.localeCompare(b.country) || a.date.localeCompare(b.date) || a.key.localeCompare(b.key));
const byCountry = {};
for (const r of rows) {
  const flags = (r.public ? 'p' : '') + (r.greeting ? 'g' : '');
  (byCountry[r.country] ??= []).push(`${r.date} ${r.key} ${flags}`);
}
const out = [
  '// GENERATED by data/holidays/generate.mjs — do not edit by hand; run `node data/holidays/generate.mjs`.',
  '// One line per day: "YYYY-MM-DD key flags", flags p = public holiday (a day off), g = greeting day.',
  `export const HOLIDAY_YEARS = { first: ${FIRST}, last: ${LAST} } as const;`,
  '',
  'export const HOLIDAY_DATA: Record<string, string> = {',
  ...Object.entries(byCountry).map(([c, lines]) => `  ${c}: \`\n${lines.join('\n')}\n\`,`),
  '};',
  '',
];
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'core', 'holidayData.ts');
fs.writeFileSync(target, out.join('\n'));
console.log(`wrote ${rows.length} days to ${path.relative(process.cwd(), target)}`);
