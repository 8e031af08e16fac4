// Application-generated, sortable primary keys (ULID), monotonic within one process.
import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

export function newId(at: number = Date.now()): string {
  return next(at);
}
