// The calling policy as configured: settings (calling.*), retry delays from the dispositions table with
// calling.retry.<code> overrides, per-country / per-list overrides, and the holiday calendar.
import type { DialableContext } from '../core/dialable.js';
import { isHoliday } from '../core/holidays.js';
import { DEFAULT_POLICY, overridesFromSettings, policyFor, type Policy, type PolicyOverrides } from '../core/policy.js';
import type { Lead, User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { findConfigKey } from '../core/config.js';
import { dispositionRetries, listNames, storedSettings } from '../db/repos/queue.js';
import { getSetting } from '../db/repos/settings.js';

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
  const stored = storedSettings(db);
  const get = (key: string): unknown => (stored.has(key) ? stored.get(key) : (findConfigKey(key)?.default ?? null));
  const retryMinutes: Record<string, number | null> = { ...DEFAULT_POLICY.retryMinutes };
  for (const [code, minutes] of dispositionRetries(db)) retryMinutes[code] = minutes;
  for (const [key, value] of stored) {
    const m = /^calling\.retry\.(.+)$/.exec(key);
    if (m && typeof value === 'number') retryMinutes[m[1]] = value;
  }
  const base: Policy = {
    ...DEFAULT_POLICY,
    windowStart: str(get('calling.window_start'), DEFAULT_POLICY.windowStart),
    windowEnd: str(get('calling.window_end'), DEFAULT_POLICY.windowEnd),
    dailyCap: num(get('calling.daily_cap'), DEFAULT_POLICY.dailyCap),
    lifetimeCap: num(get('calling.lifetime_cap'), DEFAULT_POLICY.lifetimeCap),
    unknownTimezone: get('calling.unknown_timezone') === 'assume_rep' ? 'assume_rep' : 'block',
    requireConsent: bool(get('calling.require_consent'), DEFAULT_POLICY.requireConsent),
    skipHolidays: bool(get('calling.skip_holidays'), DEFAULT_POLICY.skipHolidays),
    claimMinutes: num(get('calling.claim_minutes'), DEFAULT_POLICY.claimMinutes),
    retryMinutes,
  };
  const overrides = overridesFromSettings([...stored].filter(([key]) => key.startsWith('policy.')));
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
