// KPI maths for reports: rates, averages, targets scaled to a period, period ranges, sparklines.
import { addDays, localParts } from './time.js';

export interface RepCounts {
  dials: number;
  connects: number;
  conversations: number;
  /** Seconds, every call of the rep. */
  talkS: number;
  /** Seconds of connected calls only (for the average call length). */
  connectedTalkS: number;
  dncRequests: number;
  violations: number;
  /** Follow-ups due in the period by now, or done (a follow-up not yet due is not missed). */
  followupsDue: number;
  followupsDone: number;
  followupsOnTime: number;
  /** Open follow-ups of the period that are not due yet. */
  followupsPending: number;
  gradeALeads: number;
  gradeAInSla: number;
  dealsWon: number;
  revenue: number;
  /** disposition code → calls */
  dispositions: Record<string, number>;
}

export function emptyCounts(): RepCounts {
  return {
    dials: 0,
    connects: 0,
    conversations: 0,
    talkS: 0,
    connectedTalkS: 0,
    dncRequests: 0,
    violations: 0,
    followupsDue: 0,
    followupsDone: 0,
    followupsOnTime: 0,
    followupsPending: 0,
    gradeALeads: 0,
    gradeAInSla: 0,
    dealsWon: 0,
    revenue: 0,
    dispositions: {},
  };
}

export function addCounts(into: RepCounts, c: RepCounts): RepCounts {
  for (const k of Object.keys(into) as (keyof RepCounts)[]) {
    if (k === 'dispositions') {
      for (const [d, n] of Object.entries(c.dispositions)) into.dispositions[d] = (into.dispositions[d] ?? 0) + n;
    } else into[k] += c[k];
  }
  return into;
}

/** part / whole as a percentage with one decimal, or null when there is nothing to divide by. */
export function pct(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

export interface Kpis {
  connectRate: number | null;
  /** Talk seconds per connected call (rounded): the same figure as `avg_talk_s` everywhere. */
  avgCallS: number | null;
  followupsOnTimePct: number | null;
  gradeASlaPct: number | null;
}

export function kpis(c: RepCounts): Kpis {
  return {
    connectRate: pct(c.connects, c.dials),
    avgCallS: c.connects > 0 ? Math.round(c.talkS / c.connects) : null,
    followupsOnTimePct: pct(c.followupsOnTime, c.followupsDue),
    gradeASlaPct: pct(c.gradeAInSla, c.gradeALeads),
  };
}

export type TargetPeriod = 'day' | 'week' | 'month';
export type TargetMetric = 'calls' | 'conversations' | 'deals' | 'revenue';
export type TargetSet = Partial<Record<TargetPeriod, Partial<Record<TargetMetric, number>>>>;

const PERIOD_DAYS: Record<TargetPeriod, number> = { day: 1, week: 7, month: 30 };

/**
 * A metric's target over `days` days, unrounded: from the most specific target set (daily × days,
 * else weekly × days/7, else monthly × days/30); null without a target. Sum these for a team, then
 * round with displayTarget.
 */
export function scaledTarget(targets: TargetSet, metric: TargetMetric, days: number): number | null {
  for (const period of ['day', 'week', 'month'] as TargetPeriod[]) {
    const v = targets[period]?.[metric];
    if (v !== undefined) return (v * days) / PERIOD_DAYS[period];
  }
  return null;
}

/**
 * A scaled target as shown: calls, conversations and deals are whole things, so their share of the
 * period is rounded up (3 deals a week is 1 deal for a day, not 0.4); revenue to cents.
 */
export function displayTarget(metric: TargetMetric, value: number | null): number | null {
  if (value === null) return null;
  // 1e-9: 7 × 60/7 is 60.000000000000004 in floating point, still a target of 60.
  if (metric !== 'revenue') return Math.ceil(value - 1e-9);
  return Math.round(value * 100) / 100;
}

/** A part of a whole as a fraction 0–1 (4 decimals), or null when there is nothing to divide by (JSON `*_rate`). */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

/** Count of days from `from` to `to` inclusive ('YYYY-MM-DD'). */
export function daysInclusive(from: string, to: string): number {
  const a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
  const b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
  return Math.round((b - a) / 86_400_000) + 1;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar range of a named period around `now` in `zone`: today, this week (Mon–Sun), this month. */
export function periodRange(period: 'today' | 'week' | 'month', now: number, zone: string): { from: string; to: string } {
  const p = localParts(now, zone);
  const today = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  if (period === 'today') return { from: today, to: today };
  if (period === 'week') {
    const from = addDays(today, -((p.weekday + 6) % 7));
    return { from, to: addDays(from, 6) };
  }
  const from = `${p.year}-${pad(p.month)}-01`;
  const last = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  return { from, to: `${p.year}-${pad(p.month)}-${pad(last)}` };
}

/** Every date from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 4000; d = addDays(d, 1)) out.push(d);
  return out;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart: ▁ for the smallest value, █ for the largest; all-zero is a flat ▁ line. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  if (max === min) return BARS[0].repeat(values.length);
  return values.map((v) => BARS[Math.min(7, Math.floor(((v - min) / (max - min)) * 7 + 1e-9))]).join('');
}

/** Seconds as h:mm:ss (or m:ss under an hour). */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

/** The figures of one report line under the names every --json and CSV output uses. */
export interface LineFigures {
  counts: RepCounts;
  targets: Record<TargetMetric, { target: number | null; actual: number }>;
}

/**
 * A report line as flat snake_case figures (shared by `report --json` and `report --format csv`):
 * durations in seconds (`*_s`), rates as fractions 0–1 (`*_rate`), `avg_talk_s` = talk seconds per
 * connected call, as in `session --summary`.
 */
export function lineFigures(l: LineFigures): Record<string, number | null> {
  const c = l.counts;
  const out: Record<string, number | null> = {
    dials: c.dials,
    connects: c.connects,
    connect_rate: rate(c.connects, c.dials),
    conversations: c.conversations,
    talk_s: c.talkS,
    connected_talk_s: c.connectedTalkS,
    avg_talk_s: c.connects > 0 ? Math.round(c.talkS / c.connects) : null,
    dnc_requests: c.dncRequests,
    violations: c.violations,
    followups_due: c.followupsDue,
    followups_done: c.followupsDone,
    followups_on_time: c.followupsOnTime,
    followups_pending: c.followupsPending,
    followups_on_time_rate: rate(c.followupsOnTime, c.followupsDue),
    grade_a_leads: c.gradeALeads,
    grade_a_in_sla: c.gradeAInSla,
    grade_a_in_sla_rate: rate(c.gradeAInSla, c.gradeALeads),
    deals_won: c.dealsWon,
    revenue: c.revenue,
  };
  for (const m of ['calls', 'conversations', 'deals', 'revenue'] as TargetMetric[]) {
    const t = l.targets[m];
    out[`target_${m}`] = t.target;
    out[`target_${m}_rate`] = t.target === null ? null : rate(t.actual, t.target);
  }
  return out;
}
