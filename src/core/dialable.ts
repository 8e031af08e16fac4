// Dialable now (SPEC.md "Rules the product enforces"): may this lead be called at this instant, and if
// not, every reason why and when it next may be. Pure: the lead, its call history, the policy and
// "now" come in; nothing is read from a clock, a database or the environment.
import { isValidTimeZone } from './config.js';
import { effectiveWindow, retryMinutesFor, type Policy } from './policy.js';
import { addDays, localDate, localParts, MINUTE, zonedToUtc } from './time.js';
import type { LeadStatus } from './types.js';

/** Stored in leads.next_eligible_at when only a change of history or policy can make a lead callable. */
export const NEVER = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

export const FINAL_STATUSES: readonly LeadStatus[] = ['customer', 'not_interested', 'closed'];

export interface DialableLead {
  id: string;
  phone: string | null;
  timezone: string | null;
  country: string | null;
  status: LeadStatus;
  dnc: boolean;
  consent: string | null;
  consentAt: number | null;
  claimedBy: string | null;
  claimedUntil: number | null;
}

export interface Attempt {
  startedAt: number;
  endedAt?: number | null;
  disposition: string | null;
}

export interface DialableContext {
  /** The rep asking: leads claimed by someone else are not dialable for them. */
  repId?: string | null;
  /** Used when the lead's zone is unknown and the policy says assume_rep. */
  repTimezone?: string | null;
  /** Public holidays (calling.skip_holidays): country code and local 'YYYY-MM-DD'. */
  isHoliday?: (country: string, date: string) => boolean;
}

export type DialableReason =
  | { code: 'dnc' }
  | { code: 'invalid_number' }
  | { code: 'final_status'; status: LeadStatus }
  | { code: 'no_consent' }
  | { code: 'unknown_timezone'; policy: 'block' | 'assume_rep' }
  | { code: 'lifetime_cap'; count: number; cap: number }
  | { code: 'daily_cap'; count: number; cap: number; resetsAt: number }
  | { code: 'retry_delay'; disposition: string; minutes: number; until: number }
  | { code: 'claimed_by_other_rep'; by: string; until: number }
  | { code: 'holiday'; date: string; country: string }
  | { code: 'outside_window'; localTime: string; start: string; end: string; zone: string };

export type ReasonCode = DialableReason['code'];

export interface DialableResult {
  ok: boolean;
  reasons: DialableReason[];
  /** When every reason will have passed (now when ok); null when only a change of data or policy helps. */
  nextEligibleAt: number | null;
  /** The zone the rules used (the lead's, or the rep's by policy), null when unknown. */
  zone: string | null;
  zoneAssumed: boolean;
  localTime: string | null;
  window: { start: string; end: string };
  attemptsToday: number;
  attemptsTotal: number;
}

/** Zone validity, memoised: building an Intl.DateTimeFormat costs far more than the rest of the rules. */
const zoneValid = new Map<string, boolean>();
function validZone(zone: string): boolean {
  let ok = zoneValid.get(zone);
  if (ok === undefined) {
    ok = isValidTimeZone(zone);
    zoneValid.set(zone, ok);
  }
  return ok;
}

/** Reasons no waiting can cure. */
const PERMANENT: ReadonlySet<ReasonCode> = new Set(['dnc', 'invalid_number', 'final_status', 'no_consent', 'unknown_timezone', 'lifetime_cap']);

interface EvalOptions {
  /** Skip the checks of the lead's own attributes (for the stored next_eligible_at). */
  historyOnly?: boolean;
}

function evaluate(lead: DialableLead, history: readonly Attempt[], policy: Policy, now: number, ctx: DialableContext, opts: EvalOptions = {}): DialableResult {
  const reasons: DialableReason[] = [];
  const win = effectiveWindow(policy);
  const window = { start: win.startText, end: win.endText };

  if (!opts.historyOnly) {
    if (lead.dnc) reasons.push({ code: 'dnc' });
    if (!lead.phone || lead.status === 'invalid') reasons.push({ code: 'invalid_number' });
    if (FINAL_STATUSES.includes(lead.status)) reasons.push({ code: 'final_status', status: lead.status });
    if (policy.requireConsent && !lead.consent && lead.consentAt === null) reasons.push({ code: 'no_consent' });
  }

  let zone: string | null = lead.timezone && validZone(lead.timezone) ? lead.timezone : null;
  let zoneAssumed = false;
  if (!zone) {
    if (policy.unknownTimezone === 'assume_rep' && ctx.repTimezone && validZone(ctx.repTimezone)) {
      zone = ctx.repTimezone;
      zoneAssumed = true;
    } else if (!opts.historyOnly) {
      reasons.push({ code: 'unknown_timezone', policy: policy.unknownTimezone });
    }
  }

  const attemptsTotal = history.length;
  const nowParts = zone ? localParts(now, zone) : null;
  const today = nowParts ? `${String(nowParts.year).padStart(4, '0')}-${two(nowParts.month)}-${two(nowParts.day)}` : null;
  const day = zone ? dayInfo(today!, zone, win) : null;
  const attemptsToday = day ? history.filter((a) => a.startedAt >= day.start && a.startedAt < day.end).length : 0;
  if (attemptsTotal >= policy.lifetimeCap) reasons.push({ code: 'lifetime_cap', count: attemptsTotal, cap: policy.lifetimeCap });

  let waitUntil = now;
  if (day && attemptsToday >= policy.dailyCap) {
    reasons.push({ code: 'daily_cap', count: attemptsToday, cap: policy.dailyCap, resetsAt: day.end });
    waitUntil = Math.max(waitUntil, day.end);
  }

  const last = history.reduce<Attempt | null>((a, b) => (a === null || b.startedAt > a.startedAt ? b : a), null);
  if (last) {
    const minutes = retryMinutesFor(policy, last.disposition);
    if (minutes !== null) {
      const until = (last.endedAt ?? last.startedAt) + minutes * MINUTE;
      if (until > now) {
        reasons.push({ code: 'retry_delay', disposition: last.disposition!, minutes, until });
        waitUntil = Math.max(waitUntil, until);
      }
    }
  }

  if (!opts.historyOnly && ctx.repId && lead.claimedBy && lead.claimedBy !== ctx.repId && (lead.claimedUntil ?? 0) > now) {
    reasons.push({ code: 'claimed_by_other_rep', by: lead.claimedBy, until: lead.claimedUntil! });
    waitUntil = Math.max(waitUntil, lead.claimedUntil!);
  }

  const holidayOn = (date: string) => Boolean(policy.skipHolidays && ctx.isHoliday && lead.country && ctx.isHoliday(lead.country.toUpperCase(), date));
  let nextEligibleAt: number | null = null;
  const nowText = nowParts ? `${two(nowParts.hour)}:${two(nowParts.minute)}` : null;
  if (zone) {
    if (holidayOn(today!)) reasons.push({ code: 'holiday', date: today!, country: lead.country!.toUpperCase() });
    if (!(win.start < win.end && now >= day!.open && now < day!.close)) {
      reasons.push({ code: 'outside_window', localTime: nowText!, start: win.startText, end: win.endText, zone });
    }
    if (reasons.length > 0 && !reasons.some((r) => PERMANENT.has(r.code))) nextEligibleAt = nextOpening(waitUntil, zone, win, holidayOn);
  }
  const ok = reasons.length === 0;
  return {
    ok,
    reasons,
    nextEligibleAt: ok ? now : nextEligibleAt,
    zone,
    zoneAssumed,
    localTime: nowText,
    window,
    attemptsToday,
    attemptsTotal,
  };
}

/** May the lead be called now? Every reason it may not, and when it next may. */
export function dialableNow(lead: DialableLead, history: readonly Attempt[], policy: Policy, now: number, ctx: DialableContext = {}): DialableResult {
  return evaluate(lead, history, policy, now, ctx);
}

/**
 * The value for leads.next_eligible_at after a call (or any change of history): the earliest instant the
 * retry delay, the daily cap, the calling window and holidays allow; NEVER past the lifetime cap.
 * Attribute checks (DNC, consent, status, claims) are left to the exact rules at queue time, so the
 * stored value never hides a lead whose data is later corrected.
 */
export function nextEligibleAfterCall(lead: DialableLead, history: readonly Attempt[], policy: Policy, now: number, ctx: DialableContext = {}): number {
  const r = evaluate(lead, history, policy, now, ctx, { historyOnly: true });
  if (r.reasons.some((x) => x.code === 'lifetime_cap')) return NEVER;
  if (!r.zone) {
    // Zone unknown: only the retry delay can be placed in time.
    const retry = r.reasons.find((x) => x.code === 'retry_delay');
    return retry && retry.code === 'retry_delay' ? retry.until : now;
  }
  return r.nextEligibleAt ?? NEVER;
}

function dateParts(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day };
}

const two = (n: number) => String(n).padStart(2, '0');

interface DayInfo {
  /** First instant of the local day, and of the next one (the daily cap resets there). */
  start: number;
  end: number;
  /** The calling window's opening and closing instants that day. */
  open: number;
  close: number;
}

/**
 * Day boundaries and window of one local date in one zone, memoised: zone maths is the costly part of
 * the rules, and a queue evaluates many leads in few zones on the same day.
 */
const dayCache = new Map<string, DayInfo>();
function dayInfo(date: string, zone: string, win: { start: number; end: number }): DayInfo {
  const key = `${zone}|${date}|${win.start}|${win.end}`;
  let info = dayCache.get(key);
  if (!info) {
    const d = dateParts(date);
    info = {
      start: zonedToUtc(d, zone),
      end: zonedToUtc(dateParts(addDays(date, 1)), zone),
      open: zonedToUtc({ ...d, hour: Math.floor(win.start / 60), minute: win.start % 60 }, zone),
      close: zonedToUtc({ ...d, hour: Math.floor(win.end / 60), minute: win.end % 60 }, zone),
    };
    if (dayCache.size > 10_000) dayCache.clear();
    dayCache.set(key, info);
  }
  return info;
}

/** Is `at` inside the policy's (clamped) calling window in `zone`? */
export function insideWindow(at: number, zone: string, policy: Policy): boolean {
  return inWindow(at, zone, effectiveWindow(policy));
}

function inWindow(at: number, zone: string, win: { start: number; end: number }): boolean {
  if (win.start >= win.end) return false;
  const day = dayInfo(localDate(at, zone), zone, win);
  return at >= day.open && at < day.close;
}

/** The first instant ≥ t inside the window on a day that is not a holiday (within a year), else null. */
function nextOpening(t: number, zone: string, win: { start: number; end: number }, holiday: (date: string) => boolean): number | null {
  if (win.start >= win.end) return null;
  const first = localDate(t, zone);
  for (let i = 0; i < 400; i++) {
    const date = addDays(first, i);
    if (holiday(date)) continue;
    const { open, close } = dayInfo(date, zone, win);
    if (t < open) return open;
    if (t < close) return t;
  }
  return null;
}
