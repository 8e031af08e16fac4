// The SQLite driver. better-sqlite3 12 is the last major that runs on Node 20, but on Node 24 its
// objects (node::ObjectWrap) can abort the process with `Assertion failed: (env) != nullptr` when the
// garbage collector finalises a statement outside a JavaScript context (WiseLibs/better-sqlite3#1515,
// closed without a fix in 12.x). better-sqlite3 13 is built on Node-API, does not have the problem,
// needs Node 22+, and ships prebuilt binaries: it is an optional dependency (`better-sqlite3-napi`,
// skipped by npm on Node 20) and preferred wherever it loads. Both have the same API.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const require = createRequire(import.meta.url);

function load(): { driver: typeof BetterSqlite3; name: string } {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22 && process.env.REPDESK_SQLITE_DRIVER !== 'better-sqlite3') {
    try {
      return { driver: require('better-sqlite3-napi') as typeof BetterSqlite3, name: 'better-sqlite3-napi' };
    } catch {
      // not installed (or no prebuilt binary for this platform): fall back to the one built here
    }
  }
  return { driver: require('better-sqlite3') as typeof BetterSqlite3, name: 'better-sqlite3' };
}

const loaded = load();

export const Database = loaded.driver;
export type SqliteDb = BetterSqlite3.Database;
export type Statement = BetterSqlite3.Statement;
/** Which package was loaded (doctor reports it). */
export const SQLITE_DRIVER = loaded.name;
