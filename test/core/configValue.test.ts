// Parsing config values typed by a user: the checks that need nothing but the key and the text.
import { describe, expect, it } from 'vitest';
import { parseConfigValue, suggestConfigKey } from '../../src/core/configValue.js';
import { thrownKey as err } from '../helpers/errors.js';

describe('parseConfigValue', () => {
  it('integers are plain decimal whole numbers within the range', () => {
    expect(parseConfigValue('calling.daily_cap', '5')).toBe(5);
    for (const raw of ['0x3', '1e1', ' 3', '3.0', '', '-1', '0', '51']) expect(err(() => parseConfigValue('calling.daily_cap', raw)), raw).toBe('usage:config.error.bad_value');
  });

  it('calling windows lie within 08:00–21:00, globally and in policy overrides; other times do not', () => {
    expect(parseConfigValue('calling.window_start', '08:00')).toBe('08:00');
    expect(parseConfigValue('calling.window_end', '21:00')).toBe('21:00');
    expect(err(() => parseConfigValue('calling.window_start', '07:59'))).toBe('usage:config.error.window_outside');
    expect(err(() => parseConfigValue('calling.window_end', '21:30'))).toBe('usage:config.error.window_outside');
    expect(err(() => parseConfigValue('policy.country.US.window_start', '06:00'))).toBe('usage:config.error.window_outside');
    expect(err(() => parseConfigValue('policy.list.Expo 2026.window_end', '22:00'))).toBe('usage:config.error.window_outside');
    // robot.grade_b_time is a time of day, not a calling window.
    expect(parseConfigValue('robot.grade_b_time', '07:30')).toBe('07:30');
  });

  it('policy.country.<CC> must be a country; policy.list.<name> any name', () => {
    expect(err(() => parseConfigValue('policy.country.XX.daily_cap', '2'))).toBe('usage:config.error.bad_policy_country');
    expect(parseConfigValue('policy.country.US.daily_cap', '2')).toBe(2);
    expect(parseConfigValue('policy.list.任何名字.daily_cap', '2')).toBe(2);
  });

  it('an unknown key suggests the nearest known one, when there is one', () => {
    expect(suggestConfigKey('calling.dialy_cap')).toBe('calling.daily_cap');
    expect(suggestConfigKey('timezon')).toBe('timezone');
    expect(suggestConfigKey('completely.different')).toBeUndefined();
    expect(err(() => parseConfigValue('calling.dialy_cap', '3'))).toBe('usage:config.error.unknown_key_suggest');
    expect(err(() => parseConfigValue('completely.different', '3'))).toBe('usage:config.error.unknown_key');
  });
});
