// The configuration keys repdesk understands, their types, defaults and validation.
// `repdesk config set` refuses anything not described here (exit 2, with the valid choices).
import { isSupportedCountry } from 'libphonenumber-js';
import { usageError } from './errors.js';
import { LANGS } from './types.js';

export type ConfigValue = string | number | boolean | string[];

export interface ConfigKeyDef {
  key: string;
  /** Matches keys with a variable part, e.g. policy.country.US.window_start. */
  pattern?: RegExp;
  kind: 'string' | 'int' | 'bool' | 'enum' | 'timezone' | 'country' | 'time' | 'list';
  choices?: readonly string[];
  min?: number;
  max?: number;
  default: ConfigValue | null;
  /** i18n key of a one-line description. */
  help: string;
}

export const CONFIG_KEYS: readonly ConfigKeyDef[] = [
  { key: 'user', kind: 'string', default: null, help: 'config.help.user' },
  { key: 'lang', kind: 'enum', choices: LANGS, default: null, help: 'config.help.lang' },
  { key: 'country', kind: 'country', default: 'TW', help: 'config.help.country' },
  { key: 'timezone', kind: 'timezone', default: null, help: 'config.help.timezone' },
  { key: 'calling.window_start', kind: 'time', default: '09:00', help: 'config.help.window_start' },
  { key: 'calling.window_end', kind: 'time', default: '20:00', help: 'config.help.window_end' },
  { key: 'calling.daily_cap', kind: 'int', min: 1, max: 50, default: 3, help: 'config.help.daily_cap' },
  { key: 'calling.lifetime_cap', kind: 'int', min: 1, max: 500, default: 8, help: 'config.help.lifetime_cap' },
  {
    key: 'calling.unknown_timezone',
    kind: 'enum',
    choices: ['block', 'assume_rep'],
    default: 'block',
    help: 'config.help.unknown_timezone',
  },
  { key: 'calling.require_consent', kind: 'bool', default: false, help: 'config.help.require_consent' },
  { key: 'calling.skip_holidays', kind: 'bool', default: false, help: 'config.help.skip_holidays' },
  { key: 'calling.claim_minutes', kind: 'int', min: 1, max: 240, default: 15, help: 'config.help.claim_minutes' },
  // Queue and calling rules (issue 4): retry delay per disposition, per-country / per-list overrides.
  { key: 'calling.retry.<disposition>', pattern: /^calling\.retry\.[a-z][a-z0-9_]*$/, kind: 'int', min: 0, max: 525_600, default: null, help: 'config.help.retry' },
  { key: 'policy.country.<CC>|list.<name>.window_start|window_end', pattern: /^policy\.(country\.[A-Z]{2}|list\.[^.]+)\.window_(start|end)$/, kind: 'time', default: null, help: 'config.help.policy_window' },
  { key: 'policy.country.<CC>|list.<name>.daily_cap|lifetime_cap', pattern: /^policy\.(country\.[A-Z]{2}|list\.[^.]+)\.(daily|lifetime)_cap$/, kind: 'int', min: 1, max: 500, default: null, help: 'config.help.policy_cap' },
  { key: 'policy.country.<CC>|list.<name>.require_consent|skip_holidays', pattern: /^policy\.(country\.[A-Z]{2}|list\.[^.]+)\.(require_consent|skip_holidays)$/, kind: 'bool', default: null, help: 'config.help.policy_flag' },
  { key: 'dial.command', kind: 'string', default: null, help: 'config.help.dial_command' },
  { key: 'lint.extra_phrases', kind: 'list', default: [], help: 'config.help.lint_extra_phrases' },
  { key: 'lint.require_opt_out', kind: 'bool', default: false, help: 'config.help.lint_require_opt_out' },
  { key: 'robot.grade_a_hours', kind: 'int', min: 0, max: 168, default: 2, help: 'config.help.robot_grade_a_hours' },
  { key: 'robot.grade_b_time', kind: 'time', default: '10:00', help: 'config.help.robot_grade_b_time' },
  { key: 'care.checkin_days', kind: 'int', min: 1, max: 3650, default: 90, help: 'config.help.checkin_days' },
];

export function findConfigKey(key: string): ConfigKeyDef | undefined {
  return CONFIG_KEYS.find((d) => d.key === key || (d.pattern !== undefined && d.pattern.test(key)));
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isValidCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** Parse and validate a value typed on the command line for `key`. Throws a usage error naming the choices. */
export function parseConfigValue(key: string, raw: string): ConfigValue {
  const def = findConfigKey(key);
  if (!def) {
    throw usageError('config.error.unknown_key', {
      key,
      keys: CONFIG_KEYS.map((d) => d.key).join(', '),
    });
  }
  const bad = (expected: string) => usageError('config.error.bad_value', { key, value: raw, expected });
  switch (def.kind) {
    case 'string':
      if (raw.trim() === '') throw bad('text');
      return raw;
    case 'int': {
      const n = Number(raw);
      if (!Number.isInteger(n) || (def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
        throw bad(`${def.min ?? ''}..${def.max ?? ''}`);
      }
      return n;
    }
    case 'bool':
      if (['true', 'yes', 'on', '1'].includes(raw.toLowerCase())) return true;
      if (['false', 'no', 'off', '0'].includes(raw.toLowerCase())) return false;
      throw bad('true | false');
    case 'enum':
      if (!def.choices!.includes(raw)) throw bad(def.choices!.join(' | '));
      return raw;
    case 'timezone':
      if (!isValidTimeZone(raw)) throw bad('IANA time zone, e.g. Asia/Taipei, America/New_York');
      return raw;
    case 'country': {
      const up = raw.toUpperCase();
      if (!isValidCountry(up)) throw bad('ISO country code, e.g. TW, CN, US, GB');
      return up;
    }
    case 'time':
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) throw bad('HH:MM, e.g. 09:00');
      return raw;
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  }
}
