// Application-generated, sortable primary keys (ULID), monotonic within one process.
import { monotonicFactory, ulid } from 'ulid';

const next = monotonicFactory();

export function newId(at: number = Date.now()): string {
  return next(at);
}

/** Ids from a seeded generator: the same seed and times give the same ids (the demo data set). */
export function seededIdFactory(prng: () => number): (at: number) => string {
  return (at: number) => ulid(at, prng);
}
