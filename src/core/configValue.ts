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
