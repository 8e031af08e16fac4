import { describe, expect, it } from 'vitest';
import { addCounts, datesBetween, daysInclusive, displayTarget, emptyCounts, formatDuration, kpis, lineFigures, pct, periodRange, rate, scaledTarget, sparkline } from '../../src/core/report.js';

describe('KPI maths', () => {
  it('percentages with one decimal, null when nothing to divide', () => {
    expect(pct(5, 7)).toBe(71.4);
    expect(pct(1, 3)).toBe(33.3);
    expect(pct(2, 3)).toBe(66.7);
    expect(pct(0, 4)).toBe(0);
    expect(pct(3, 0)).toBeNull();
  });

  it('connect rate, average talk per connected call, on-time and SLA rates', () => {
    // avg = all talk seconds / connected calls (372 / 1), the figure session --summary uses too.
    const c = { ...emptyCounts(), dials: 7, connects: 5, talkS: 515, connectedTalkS: 480, followupsDue: 3, followupsOnTime: 1, gradeALeads: 2, gradeAInSla: 1 };
    expect(kpis(c)).toEqual({ connectRate: 71.4, avgCallS: 103, followupsOnTimePct: 33.3, gradeASlaPct: 50 });
    expect(kpis(emptyCounts())).toEqual({ connectRate: null, avgCallS: null, followupsOnTimePct: null, gradeASlaPct: null });
  });

  it('JSON/CSV figures: snake_case, rates as fractions 0–1, avg_talk_s = talk seconds / connected calls', () => {
    const counts = { ...emptyCounts(), dials: 2, connects: 1, talkS: 372, connectedTalkS: 333, followupsDue: 3, followupsOnTime: 2, followupsPending: 2 };
    const none = { target: null, actual: 0 };
    const f = lineFigures({ counts, targets: { calls: { target: 4, actual: 2 }, conversations: none, deals: none, revenue: none } });
    expect(f).toMatchObject({ connect_rate: 0.5, talk_s: 372, avg_talk_s: 372, followups_on_time_rate: 0.6667, followups_pending: 2, target_calls: 4, target_calls_rate: 0.5, target_deals: null, target_deals_rate: null });
    expect(rate(1, 0)).toBeNull();
  });

  it('adds counts and disposition breakdowns', () => {
    const a = { ...emptyCounts(), dials: 2, dispositions: { busy: 1, interested: 1 } };
    const b = { ...emptyCounts(), dials: 3, dispositions: { busy: 2 } };
    const sum = addCounts(addCounts(emptyCounts(), a), b);
    expect(sum.dials).toBe(5);
    expect(sum.dispositions).toEqual({ busy: 3, interested: 1 });
  });
});

describe('targets over a period', () => {
  it('prefers the daily target, then weekly, then monthly, scaled by days', () => {
    const t = { day: { calls: 60, conversations: 15 }, week: { deals: 3, calls: 999 }, month: { revenue: 300_000 } };
    expect(scaledTarget(t, 'calls', 2)).toBe(120);
    expect(scaledTarget(t, 'conversations', 7)).toBe(105);
    expect(scaledTarget(t, 'deals', 7)).toBe(3);
    expect(scaledTarget(t, 'deals', 2)).toBeCloseTo(6 / 7);
    expect(scaledTarget(t, 'revenue', 30)).toBe(300_000);
    expect(scaledTarget({}, 'calls', 5)).toBeNull();
  });

  it('shows whole calls, conversations and deals rounded up (3 deals a week is 1 for a day, not 0.4); revenue to cents', () => {
    expect(displayTarget('deals', scaledTarget({ week: { deals: 3 } }, 'deals', 1))).toBe(1);
    expect(displayTarget('calls', scaledTarget({ week: { calls: 420 } }, 'calls', 7))).toBe(420);
    expect(displayTarget('calls', (60 * 7) / 7)).toBe(60);
    expect(displayTarget('revenue', 1000 / 3)).toBe(333.33);
    expect(displayTarget('deals', null)).toBeNull();
  });
});

describe('periods and dates', () => {
  const TPE = 'Asia/Taipei';
  // Wednesday 25 November 2026, 23:30 in Taipei (15:30 UTC).
  const now = Date.UTC(2026, 10, 25, 15, 30);
  it('today, this week (Monday to Sunday), this month in the zone', () => {
    expect(periodRange('today', now, TPE)).toEqual({ from: '2026-11-25', to: '2026-11-25' });
    expect(periodRange('week', now, TPE)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodRange('month', now, TPE)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodRange('today', now, 'UTC')).toEqual({ from: '2026-11-25', to: '2026-11-25' });
    // Sunday belongs to the week that started on Monday.
    expect(periodRange('week', Date.UTC(2026, 10, 29, 4), TPE)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodRange('month', Date.UTC(2028, 1, 10), TPE)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('counts days and lists dates inclusively', () => {
    expect(daysInclusive('2026-11-23', '2026-11-24')).toBe(2);
    expect(daysInclusive('2026-03-01', '2026-03-31')).toBe(31);
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

describe('sparkline and durations', () => {
  it('scales from ▁ to █', () => {
    expect(sparkline([0, 7])).toBe('▁█');
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([3, 3, 3])).toBe('███');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([5, 10])).toBe('▄█');
    expect(sparkline([])).toBe('');
  });

  it('formats seconds', () => {
    expect(formatDuration(515)).toBe('8:35');
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
