// The calling policy: defaults from SPEC.md, overridable in config globally, per country and per list
// (`policy.country.<CC>.<field>`, `policy.list.<name>.<field>`; a list override beats a country one).
// The calling window can be narrowed, never widened past the hard 08:00–21:00 local bounds.

export interface Policy {
  /** Calling window, lead's local time, 'HH:MM'. */
  windowStart: string;
  windowEnd: string;
  dailyCap: number;
  lifetimeCap: number;
  /** Retry delay per disposition code, minutes (null or absent: no delay). */
  retryMinutes: Readonly<Record<string, number | null>>;
  unknownTimezone: 'block' | 'assume_rep';
  requireConsent: boolean;
  skipHolidays: boolean;
  /** How long a lead opened in a session stays claimed by its rep. */
  claimMinutes: number;
  /** A callback this many minutes past its due time is overdue (queue ranking). */
  callbackGraceMin: number;
}

/** Local time no call may start before / at or after, whatever the configuration says. */
export const HARD_WINDOW = { start: '08:00', end: '21:00' } as const;

export const DEFAULT_RETRY_MINUTES: Readonly<Record<string, number>> = {
  no_answer: 120,
  busy: 30,
  voicemail: 1440,
  hung_up: 1440,
};

export const DEFAULT_POLICY: Policy = {
  windowStart: '09:00',
  windowEnd: '20:00',
  dailyCap: 3,
  lifetimeCap: 8,
  retryMinutes: DEFAULT_RETRY_MINUTES,
  unknownTimezone: 'block',
  requireConsent: false,
  skipHolidays: false,
  claimMinutes: 15,
  callbackGraceMin: 15,
};

/** Fields that may be overridden per country or per list, with their config value kind. */
export const OVERRIDE_FIELDS = {
  window_start: 'time',
  window_end: 'time',
  daily_cap: 'int',
  lifetime_cap: 'int',
  require_consent: 'bool',
  skip_holidays: 'bool',
} as const;
export type OverrideField = keyof typeof OVERRIDE_FIELDS;

export type PolicyPatch = Partial<Pick<Policy, 'windowStart' | 'windowEnd' | 'dailyCap' | 'lifetimeCap' | 'requireConsent' | 'skipHolidays'>>;

export interface PolicyOverrides {
  country: Readonly<Record<string, PolicyPatch>>;
  list: Readonly<Record<string, PolicyPatch>>;
}

export const NO_OVERRIDES: PolicyOverrides = { country: {}, list: {} };

/** Matches `policy.country.US.window_start` and `policy.list.Expo 2026.daily_cap`. */
export const OVERRIDE_KEY = /^policy\.(country)\.([A-Z]{2})\.([a-z_]+)$|^policy\.(list)\.([^.]+)\.([a-z_]+)$/;

export function patchFromField(field: string, value: unknown): PolicyPatch {
  switch (field) {
    case 'window_start':
      return typeof value === 'string' ? { windowStart: value } : {};
    case 'window_end':
      return typeof value === 'string' ? { windowEnd: value } : {};
    case 'daily_cap':
      return typeof value === 'number' ? { dailyCap: value } : {};
    case 'lifetime_cap':
      return typeof value === 'number' ? { lifetimeCap: value } : {};
    case 'require_consent':
      return typeof value === 'boolean' ? { requireConsent: value } : {};
    case 'skip_holidays':
      return typeof value === 'boolean' ? { skipHolidays: value } : {};
    default:
      return {};
  }
}

/** Collect overrides from stored settings (key → value). Unknown fields are ignored. */
export function overridesFromSettings(entries: Iterable<[string, unknown]>): PolicyOverrides {
  const country: Record<string, PolicyPatch> = {};
  const list: Record<string, PolicyPatch> = {};
  for (const [key, value] of entries) {
    const m = OVERRIDE_KEY.exec(key);
    if (!m) continue;
    const [scope, name, field] = m[1] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
    const target = scope === 'country' ? country : list;
    target[name] = { ...(target[name] ?? {}), ...patchFromField(field, value) };
  }
  return { country, list };
}

/** The policy that applies to one lead: base, then its country's overrides, then its list's. */
export function policyFor(base: Policy, overrides: PolicyOverrides, lead: { country: string | null; listName?: string | null }): Policy {
  const c = lead.country ? overrides.country[lead.country.toUpperCase()] : undefined;
  const l = lead.listName ? overrides.list[lead.listName] : undefined;
  if (!c && !l) return base;
  return { ...base, ...(c ?? {}), ...(l ?? {}) };
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** The window actually used: the configured one clamped into the hard bounds (minutes of the day). */
export function effectiveWindow(policy: Policy): { start: number; end: number; startText: string; endText: string } {
  const start = Math.max(minutes(policy.windowStart), minutes(HARD_WINDOW.start));
  const end = Math.min(minutes(policy.windowEnd), minutes(HARD_WINDOW.end));
  const text = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return { start, end, startText: text(start), endText: text(end) };
}

export function retryMinutesFor(policy: Policy, disposition: string | null): number | null {
  if (!disposition) return null;
  const v = policy.retryMinutes[disposition];
  return v === undefined || v === null || v <= 0 ? null : v;
}
