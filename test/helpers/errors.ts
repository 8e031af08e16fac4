// What a call threw, as `kind:key` for an AppError (e.g. `usage:config.error.bad_value`), so that
// tables of bad inputs can name the expected refusal in one string.
import { AppError } from '../../src/core/errors.js';

export function thrownKey(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? `${e.kind}:${e.key}` : String(e);
  }
  return 'no error';
}
