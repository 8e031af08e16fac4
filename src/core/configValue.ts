// Parsing and validating a configuration value typed by a user. Apart from the key table in config.ts
// because checking a country loads libphonenumber's metadata (about 0.1 s), which reading settings —
// done by every command — does not need.
import { isSupportedCountry } from 'libphonenumber-js';
import { CONFIG_KEYS, findConfigKey, isValidTimeZone, type ConfigValue } from './config.js';
import { usageError } from './errors.js';

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
  // `expected` is a value ('09:00..18:00', 'a | b') or the key of a description (config.expected.*),
  // translated where the error is shown.
  const bad = (expected: string) => usageError('config.error.bad_value', { key, value: raw, expected });
  switch (def.kind) {
    case 'string':
      if (raw.trim() === '') throw bad('config.expected.text');
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
      if (!isValidTimeZone(raw)) throw bad('config.expected.timezone');
      return raw;
    case 'country': {
      const up = raw.toUpperCase();
      if (!isValidCountry(up)) throw bad('config.expected.country');
      return up;
    }
    case 'time':
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) throw bad('config.expected.time');
      return raw;
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  }
}
