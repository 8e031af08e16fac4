// The --json contract (README "Exit codes" → JSON notes): snake_case keys, instants as ISO-8601 with
// the user's zone offset (core/time isoWithOffset), durations in seconds named *_s, rates as 0–1
// fractions named *_rate. Helpers for the commands that build their JSON from camelCase objects.

/** dueAt → due_at, talkTimeS → talk_time_s. */
export const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The same value with every key of every plain object in it in snake_case (values untouched). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [snakeCase(k), snakeKeys(v)]));
}
