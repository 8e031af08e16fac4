// Parsing and validating a configuration value typed by a user. Apart from the key table in config.ts
// because checking a country loads libphonenumber's metadata (about 0.1 s), which reading settings —
// done by every command — does not need.
import { isSupportedCountry } from 'libphonenumber-js';
import { CONFIG_KEYS, findConfigKey, isValidTimeZone, type ConfigValue } from './config.js';
import { usageError } from './errors.js';
import { HARD_WINDOW } from './policy.js';
import { nearest } from './similar.js';

export function isValidCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** Parse and validate a value typed on the command line for `key`. Throws a usage error naming the choices. */
export function parseConfigValue(key: string, raw: string): ConfigValue {
  const def = findConfigKey(key);
  if (!def) throw unknownKeyError(key);
  const country = /^policy\.country\.([A-Z]{2})\./.exec(key);
  if (country && !isValidCountry(country[1])) throw usageError('config.error.bad_policy_country', { key, country: country[1] });
  // `expected` is a value ('09:00..18:00', 'a | b') or the key of a description (config.expected.*),
  // translated where the error is shown.
  const bad = (expected: string) => usageError('config.error.bad_value', { key, value: raw, expected });
  switch (def.kind) {
    case 'string':
      if (raw.trim() === '') throw bad('config.expected.text');
      return raw;
    case 'int': {
      // Whole decimal numbers only: Number() would also take 0x3, 1e1, ' 3 ' and ''.
      const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
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
      if (!isValidTimeZone(raw)) throw bad('config.expected.timezone');
      return raw;
    case 'country': {
      const up = raw.toUpperCase();
      if (!isValidCountry(up)) throw bad('config.expected.country');
      return up;
    }
    case 'time':
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) throw bad('config.expected.time');
      // A calling window end may not lie outside the legal hours (the queue would silently clamp it).
      if (isWindowKey(key) && (raw < HARD_WINDOW.start || raw > HARD_WINDOW.end)) {
        throw usageError('config.error.window_outside', { key, value: raw, start: HARD_WINDOW.start, end: HARD_WINDOW.end });
      }
      return raw;
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  }
}

/** calling.window_start/end and the policy.*.window_start/end overrides. */
export function isWindowKey(key: string): boolean {
  return /(^calling|^policy\..+)\.window_(start|end)$/.test(key);
}

/** The known key nearest to a mistyped one (within a few edits), e.g. calling.daily_cpa → calling.daily_cap. */
export function suggestConfigKey(key: string, extra: readonly string[] = []): string | undefined {
  const candidates = [...CONFIG_KEYS.filter((d) => !d.pattern).map((d) => d.key), ...extra];
  return nearest(key, candidates, Math.max(2, Math.floor(key.length / 4)));
}

/** The unknown-key error, with the nearest known key when there is one. */
export function unknownKeyError(key: string, extra: readonly string[] = []) {
  const suggestion = suggestConfigKey(key, extra);
  const keys = CONFIG_KEYS.map((d) => d.key).join(', ');
  return suggestion
    ? usageError('config.error.unknown_key_suggest', { key, suggestion, keys })
    : usageError('config.error.unknown_key', { key, keys });
}
