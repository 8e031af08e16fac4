// Pure rules of the daily session: callback quick picks, what a disposition does to a lead,
// the summary's arithmetic, and the call timer's state. Time always comes in as a parameter.
import { addDays, DAY, HOUR, localDate, localParts, localTime, MINUTE, zonedToUtc } from './time.js';
import type { Disposition, LeadStatus } from './types.js';

export type QuickPick = 'in_1h' | 'tomorrow_10' | 'in_3d' | 'next_monday';
export const QUICK_PICKS: readonly QuickPick[] = ['in_1h', 'tomorrow_10', 'in_3d', 'next_monday'];

function at(date: string, hour: number, minute: number, zone: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return zonedToUtc({ year, month, day, hour, minute }, zone);
}

/**
 * The instant of a callback quick pick, in `zone` (the lead's, so "tomorrow 10:00" is ten in the
 * morning where the customer is). "in 3 days" keeps the wall-clock time across DST changes.
 */
export function quickPickAt(pick: QuickPick, now: number, zone: string): number {
  const today = localDate(now, zone);
  const p = localParts(now, zone);
  switch (pick) {
    case 'in_1h':
      return now + HOUR;
    case 'tomorrow_10':
      return at(addDays(today, 1), 10, 0, zone);
    case 'in_3d':
      return at(addDays(today, 3), p.hour, p.minute, zone);
    case 'next_monday': {
      const ahead = ((1 - p.weekday + 7) % 7) || 7;
      return at(addDays(today, ahead), 10, 0, zone);
    }
  }
}

/** The lead's status after a call with this disposition (dispositions are configurable: decide on their flags). */
export function leadStatusAfter(current: LeadStatus, d: Disposition, hasCallback: boolean): LeadStatus {
  if (d.addsDnc) return 'closed';
  if (d.final && !d.connected) return 'invalid';
  if (d.final) return d.code === 'already_customer' ? 'customer' : 'not_interested';
  if (d.code === 'interested') return 'interested';
  if (hasCallback) return 'callback';
  if (current === 'new') return 'contacted';
  return current;
}

/** Earliest next attempt: the callback when one is set, else the disposition's retry delay. */
export function nextEligibleAfter(now: number, d: Disposition, callbackAt: number | null): number {
  if (callbackAt !== null) return callbackAt;
  if (d.retryAfterMin) return now + d.retryAfterMin * MINUTE;
  return now;
}

/** What the wrap-up rules need to know about the call besides the outcome and the callback. */
export interface WrapUpFacts {
  disposition: Disposition | null;
  callbackAt: number | null;
  now: number;
  /** Mandatory etiquette steps of the script not done during the call. */
  etiquetteMissing?: readonly string[];
  hungUpBy?: 'customer' | 'rep' | null;
}

/**
 * Are the missing etiquette steps excused? They are when the customer hung up, and they do not matter
 * for a call that did not reach the customer (busy, no answer…).
 */
export function etiquetteExcused(f: Pick<WrapUpFacts, 'disposition' | 'hungUpBy'>): boolean {
  return f.hungUpBy === 'customer' || !f.disposition || !f.disposition.connected;
}

/**
 * Why saving this wrap-up must be refused (message keys), or [] when it may be saved. A conversation
 * (an outcome that counts as one) cannot be saved while mandatory etiquette steps are missing, unless
 * the customer hung up (SPEC "Rules the product enforces"; README "The daily session").
 */
export function wrapUpProblems(input: WrapUpFacts): string[] {
  const out: string[] = [];
  if (!input.disposition) out.push('session.error.no_disposition');
  else if (input.disposition.requiresFollowup && input.callbackAt === null) out.push('session.error.callback_required');
  if (input.callbackAt !== null && input.callbackAt <= input.now - MINUTE) out.push('session.error.callback_past');
  if (input.disposition?.conversation && (input.etiquetteMissing?.length ?? 0) > 0 && input.hungUpBy !== 'customer') {
    out.push('session.error.etiquette_missing');
  }
  return out;
}

/**
 * The skipped etiquette steps to log as violations: on a call that reached the customer, unless they
 * hung up. (A conversation never gets here with steps missing: wrapUpProblems refuses it.)
 */
export function etiquetteViolations(f: Pick<WrapUpFacts, 'disposition' | 'hungUpBy' | 'etiquetteMissing'>): string[] {
  return etiquetteExcused(f) ? [] : [...(f.etiquetteMissing ?? [])];
}

/** A calling window in the lead's local time, 'HH:MM'–'HH:MM' (end excluded). */
export interface CallingWindow {
  start: string;
  end: string;
}

const hhmm = (t: string): number => {
  const [h, m] = t.split(':').map(Number);
  return h * 60 + m;
};

/**
 * Is a callback at `at` outside the lead's calling window (in the lead's zone)? Returns the lead's local
 * time of the callback when it is, else null. The customer may ask for 21:30, but nobody may call then:
 * the rep is warned and must confirm.
 */
export function callbackOutsideWindow(at: number, zone: string, window: CallingWindow): string | null {
  const p = localParts(at, zone);
  const m = p.hour * 60 + p.minute;
  const start = hhmm(window.start);
  const end = hhmm(window.end);
  if (start < end && m >= start && m < end) return null;
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/**
 * A due time as the queue shows it: 'HH:MM' when it falls on `now`'s local day, else with the date
 * ('MM-DD HH:MM', or 'YYYY-MM-DD HH:MM' in another year), so "overdue since 23:00" is never read as tonight.
 */
export function dueLabel(at: number, now: number, zone: string): string {
  const day = localDate(at, zone);
  const today = localDate(now, zone);
  const time = localTime(at, zone);
  if (day === today) return time;
  return `${day.slice(0, 4) === today.slice(0, 4) ? day.slice(5) : day} ${time}`;
}

export interface SummaryFigures {
  calls: number;
  conversations: number;
  connected: number;
  talkTimeS: number;
  followupsSet: number;
  dealsOpened: number;
  dealsWon: number;
  revenue: number;
}

export interface SummaryMaths {
  connectRate: number | null;
  avgCallS: number | null;
}

export function summaryMaths(f: SummaryFigures): SummaryMaths {
  return {
    connectRate: f.calls > 0 ? f.connected / f.calls : null,
    // Talk time over connected calls, as the report defines it (unanswered dials have no length).
    avgCallS: f.connected > 0 ? Math.round(f.talkTimeS / f.connected) : null,
  };
}

/** Share of a target reached, 0..1+ (null without a target). */
export function progress(value: number, target: number | undefined): number | null {
  if (!target || target <= 0) return null;
  return value / target;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export type TimerState = 'ok' | 'soft' | 'hard';

/** Call timer colour against the script's budgets (seconds). */
export function timerState(elapsedS: number, budget: { softS?: number | null; hardS?: number | null }): TimerState {
  if (budget.hardS && elapsedS >= budget.hardS) return 'hard';
  if (budget.softS && elapsedS >= budget.softS) return 'soft';
  return 'ok';
}

/** Whole days from `now` to the next occurrence of a 'YYYY-MM-DD' birthday, in `zone` (null if none). */
export function daysToBirthday(birthday: string | null, now: number, zone: string): number | null {
  if (!birthday) return null;
  const m = /^(\d{4}|--)-?(\d{2})-(\d{2})$/.exec(birthday);
  if (!m) return null;
  const today = localDate(now, zone);
  const year = Number(today.slice(0, 4));
  const todayUtc = Date.parse(today + 'T00:00:00Z');
  for (const y of [year, year + 1]) {
    const month = Number(m[2]);
    let day = Number(m[3]);
    if (month === 2 && day === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) day = 28;
    const t = Date.UTC(y, month - 1, day);
    if (t >= todayUtc) return Math.round((t - todayUtc) / DAY);
  }
  return null;
}

// ---- the call draft ----------------------------------------------------------------------

export type DealStage = 'new' | 'qualified' | 'proposal' | 'negotiation' | 'won' | 'lost';

/** Everything typed during one call and its wrap-up; saved as a draft on every change. */
export interface CallDraft {
  leadId: string;
  leadName: string;
  stage: 'call' | 'wrapup';
  startedAt: number;
  endedAt: number | null;
  scriptId: string | null;
  scriptVersion: number | null;
  notes: string;
  answers: Record<string, string>;
  etiquette: string[];
  etiquetteMissing: string[];
  /** Steps the rep marked done in the wrap-up (said off-script): recorded in the call's compliance flags. */
  etiquetteAttested?: string[];
  hungUpBy: 'customer' | 'rep' | null;
  disposition: string | null;
  callbackAt: number | null;
  dnc: boolean;
  deal: { dealId: string | null; stage: DealStage; amount: number | null } | null;
  survey: { kind: 'csat' | 'nps'; score: number } | null;
}

export function emptyDraft(lead: { id: string; name: string }, startedAt: number): CallDraft {
  return {
    leadId: lead.id,
    leadName: lead.name,
    stage: 'call',
    startedAt,
    endedAt: null,
    scriptId: null,
    scriptVersion: null,
    notes: '',
    answers: {},
    etiquette: [],
    etiquetteMissing: [],
    hungUpBy: null,
    disposition: null,
    callbackAt: null,
    dnc: false,
    deal: null,
    survey: null,
  };
}
