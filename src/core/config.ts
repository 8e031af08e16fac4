// The configuration keys repdesk understands, their types, defaults and validation.
// `repdesk config set` refuses anything not described here (exit 2, with the valid choices).
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
