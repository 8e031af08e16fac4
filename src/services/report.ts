// Performance reports: per rep and team total, for a named period or a date range in the viewer's
// zone, against targets, with a daily series for the chart.
import { notFound, refused, usageError } from '../core/errors.js';
import { hasRole } from '../core/permissions.js';
import {
  addCounts,
  datesBetween,
  daysInclusive,
  displayTarget,
  emptyCounts,
  kpis,
  pct,
  periodRange,
  scaledTarget,
  type Kpis,
  type RepCounts,
  type TargetMetric,
} from '../core/report.js';
import { addDays, isValidDate, zonedToUtc } from '../core/time.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { listDispositions } from '../db/repos/dispositions.js';
import { allDispositionCodes, allUserIds, dailyCallAggregates, dealAggregates, followupAggregates, gradeAAggregates, violationAggregates } from '../db/repos/reports.js';
import { getSetting } from '../db/repos/settings.js';
import { listTargets } from '../db/repos/targets.js';
import { findUserByName, listUsers } from '../db/repos/users.js';
import { visibleRepIds } from './scope.js';
import { targetSets } from './targets.js';

export interface ReportRequest {
  period?: 'today' | 'week' | 'month';
  from?: string;
  to?: string;
  rep?: string;
  team?: boolean;
  now: number;
}

export interface TargetLine {
  target: number | null;
  actual: number;
  pct: number | null;
}

export interface ReportLine {
  rep: string;
  counts: RepCounts;
  kpis: Kpis;
  targets: Record<TargetMetric, TargetLine>;
  daily: { dials: number[]; conversations: number[] };
}

export interface Report {
  from: string;
  to: string;
  zone: string;
  days: number;
  dates: string[];
  reps: ReportLine[];
  total: ReportLine;
}

const METRICS: TargetMetric[] = ['calls', 'conversations', 'deals', 'revenue'];

function actualOf(c: RepCounts, m: TargetMetric): number {
  return m === 'calls' ? c.dials : m === 'conversations' ? c.conversations : m === 'deals' ? c.dealsWon : c.revenue;
}

/** The viewer's zone: their own, else the configured one, else UTC (as follow-ups use it). Not imported
 * from services/followups.js: that pulls in lead resolution and libphonenumber (~150 ms of start-up). */
function zoneOf(db: Db, user: User): string {
  return user.timezone ?? (getSetting(db, 'timezone') as string | null) ?? 'UTC';
}

const ymd = (d: string) => ({ year: +d.slice(0, 4), month: +d.slice(5, 7), day: +d.slice(8, 10) });

export function buildReport(db: Db, actor: User, req: ReportRequest): Report {
  const zone = zoneOf(db, actor);
  let { from, to } = periodRange(req.period ?? 'today', req.now, zone);
  if (req.from || req.to) {
    for (const [opt, v] of [['--from', req.from], ['--to', req.to]] as const) {
      if (v !== undefined && !isValidDate(v)) throw usageError('export.error.bad_date', { option: opt, value: v });
    }
    from = req.from ?? req.to!;
    to = req.to ?? from;
    if (from > to) throw usageError('export.error.range', { from, to });
  }
  if (daysInclusive(from, to) > 3660) throw usageError('report.error.too_long');

  // Who: a rep themself; a team lead the team (or one member); an admin anyone.
  const scope = visibleRepIds(db, actor);
  let repIds: string[] | undefined = scope;
  if (req.rep) {
    const rep = findUserByName(db, req.rep);
    if (!rep) throw notFound('user.error.unknown', { user: req.rep });
    if (scope && !scope.includes(rep.id)) throw refused('report.error.not_visible', { user: actor.username, other: rep.username });
    repIds = [rep.id];
  } else if (req.team && !hasRole(actor, 'lead')) {
    throw refused('report.error.team_rep', { user: actor.username });
  }

  const fromAt = zonedToUtc(ymd(from), zone);
  const toAt = zonedToUtc(ymd(addDays(to, 1)), zone);
  const dates = datesBetween(from, to);
  const dispositions = new Map(listDispositions(db).map((d) => [d.code, d]));
  const slaHours = Number(getSetting(db, 'robot.grade_a_hours') ?? 2);

  const users = listUsers(db);
  const names = new Map(users.map((u) => [u.id, u.username]));
  const lines = new Map<string, { counts: RepCounts; dials: number[]; conversations: number[] }>();
  const lineOf = (repId: string) => {
    let l = lines.get(repId);
    if (!l) {
      l = { counts: emptyCounts(), dials: dates.map(() => 0), conversations: dates.map(() => 0) };
      lines.set(repId, l);
    }
    return l;
  };
  // Everyone in scope gets a line, reps even with no activity.
  for (const u of users) {
    if (repIds ? repIds.includes(u.id) : u.role === 'rep') lineOf(u.id);
  }

  const dayBounds = dates.map((d) => ({ start: zonedToUtc(ymd(d), zone), end: zonedToUtc(ymd(addDays(d, 1)), zone) }));
  const codes: (string | null)[] = [...allDispositionCodes(db), null];
  for (const r of dailyCallAggregates(db, dayBounds, repIds ?? allUserIds(db), codes)) {
    const l = lineOf(r.repId);
    const d = r.disposition ? dispositions.get(r.disposition) : undefined;
    const c = l.counts;
    c.dials += r.calls;
    c.talkS += r.talkS;
    if (d?.connected) {
      c.connects += r.calls;
      c.connectedTalkS += r.talkS;
    }
    if (d?.conversation) c.conversations += r.calls;
    if (d?.addsDnc) c.dncRequests += r.calls;
    const code = r.disposition ?? 'none';
    c.dispositions[code] = (c.dispositions[code] ?? 0) + r.calls;
    l.dials[r.day] += r.calls;
    if (d?.conversation) l.conversations[r.day] += r.calls;
  }
  for (const r of followupAggregates(db, fromAt, toAt, req.now, repIds)) {
    const c = lineOf(r.repId).counts;
    c.followupsDue += r.due;
    c.followupsDone += r.done;
    c.followupsOnTime += r.onTime;
    c.followupsPending += r.pending;
  }
  for (const r of violationAggregates(db, fromAt, toAt, repIds)) lineOf(r.repId).counts.violations += r.n;
  for (const r of gradeAAggregates(db, fromAt, toAt, slaHours * 3_600_000, repIds)) {
    const c = lineOf(r.repId).counts;
    c.gradeALeads += r.leads;
    c.gradeAInSla += r.inSla;
  }
  for (const r of dealAggregates(db, fromAt, toAt, repIds)) {
    const c = lineOf(r.repId).counts;
    c.dealsWon += r.won;
    c.revenue += r.revenue;
  }

  const days = dates.length;
  const sets = targetSets(listTargets(db, [...lines.keys()]));
  const targetLines = (counts: RepCounts, targets: Record<TargetMetric, number | null>) =>
    Object.fromEntries(
      METRICS.map((m) => {
        const actual = actualOf(counts, m);
        const target = targets[m];
        return [m, { target, actual, pct: target === null ? null : pct(actual, target) }];
      }),
    ) as Record<TargetMetric, TargetLine>;

  const reps: ReportLine[] = [];
  const total = emptyCounts();
  const totalTargets: Record<TargetMetric, number | null> = { calls: null, conversations: null, deals: null, revenue: null };
  const totalDials = dates.map(() => 0);
  const totalConv = dates.map(() => 0);
  for (const [repId, l] of lines) {
    const set = sets.get(repId) ?? {};
    const raw = Object.fromEntries(METRICS.map((m) => [m, scaledTarget(set, m, days)])) as Record<TargetMetric, number | null>;
    // The team's target is the sum of the reps' exact shares, rounded once (not a sum of rounded ones).
    for (const m of METRICS) if (raw[m] !== null) totalTargets[m] = (totalTargets[m] ?? 0) + raw[m]!;
    const t = Object.fromEntries(METRICS.map((m) => [m, displayTarget(m, raw[m])])) as Record<TargetMetric, number | null>;
    addCounts(total, l.counts);
    l.dials.forEach((v, i) => (totalDials[i] += v));
    l.conversations.forEach((v, i) => (totalConv[i] += v));
    reps.push({ rep: names.get(repId) ?? repId, counts: l.counts, kpis: kpis(l.counts), targets: targetLines(l.counts, t), daily: { dials: l.dials, conversations: l.conversations } });
  }
  reps.sort((a, b) => a.rep.localeCompare(b.rep));
  return {
    from,
    to,
    zone,
    days,
    dates,
    reps,
    total: {
      rep: 'TOTAL',
      counts: total,
      kpis: kpis(total),
      targets: targetLines(total, Object.fromEntries(METRICS.map((m) => [m, displayTarget(m, totalTargets[m])])) as Record<TargetMetric, number | null>),
      daily: { dials: totalDials, conversations: totalConv },
    },
  };
}
