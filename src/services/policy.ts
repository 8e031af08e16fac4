// The calling policy as configured: settings (calling.*), retry delays from the dispositions table with
// calling.retry.<code> overrides, per-country / per-list overrides, and the holiday calendar.
import type { DialableContext } from '../core/dialable.js';
import { isHoliday } from '../core/holidays.js';
import { DEFAULT_POLICY, overridesFromSettings, policyFor, type Policy, type PolicyOverrides } from '../core/policy.js';
import type { Lead, User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { listDispositions } from '../db/repos/dispositions.js';
import { listNames } from '../db/repos/queue.js';
import { getSetting, listSettings } from '../db/repos/settings.js';

export interface CallingPolicy {
  base: Policy;
  overrides: PolicyOverrides;
  /** list id → list name, for per-list overrides (loaded only when there are any). */
  lists: Map<string, string>;
  isHoliday: (country: string, date: string) => boolean;
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}
function num(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}
function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

export function loadPolicy(db: Db): CallingPolicy {
  const stored = listSettings(db);
  const retryMinutes: Record<string, number | null> = { ...DEFAULT_POLICY.retryMinutes };
  for (const d of listDispositions(db)) retryMinutes[d.code] = d.retryAfterMin;
  for (const s of stored) {
    const m = /^calling\.retry\.(.+)$/.exec(s.key);
    if (m && typeof s.value === 'number') retryMinutes[m[1]] = s.value;
  }
  const base: Policy = {
    ...DEFAULT_POLICY,
    windowStart: str(getSetting(db, 'calling.window_start'), DEFAULT_POLICY.windowStart),
    windowEnd: str(getSetting(db, 'calling.window_end'), DEFAULT_POLICY.windowEnd),
    dailyCap: num(getSetting(db, 'calling.daily_cap'), DEFAULT_POLICY.dailyCap),
    lifetimeCap: num(getSetting(db, 'calling.lifetime_cap'), DEFAULT_POLICY.lifetimeCap),
    unknownTimezone: getSetting(db, 'calling.unknown_timezone') === 'assume_rep' ? 'assume_rep' : 'block',
    requireConsent: bool(getSetting(db, 'calling.require_consent'), DEFAULT_POLICY.requireConsent),
    skipHolidays: bool(getSetting(db, 'calling.skip_holidays'), DEFAULT_POLICY.skipHolidays),
    claimMinutes: num(getSetting(db, 'calling.claim_minutes'), DEFAULT_POLICY.claimMinutes),
    retryMinutes,
  };
  const overrides = overridesFromSettings(stored.filter((s) => s.key.startsWith('policy.')).map((s) => [s.key, s.value] as [string, unknown]));
  const lists = Object.keys(overrides.list).length > 0 ? listNames(db) : new Map<string, string>();
  return { base, overrides, lists, isHoliday: (country, date) => isHoliday(country, date) };
}

/** The policy for one lead (country and list overrides applied). */
export function policyForLead(p: CallingPolicy, lead: Pick<Lead, 'country' | 'listId'>): Policy {
  return policyFor(p.base, p.overrides, { country: lead.country, listName: lead.listId ? (p.lists.get(lead.listId) ?? null) : null });
}

export function contextFor(p: CallingPolicy, rep: Pick<User, 'id' | 'timezone'> | null, repTimezoneFallback: string | null = null): DialableContext {
  return { repId: rep?.id ?? null, repTimezone: rep?.timezone ?? repTimezoneFallback, isHoliday: p.isHoliday };
}

/** Can the SQL pre-filters (consent present, zone known) be used for every lead under this policy? */
export function sqlPrefilters(p: CallingPolicy): { requireConsent: boolean; needZone: boolean } {
  const patches = [...Object.values(p.overrides.country), ...Object.values(p.overrides.list)];
  const consentEverywhere = p.base.requireConsent && !patches.some((x) => x.requireConsent === false);
  return { requireConsent: consentEverywhere, needZone: p.base.unknownTimezone === 'block' };
}

/** The rep's time zone, falling back to the configured `timezone`. */
export function repZone(db: Db, rep: Pick<User, 'timezone'>): string | null {
  if (rep.timezone) return rep.timezone;
  const z = getSetting(db, 'timezone');
  return typeof z === 'string' ? z : null;
}
