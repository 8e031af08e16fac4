import { describe, expect, it } from 'vitest';
import { callbackOutsideWindow, daysToBirthday, dueLabel, etiquetteViolations, formatDuration, leadStatusAfter, nextEligibleAfter, progress, quickPickAt, summaryMaths, timerState, wrapUpProblems } from '../../src/core/session.js';
import { bigDigits } from '../../src/core/sessionDigits.js';
import { localDateTime } from '../../src/core/time.js';
import type { Disposition } from '../../src/core/types.js';

const disp = (code: string, f: Partial<Disposition> = {}): Disposition => ({
  code,
  labels: { en: code, 'zh-TW': code, 'zh-CN': code },
  hotkey: null,
  connected: false,
  final: false,
  retryAfterMin: null,
  conversation: false,
  requiresFollowup: false,
  addsDnc: false,
  sort: 0,
  ...f,
});

// Saturday 2026-11-28 15:20 in Taipei
const NOW = Date.UTC(2026, 10, 28, 7, 20);

describe('quick picks', () => {
  it.each([
    ['in_1h', 'Asia/Taipei', '2026-11-28 16:20'],
    ['tomorrow_10', 'Asia/Taipei', '2026-11-29 10:00'],
    ['in_3d', 'Asia/Taipei', '2026-12-01 15:20'],
    ['next_monday', 'Asia/Taipei', '2026-11-30 10:00'],
    ['tomorrow_10', 'America/New_York', '2026-11-29 10:00'],
  ] as const)('%s in %s → %s local', (pick, zone, expected) => {
    expect(localDateTime(quickPickAt(pick, NOW, zone), zone)).toBe(expected);
  });

  it('next Monday on a Monday is a week later', () => {
    const monday = Date.UTC(2026, 10, 30, 1, 0); // Mon 09:00 Taipei
    expect(localDateTime(quickPickAt('next_monday', monday, 'Asia/Taipei'), 'Asia/Taipei')).toBe('2026-12-07 10:00');
  });

  it('in 3 days keeps the wall clock across a DST change', () => {
    const beforeDst = Date.UTC(2026, 2, 6, 15, 0); // Fri 10:00 New York, DST starts Sun 8 March
    expect(localDateTime(quickPickAt('in_3d', beforeDst, 'America/New_York'), 'America/New_York')).toBe('2026-03-09 10:00');
  });
});

describe('lead status after a call', () => {
  it.each([
    [disp('dnc_request', { addsDnc: true, final: true, connected: true }), false, 'closed'],
    [disp('invalid_number', { final: true }), false, 'invalid'],
    [disp('already_customer', { final: true, connected: true }), false, 'customer'],
    [disp('not_interested', { final: true, connected: true }), false, 'not_interested'],
    [disp('interested', { connected: true }), true, 'interested'],
    [disp('callback_requested', { connected: true }), true, 'callback'],
    [disp('no_answer', { retryAfterMin: 120 }), false, 'contacted'],
  ] as const)('%s → %s', (d, cb, expected) => {
    expect(leadStatusAfter('new', d, cb)).toBe(expected);
  });

  it('a no-answer keeps an interested lead interested', () => {
    expect(leadStatusAfter('interested', disp('no_answer'), false)).toBe('interested');
  });

  it('next eligible: callback first, then retry delay, else now', () => {
    expect(nextEligibleAfter(1000, disp('busy', { retryAfterMin: 30 }), 5000)).toBe(5000);
    expect(nextEligibleAfter(1000, disp('busy', { retryAfterMin: 30 }), null)).toBe(1000 + 30 * 60_000);
    expect(nextEligibleAfter(1000, disp('x'), null)).toBe(1000);
  });
});

describe('wrap-up problems', () => {
  it('requires a disposition, a callback when the disposition needs one, and no callback in the past', () => {
    expect(wrapUpProblems({ disposition: null, callbackAt: null, now: NOW })).toEqual(['session.error.no_disposition']);
    expect(wrapUpProblems({ disposition: disp('interested', { requiresFollowup: true }), callbackAt: null, now: NOW })).toEqual(['session.error.callback_required']);
    expect(wrapUpProblems({ disposition: disp('interested', { requiresFollowup: true }), callbackAt: NOW + 1, now: NOW })).toEqual([]);
    expect(wrapUpProblems({ disposition: disp('busy'), callbackAt: NOW - 3600_000, now: NOW })).toEqual(['session.error.callback_past']);
  });

  const talk = disp('not_interested', { connected: true, conversation: true, final: true });
  const missing = ['introduce', 'purpose'];

  it('a conversation with mandatory etiquette missing is refused unless the customer hung up', () => {
    expect(wrapUpProblems({ disposition: talk, callbackAt: null, now: NOW, etiquetteMissing: missing, hungUpBy: 'rep' })).toEqual(['session.error.etiquette_missing']);
    expect(wrapUpProblems({ disposition: talk, callbackAt: null, now: NOW, etiquetteMissing: missing, hungUpBy: null })).toEqual(['session.error.etiquette_missing']);
    expect(wrapUpProblems({ disposition: talk, callbackAt: null, now: NOW, etiquetteMissing: missing, hungUpBy: 'customer' })).toEqual([]);
    expect(wrapUpProblems({ disposition: talk, callbackAt: null, now: NOW, etiquetteMissing: [], hungUpBy: 'rep' })).toEqual([]);
    // not a conversation: busy, no answer, a do-not-call request, a wrong person
    expect(wrapUpProblems({ disposition: disp('busy'), callbackAt: null, now: NOW, etiquetteMissing: missing, hungUpBy: 'rep' })).toEqual([]);
    expect(wrapUpProblems({ disposition: disp('dnc_request', { connected: true, addsDnc: true }), callbackAt: null, now: NOW, etiquetteMissing: missing, hungUpBy: 'rep' })).toEqual([]);
  });

  it('skipped etiquette is a violation only on a call that reached the customer who did not hang up', () => {
    expect(etiquetteViolations({ disposition: disp('dnc_request', { connected: true }), hungUpBy: 'rep', etiquetteMissing: missing })).toEqual(missing);
    expect(etiquetteViolations({ disposition: disp('dnc_request', { connected: true }), hungUpBy: 'customer', etiquetteMissing: missing })).toEqual([]);
    expect(etiquetteViolations({ disposition: disp('no_answer'), hungUpBy: 'rep', etiquetteMissing: missing })).toEqual([]);
  });
});

describe('callbacks and the calling window', () => {
  const win = { start: '09:00', end: '20:00' };
  it('a callback outside the lead\'s window, in the lead\'s zone, gives its local time', () => {
    // 2026-11-29 21:30 London = 21:30 UTC
    expect(callbackOutsideWindow(Date.UTC(2026, 10, 29, 21, 30), 'Europe/London', win)).toBe('21:30');
    expect(callbackOutsideWindow(Date.UTC(2026, 10, 29, 10, 0), 'Europe/London', win)).toBeNull();
    // 10:00 in Taipei is 02:00 in London: outside there
    expect(callbackOutsideWindow(Date.UTC(2026, 10, 29, 2, 0), 'Europe/London', win)).toBe('02:00');
    expect(callbackOutsideWindow(Date.UTC(2026, 10, 29, 20, 0), 'Europe/London', win)).toBe('20:00'); // end excluded
    expect(callbackOutsideWindow(Date.UTC(2026, 10, 29, 9, 0), 'Europe/London', win)).toBeNull();
  });

  it('a due time carries its date when it is not today', () => {
    const now = Date.UTC(2026, 10, 30, 3, 0); // 11:00 Taipei, Monday 30 November
    expect(dueLabel(Date.UTC(2026, 10, 30, 1, 0), now, 'Asia/Taipei')).toBe('09:00');
    expect(dueLabel(Date.UTC(2026, 10, 28, 15, 0), now, 'Asia/Taipei')).toBe('11-28 23:00');
    expect(dueLabel(Date.UTC(2025, 11, 31, 15, 0), now, 'Asia/Taipei')).toBe('2025-12-31 23:00');
    expect(dueLabel(Date.UTC(2026, 11, 31, 15, 0), now, 'Asia/Taipei')).toBe('12-31 23:00');
  });
});

describe('summary maths and formatting', () => {
  it('connect rate and average call length; none without calls', () => {
    const base = { calls: 4, conversations: 2, connected: 3, talkTimeS: 600, followupsSet: 1, dealsOpened: 0, dealsWon: 0, revenue: 0 };
    expect(summaryMaths(base)).toEqual({ connectRate: 0.75, avgCallS: 200 });
    expect(summaryMaths({ ...base, calls: 0, connected: 0 })).toEqual({ connectRate: null, avgCallS: null });
    expect(summaryMaths({ ...base, calls: 2, connected: 0, talkTimeS: 0 })).toEqual({ connectRate: 0, avgCallS: null });
    expect(progress(30, 60)).toBe(0.5);
    expect(progress(30, undefined)).toBeNull();
  });

  it.each([
    [0, '0:00'],
    [75, '1:15'],
    [3725, '1:02:05'],
    [-3, '0:00'],
  ])('formatDuration(%i) = %s', (s, out) => expect(formatDuration(s)).toBe(out));

  it('timer colours by the soft and hard budgets', () => {
    expect(timerState(100, { softS: 300, hardS: 600 })).toBe('ok');
    expect(timerState(300, { softS: 300, hardS: 600 })).toBe('soft');
    expect(timerState(700, { softS: 300, hardS: 600 })).toBe('hard');
    expect(timerState(700, {})).toBe('ok');
  });

  it('days to the next birthday, wrapping the year and handling 29 February', () => {
    expect(daysToBirthday('1980-11-30', NOW, 'Asia/Taipei')).toBe(2);
    expect(daysToBirthday('1980-11-28', NOW, 'Asia/Taipei')).toBe(0);
    expect(daysToBirthday('1980-11-01', NOW, 'Asia/Taipei')).toBe(338);
    expect(daysToBirthday('1980-02-29', NOW, 'Asia/Taipei')).toBe(92);
    expect(daysToBirthday(null, NOW, 'Asia/Taipei')).toBeNull();
    expect(daysToBirthday('soon', NOW, 'Asia/Taipei')).toBeNull();
  });
});

describe('big digits for dialling by hand', () => {
  it('draws a number in three lines of box characters, three columns a glyph and one between', () => {
    expect(bigDigits('+886 12')).toEqual([
      '    ┌─┐ ┌─┐ ┌─╴     ╶┐  ╶─┐',
      '╶┼╴ ├─┤ ├─┤ ├─┐      │  ┌─┘',
      '    └─┘ └─┘ └─┘     ╶┴╴ └─╴',
    ]);
    const all = bigDigits('0123456789')!;
    expect(all.map((l) => l.length)).toEqual([39, 39, 39]);
    // every digit has its own drawing
    const glyphs = Array.from({ length: 10 }, (_, i) => all.map((l) => l.slice(i * 4, i * 4 + 3)).join('/'));
    expect(new Set(glyphs).size).toBe(10);
  });

  it('has an ASCII drawing for --ascii', () => {
    expect(bigDigits('+4470', 'ascii')).toEqual([
      '             _   _ ',
      '_|_ |_| |_|   | | |',
      ' |    |   |   | |_|',
    ]);
    expect(bigDigits('0123456789', 'ascii')!.join('')).toMatch(/^[ _|]+$/);
  });

  it('drops brackets and dots, keeps dashes; refuses what it cannot draw', () => {
    expect(bigDigits('(02) 1.2')).toEqual(bigDigits('02 12'));
    expect(bigDigits('0912-3')![1]).toContain('╶─╴');
    expect(bigDigits('0912 ext 3')).toBeNull();
    expect(bigDigits('  ')).toBeNull();
  });
});
