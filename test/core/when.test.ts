import { describe, expect, it } from 'vitest';
import { normalizeWhen, parseDuration, parseSmallNumber, parseWhen } from '../../src/core/when.js';

const TPE = 'Asia/Taipei';
// Wednesday 2 December 2026, 10:00 in Taipei (UTC+8, no DST).
const NOW = Date.UTC(2026, 11, 2, 2, 0);
const at = (text: string, zone = TPE, now = NOW) => {
  const r = parseWhen(text, { now, zone });
  if (!r.ok) throw new Error(`${text}: ${r.reason}`);
  return new Date(r.at).toISOString();
};
const refused = (text: string, zone = TPE, now = NOW) => {
  const r = parseWhen(text, { now, zone });
  if (r.ok) throw new Error(`${text} was accepted as ${new Date(r.at).toISOString()}`);
  return r.reason;
};
// Taipei local → ISO UTC
const tpe = (d: string, h: number, m = 0) => {
  const [y, mo, da] = d.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, da, h - 8, m)).toISOString();
};

describe('parseWhen — English', () => {
  it.each([
    ['2026-12-03 10:30', tpe('2026-12-03', 10, 30)],
    ['2026-12-03T10:30', tpe('2026-12-03', 10, 30)],
    ['2026/12/03 10:30', tpe('2026-12-03', 10, 30)],
    ['2026-12-03', tpe('2026-12-03', 9)],
    ['2026-12-03T10:30:00Z', '2026-12-03T10:30:00.000Z'],
    ['2026-12-03T10:30+09:00', '2026-12-03T01:30:00.000Z'],
    ['+2h', tpe('2026-12-02', 12)],
    ['+30m', tpe('2026-12-02', 10, 30)],
    ['+3d', tpe('2026-12-05', 10)],
    ['+1h30m', tpe('2026-12-02', 11, 30)],
    ['+1w', tpe('2026-12-09', 10)],
    ['in 2 hours', tpe('2026-12-02', 12)],
    ['in a day', tpe('2026-12-03', 10)],
    ['now', tpe('2026-12-02', 10)],
    ['tomorrow 10:00', tpe('2026-12-03', 10)],
    ['Tomorrow at 3pm', tpe('2026-12-03', 15)],
    ['tomorrow 3:30 pm', tpe('2026-12-03', 15, 30)],
    ['tomorrow noon', tpe('2026-12-03', 12)],
    ['tomorrow 12am', tpe('2026-12-03', 0)],
    ['tomorrow', tpe('2026-12-03', 9)],
    ['day after tomorrow 14:00', tpe('2026-12-04', 14)],
    ['10am tomorrow', tpe('2026-12-03', 10)],
    ['today 15:00', tpe('2026-12-02', 15)],
    ['16:45', tpe('2026-12-02', 16, 45)],
    ['fri 15:00', tpe('2026-12-04', 15)],
    ['Friday 15:00', tpe('2026-12-04', 15)],
    ['mon 9am', tpe('2026-12-07', 9)],
    ['next monday 9am', tpe('2026-12-07', 9)],
    ['this friday 2pm', tpe('2026-12-04', 14)],
    ['this wednesday 18:00', tpe('2026-12-02', 18)],
    ['dec 24 10:00', tpe('2026-12-24', 10)],
    ['3 jan 10:00', tpe('2027-01-03', 10)],
    ['January 5, 2027 9am', tpe('2027-01-05', 9)],
    ['ＴＯＭＯＲＲＯＷ　１０：００', tpe('2026-12-03', 10)],
  ])('%s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });
});

describe('parseWhen — 繁體中文', () => {
  it.each([
    ['明天 10:00', tpe('2026-12-03', 10)],
    ['明天上午10點', tpe('2026-12-03', 10)],
    ['明天下午3點半', tpe('2026-12-03', 15, 30)],
    ['明天下午三點十五分', tpe('2026-12-03', 15, 15)],
    ['明天晚上八點', tpe('2026-12-03', 20)],
    ['明天中午12點', tpe('2026-12-03', 12)],
    ['明天下午兩點一刻', tpe('2026-12-03', 14, 15)],
    ['後天', tpe('2026-12-04', 9)],
    ['大後天 14:00', tpe('2026-12-05', 14)],
    ['下週一 9:00', tpe('2026-12-07', 9)],
    ['下週五', tpe('2026-12-11', 9)],
    ['下下週一 上午9點', tpe('2026-12-14', 9)],
    ['週五下午兩點', tpe('2026-12-04', 14)],
    ['星期六 10:00', tpe('2026-12-05', 10)],
    ['禮拜天 上午10點', tpe('2026-12-06', 10)],
    ['2小時後', tpe('2026-12-02', 12)],
    ['半小時後', tpe('2026-12-02', 10, 30)],
    ['3天後', tpe('2026-12-05', 10)],
    ['12月24日 下午2點', tpe('2026-12-24', 14)],
    ['2027年1月3日 10:00', tpe('2027-01-03', 10)],
    ['明天14點', tpe('2026-12-03', 14)],
  ])('%s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });
});

describe('parseWhen — 简体中文', () => {
  it.each([
    ['下周一', tpe('2026-12-07', 9)],
    ['下个星期三 15:00', tpe('2026-12-09', 15)],
    ['今天下午3点', tpe('2026-12-02', 15)],
    ['今天下午3:30', tpe('2026-12-02', 15, 30)],
    ['明天上午十点', tpe('2026-12-03', 10)],
    ['本周五 上午10点', tpe('2026-12-04', 10)],
    ['这周日 下午4点', tpe('2026-12-06', 16)],
    ['两小时后', tpe('2026-12-02', 12)],
    ['30分钟后', tpe('2026-12-02', 10, 30)],
    ['一个星期后', tpe('2026-12-09', 10)],
    ['12月3号 10:00', tpe('2026-12-03', 10)],
    ['后天下午五点', tpe('2026-12-04', 17)],
  ])('%s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });
});

describe('parseWhen refuses what is ambiguous or impossible', () => {
  it.each([
    ['', 'when.error.empty'],
    ['soon', 'when.error.unrecognised'],
    ['tomorrow morning-ish', 'when.error.unrecognised'],
    ['12/03 10:00', 'when.error.ambiguous_date'],
    ['03-12', 'when.error.ambiguous_date'],
    ['tomorrow 3', 'when.error.ambiguous_time'],
    ['明天3點', 'when.error.ambiguous_time'],
    ['明天十點', 'when.error.ambiguous_time'],
    ['明天上午', 'when.error.no_time'],
    ['明天晚上12點', 'when.error.ambiguous_time'],
    // On a Wednesday, "next friday" may mean the 4th or the 11th.
    ['next friday', 'when.error.ambiguous_next'],
    // "wed" on a Wednesday: today or in a week?
    ['wed 15:00', 'when.error.ambiguous_weekday'],
    ['this monday', 'when.error.past'],
    ['today 9:00', 'when.error.past'],
    ['2026-11-30 10:00', 'when.error.past'],
    ['2026-02-30 10:00', 'when.error.bad_date'],
    ['tomorrow 25:00', 'when.error.bad_time'],
    ['tomorrow 13pm', 'when.error.bad_time'],
    ['明天上午13點', 'when.error.bad_time'],
  ])('%s → %s', (text, reason) => {
    expect(refused(text)).toBe(reason);
  });

  it('gives working examples with a refusal, the ISO one dated tomorrow', () => {
    const r = parseWhen('whenever', { now: NOW, zone: TPE });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.examples[0]).toBe('2026-12-03 10:30');
    expect(r.examples).toContain('明天上午10點');
    for (const e of r.examples) expect(parseWhen(e, { now: NOW, zone: TPE }).ok, e).toBe(true);
    expect(r.params.input).toBe('whenever');
  });

  it('accepts a past time only when asked to', () => {
    expect(parseWhen('today 9:00', { now: NOW, zone: TPE, allowPast: true })).toEqual({ ok: true, at: Date.UTC(2026, 11, 2, 1, 0) });
  });

  it('uses the configured default time for a day alone', () => {
    expect(parseWhen('tomorrow', { now: NOW, zone: TPE, defaultTime: '14:30' })).toEqual({ ok: true, at: Date.UTC(2026, 11, 3, 6, 30) });
  });
});

describe('parseWhen across daylight-saving changes', () => {
  const NY = 'America/New_York';
  // Saturday 7 March 2026, 10:00 EST (UTC-5); clocks spring forward on Sunday 8 March at 02:00.
  const beforeSpring = Date.UTC(2026, 2, 7, 15, 0);
  // Saturday 31 October 2026, 10:00 EDT (UTC-4); clocks fall back on Sunday 1 November at 02:00.
  const beforeFall = Date.UTC(2026, 9, 31, 14, 0);

  it('keeps the wall-clock time for days and exact durations for hours (spring)', () => {
    expect(at('tomorrow 10:00', NY, beforeSpring)).toBe('2026-03-08T14:00:00.000Z');
    expect(at('+1d', NY, beforeSpring)).toBe('2026-03-08T14:00:00.000Z');
    expect(at('+24h', NY, beforeSpring)).toBe('2026-03-08T15:00:00.000Z');
    expect(at('sun 9am', NY, beforeSpring)).toBe('2026-03-08T13:00:00.000Z');
  });

  it('refuses a local time the spring change skips', () => {
    expect(refused('tomorrow 02:30', NY, beforeSpring)).toBe('when.error.dst_gap');
    expect(refused('2026-03-08 02:15', NY, beforeSpring)).toBe('when.error.dst_gap');
  });

  it('keeps the wall-clock time in autumn and refuses the repeated hour', () => {
    expect(at('tomorrow 10:00', NY, beforeFall)).toBe('2026-11-01T15:00:00.000Z');
    expect(at('+1d', NY, beforeFall)).toBe('2026-11-01T15:00:00.000Z');
    expect(at('+24h', NY, beforeFall)).toBe('2026-11-01T14:00:00.000Z');
    expect(refused('tomorrow 01:30', NY, beforeFall)).toBe('when.error.dst_overlap');
    expect(at('tomorrow 03:00', NY, beforeFall)).toBe('2026-11-01T08:00:00.000Z');
  });

  it('London: 明天上午10點 across the October change', () => {
    // Saturday 24 October 2026 12:00 BST; Sunday is GMT.
    expect(at('明天上午10點', 'Europe/London', Date.UTC(2026, 9, 24, 11, 0))).toBe('2026-10-25T10:00:00.000Z');
    expect(at('下週一 9:00', 'Europe/London', Date.UTC(2026, 9, 24, 11, 0))).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('helpers', () => {
  it('normalises full-width, Traditional characters and spaces', () => {
    expect(normalizeWhen('  下週一　９：００ ')).toBe('下周一 9:00');
    expect(normalizeWhen('明天上午10點')).toBe('明天上午10点');
  });

  it.each([
    ['10', 10],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十五', 25],
    ['两', 2],
    ['三', 3],
    ['十十', undefined],
    ['abc', undefined],
  ])('parseSmallNumber(%s) = %s', (s, n) => {
    expect(parseSmallNumber(s)).toBe(n);
  });

  it.each([
    ['30m', 30 * 60_000],
    ['2h', 2 * 3_600_000],
    ['1h30m', 90 * 60_000],
    ['+1d', 86_400_000],
    ['2小時', 2 * 3_600_000],
    ['半小时', 30 * 60_000],
    ['一个半小时', 90 * 60_000],
    ['0m', undefined],
    ['soon', undefined],
  ])('parseDuration(%s)', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });
});
