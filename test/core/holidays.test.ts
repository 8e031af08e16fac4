import { describe, expect, it } from 'vitest';
import { greetingDays, hasHolidayData, holidayCountries, holidaysBetween, holidaysOn, HOLIDAY_YEARS, isHoliday, isHolidayAt } from '../../src/core/holidays.js';

// Dates as published (State Council, Taiwan DGPA, HK gazette, timeanddate.com lunar tables).
const SPRING_FESTIVAL: Record<number, string> = {
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03',
  2031: '2031-01-23', 2032: '2032-02-11', 2033: '2033-01-31', 2034: '2034-02-19', 2035: '2035-02-08',
};
const DRAGON_BOAT: Record<number, string> = {
  2025: '2025-05-31', 2026: '2026-06-19', 2027: '2027-06-09', 2028: '2028-05-28', 2029: '2029-06-16', 2030: '2030-06-05',
  2031: '2031-06-24', 2032: '2032-06-12', 2033: '2033-06-01', 2034: '2034-06-20', 2035: '2035-06-10',
};
const MID_AUTUMN: Record<number, string> = {
  2025: '2025-10-06', 2026: '2026-09-25', 2027: '2027-09-15', 2028: '2028-10-03', 2029: '2029-09-22', 2030: '2030-09-12',
  2031: '2031-10-01', 2032: '2032-09-19', 2033: '2033-09-08', 2034: '2034-09-27', 2035: '2035-09-16',
};
const QINGMING: Record<number, string> = {
  2025: '2025-04-04', 2026: '2026-04-05', 2027: '2027-04-05', 2028: '2028-04-04', 2029: '2029-04-04', 2030: '2030-04-05',
  2031: '2031-04-05', 2032: '2032-04-04', 2033: '2033-04-04', 2034: '2034-04-05', 2035: '2035-04-05',
};

const keysOn = (c: string, d: string) => holidaysOn(c, d).map((h) => h.key);

describe('holiday data 2025–2035', () => {
  it('covers the promised years and countries', () => {
    expect(HOLIDAY_YEARS).toEqual({ first: 2025, last: 2035 });
    expect(holidayCountries()).toEqual(['CN', 'GB', 'HK', 'SG', 'TW', 'US']);
  });

  for (const year of Object.keys(SPRING_FESTIVAL).map(Number)) {
    it(`lunar festivals of ${year} in CN, TW, HK and SG`, () => {
      for (const c of ['CN', 'TW', 'HK', 'SG']) {
        expect(keysOn(c, SPRING_FESTIVAL[year]), `${c} spring festival`).toContain('spring_festival');
        expect(keysOn(c, DRAGON_BOAT[year]), `${c} dragon boat`).toContain('dragon_boat');
        expect(keysOn(c, MID_AUTUMN[year]), `${c} mid-autumn`).toContain('mid_autumn');
        // Exactly one first day of the year, one Dragon Boat, one Mid-Autumn per country and year.
        const all = holidaysBetween(c, `${year}-01-01`, `${year}-12-31`);
        expect(all.filter((h) => h.key === 'dragon_boat')).toHaveLength(1);
        expect(all.filter((h) => h.key === 'mid_autumn')).toHaveLength(1);
        expect(all.filter((h) => h.key === 'spring_festival' && h.greeting)).toHaveLength(1);
      }
      expect(isHoliday('CN', QINGMING[year])).toBe(true);
      expect(isHoliday('HK', QINGMING[year])).toBe(true);
    });
  }

  it('public days off, per country', () => {
    // Mainland China 2026: eve + three days of Spring Festival, 1–3 October.
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-10-01', '2026-10-03', '2026-05-02']) expect(isHoliday('CN', d), d).toBe(true);
    expect(isHoliday('CN', '2026-10-10')).toBe(false);
    // Taiwan: 228, National Day, the two days before the new year.
    for (const d of ['2026-02-28', '2026-10-10', '2026-02-15', '2026-02-16', '2026-04-04']) expect(isHoliday('TW', d), d).toBe(true);
    // Hong Kong 2026: Good Friday 3 April, Buddha's Birthday 24 May, Chung Yeung 18 October.
    for (const d of ['2026-04-03', '2026-04-06', '2026-05-24', '2026-10-18', '2026-09-26', '2026-07-01']) expect(isHoliday('HK', d), d).toBe(true);
    // Mid-Autumn itself is not a day off in Hong Kong (the day after is), nor in Singapore.
    expect(isHoliday('HK', '2026-09-25')).toBe(false);
    expect(isHoliday('SG', '2026-09-25')).toBe(false);
    expect(greetingDays('SG', '2026-09-25', '2026-09-25').map((h) => h.key)).toEqual(['mid_autumn']);
    expect(isHoliday('SG', '2026-08-09')).toBe(true);
    // US: Thanksgiving 26 November 2026; 4 July 2026 is a Saturday, observed Friday 3 July.
    expect(isHoliday('US', '2026-11-26')).toBe(true);
    expect(isHoliday('US', '2026-07-03')).toBe(true);
    // England: Christmas 2027 on a Saturday → substitute days 27 and 28 December.
    expect(isHoliday('GB', '2027-12-27')).toBe(true);
    expect(isHoliday('GB', '2027-12-28')).toBe(true);
    expect(isHoliday('GB', '2026-08-31')).toBe(true);
  });

  it('ordinary days, unknown countries and lower-case codes', () => {
    expect(isHoliday('TW', '2026-11-30')).toBe(false);
    expect(isHoliday('FR', '2026-01-01')).toBe(false);
    expect(isHoliday(null, '2026-01-01')).toBe(false);
    expect(isHoliday('tw', '2026-10-10')).toBe(true);
    expect(hasHolidayData('JP')).toBe(false);
    expect(hasHolidayData('cn')).toBe(true);
  });

  it('uses the local date of an instant in the given zone', () => {
    // 2026-10-09 17:00 UTC is already 10 October in Taipei.
    expect(isHolidayAt('TW', Date.UTC(2026, 9, 9, 17, 0), 'Asia/Taipei')).toBe(true);
    expect(isHolidayAt('TW', Date.UTC(2026, 9, 9, 15, 0), 'Asia/Taipei')).toBe(false);
  });

  it('lists greetings in date order within a range', () => {
    const g = greetingDays('TW', '2026-01-01', '2026-12-31').map((h) => `${h.date} ${h.key}`);
    expect(g).toEqual(['2026-01-01 new_year', '2026-02-17 spring_festival', '2026-06-19 dragon_boat', '2026-09-25 mid_autumn']);
  });
});
