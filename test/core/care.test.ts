import { describe, expect, it } from 'vitest';
import { birthdayIn, birthdayMonthDay, greetingDate, planCare, type CareLead } from '../../src/core/care.js';

const TPE = 'Asia/Taipei';
// Taipei local → epoch ms
const tpe = (d: string, h = 0, m = 0) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10), h - 8, m);

const lead = (over: Partial<CareLead>): CareLead => ({
  id: 'L1',
  name: '王小明',
  ownerId: 'bob',
  status: 'customer',
  country: 'TW',
  timezone: TPE,
  birthday: null,
  lastCallAt: tpe('2026-11-20', 10),
  createdAt: tpe('2026-01-01'),
  ...over,
});
const opts = (now: number, days = 14) => ({ now, days, checkinDays: 90, defaultZone: TPE });

describe('birthdays', () => {
  it('reads full dates and month-days', () => {
    expect(birthdayMonthDay('1980-12-05')).toEqual({ month: 12, day: 5 });
    expect(birthdayMonthDay('--02-29')).toEqual({ month: 2, day: 29 });
    expect(birthdayMonthDay('02-29')).toEqual({ month: 2, day: 29 });
    expect(birthdayMonthDay('1980-02-30')).toBeUndefined();
    expect(birthdayMonthDay('5 Dec')).toBeUndefined();
    expect(birthdayMonthDay(null)).toBeUndefined();
  });

  it('29 February is greeted on 28 February in common years', () => {
    expect(birthdayIn(2027, { month: 2, day: 29 })).toBe('2027-02-28');
    expect(birthdayIn(2028, { month: 2, day: 29 })).toBe('2028-02-29');
    const tasks = planCare([lead({ birthday: '1992-02-29' })], opts(tpe('2027-02-20', 9)));
    expect(tasks.filter((t) => t.kind === 'birthday').map((t) => [t.date, t.dedupeKey])).toEqual([['2027-02-28', 'care:birthday:L1:2027']]);
    const leap = planCare([lead({ birthday: '1992-02-29' })], opts(tpe('2028-02-20', 9)));
    expect(leap.filter((t) => t.kind === 'birthday').map((t) => t.date)).toEqual(['2028-02-29']);
  });

  it('due at 10:00 in the lead\'s zone, across the new year, only inside the window', () => {
    const ny = lead({ id: 'L2', birthday: '1970-01-02', timezone: 'America/New_York', country: null });
    const tasks = planCare([ny, lead({ birthday: '1980-12-05' })], opts(tpe('2026-12-25', 9)));
    const bd = tasks.filter((t) => t.kind === 'birthday');
    expect(bd.map((t) => [t.leadId, t.date])).toEqual([['L2', '2027-01-02']]);
    expect(new Date(bd[0].dueAt).toISOString()).toBe('2027-01-02T15:00:00.000Z');
  });

  it('today\'s birthday after 10:00 is due now; a past one is not planned', () => {
    const now = tpe('2026-12-05', 15) + 12_345;
    const t = planCare([lead({ birthday: '1980-12-05' })], opts(now)).find((x) => x.kind === 'birthday')!;
    expect(t.dueAt).toBe(tpe('2026-12-05', 15));
    expect(planCare([lead({ birthday: '1980-12-04' })], opts(now)).filter((x) => x.kind === 'birthday')).toEqual([]);
  });
});

describe('holiday greetings', () => {
  it('the last working day before the holiday', () => {
    // Spring Festival 2027 in Taiwan: 6 Feb; 4 and 5 Feb are days off too → 3 Feb.
    expect(greetingDate('TW', '2027-02-06')).toBe('2027-02-03');
    expect(greetingDate('CN', '2026-09-25')).toBe('2026-09-24');
  });

  it('Mid-Autumn and Dragon Boat for TW, CN, HK and SG leads; none for unknown countries', () => {
    const now = tpe('2026-09-20', 9);
    for (const country of ['TW', 'CN', 'HK', 'SG']) {
      const tasks = planCare([lead({ country, status: 'interested' })], opts(now));
      expect(tasks.map((t) => `${t.kind}:${t.detail}:${t.date}`), country).toContain('holiday:mid_autumn:2026-09-24');
    }
    expect(planCare([lead({ country: 'FR' })], opts(now)).filter((t) => t.kind === 'holiday')).toEqual([]);
    const dragon = planCare([lead({})], opts(tpe('2026-06-10', 9)));
    expect(dragon.map((t) => t.dedupeKey)).toContain('care:holiday:L1:dragon_boat:2026-06-19');
  });

  it('greetings only for customers and interested leads, never twice the same key', () => {
    const now = tpe('2026-09-20', 9);
    expect(planCare([lead({ status: 'new' })], opts(now))).toEqual([]);
    const keys = planCare([lead({}), lead({ id: 'L9' })], opts(now)).map((t) => t.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('check-ins', () => {
  it('customers not called for N days, keyed by the last contact', () => {
    const now = tpe('2026-11-25', 9);
    const quiet = lead({ lastCallAt: tpe('2026-08-01', 10), country: null });
    const [t] = planCare([quiet], opts(now));
    expect(t).toMatchObject({ kind: 'checkin', date: '2026-11-25', dedupeKey: `care:checkin:L1:${tpe('2026-08-01', 10)}`, detail: '115' });
    expect(t.dueAt).toBe(tpe('2026-11-25', 10));
    expect(planCare([lead({ country: null })], opts(now))).toEqual([]);
    expect(planCare([lead({ lastCallAt: null, createdAt: tpe('2026-01-01'), country: null })], opts(now))[0].dedupeKey).toBe('care:checkin:L1:never');
    expect(planCare([lead({ status: 'interested', lastCallAt: tpe('2026-01-01'), country: null })], opts(now))).toEqual([]);
  });
});
