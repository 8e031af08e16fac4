// Database maintenance below the services: health checks, consistent copies (VACUUM INTO),
// verification of a candidate file, and replacing the live file. All SQL of doctor/backup/restore.
import { Database, SQLITE_DRIVER, type SqliteDb } from './sqlite.js';
import fs from 'node:fs';
import { AppError } from '../core/errors.js';
import { appliedMigrations, readJournal, translateSqliteError, type Db } from './client.js';

export const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** True when the file starts with SQLite's header (an empty file is not a database here). */
export function hasSqliteHeader(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(16);
      const n = fs.readSync(fd, buf, 0, 16, 0);
      return n === 16 && buf.toString('latin1') === SQLITE_MAGIC;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

export interface NativeStatus {
  ok: boolean;
  sqliteVersion?: string;
  /** better-sqlite3 (v12, built here) or better-sqlite3-napi (v13, Node 22+). */
  driver?: string;
  error?: string;
}

/** better-sqlite3 is a native module: it loads only when built for this Node's ABI. */
export function nativeStatus(): NativeStatus {
  try {
    const mem = new Database(':memory:');
    const row = mem.prepare('select sqlite_version() as v').get() as { v: string };
    mem.close();
    return { ok: true, sqliteVersion: row.v, driver: SQLITE_DRIVER };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export interface SchemaStatus {
  applied: number;
  known: number;
  /** Migrations in the file this repdesk does not know (written by a newer version). */
  unknown: number;
  pending: number;
}

export function schemaStatus(sqlite: SqliteDb): SchemaStatus {
  const journal = readJournal();
  const knownWhen = new Set(journal.map((e) => e.when));
  const applied = appliedMigrations(sqlite);
  const unknown = applied.filter((a) => !knownWhen.has(Number(a.created_at))).length;
  const appliedKnown = applied.length - unknown;
  return { applied: applied.length, known: journal.length, unknown, pending: Math.max(0, journal.length - appliedKnown) };
}

/** `PRAGMA integrity_check`: [] when the file is sound, else SQLite's findings (at most `max`). */
export function integrityProblems(sqlite: SqliteDb, max = 20): string[] {
  const rows = sqlite.pragma(`integrity_check(${max})`) as { integrity_check: string }[];
  const msgs = rows.map((r) => r.integrity_check);
  return msgs.length === 1 && msgs[0] === 'ok' ? [] : msgs;
}

export function foreignKeyProblems(sqlite: SqliteDb): { table: string; rowid: number; parent: string }[] {
  return sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
}

export function journalMode(sqlite: SqliteDb): string {
  return String(sqlite.pragma('journal_mode', { simple: true }));
}

/** Open a file for inspection only: no migration, no WAL switch, no writes. */
export function openForInspection(file: string): SqliteDb {
  if (!hasSqliteHeader(file)) throw new AppError('invalid_input', 'db.error.not_a_database', { file });
  try {
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    return sqlite;
  } catch (err) {
    throw translateSqliteError(err, file);
  }
}

/** Row count of every user table (not SQLite's or drizzle's own). */
export function tableCounts(sqlite: SqliteDb): Record<string, number> {
  const names = (
    sqlite
      .prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name")
      .all() as { name: string }[]
  ).map((r) => r.name);
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (sqlite.prepare(`select count(*) as c from "${n.replace(/"/g, '""')}"`).get() as { c: number }).c;
  return out;
}

/** A consistent copy of the live database (committed WAL content included) written to `target`. */
export function vacuumInto(db: Db, target: string): void {
  try {
    db.sqlite.prepare('VACUUM INTO ?').run(target);
  } catch (err) {
    throw translateSqliteError(err, db.path);
  }
}

export interface Verification {
  ok: boolean;
  problems: string[];
  schema?: SchemaStatus;
  counts?: Record<string, number>;
}

/**
 * Check a database file without changing it: SQLite header, opens, integrity_check,
 * foreign_key_check, and that it is a repdesk database this version can open.
 */
export function verifyDatabaseFile(file: string): Verification {
  if (!hasSqliteHeader(file)) return { ok: false, problems: ['not a SQLite database'] };
  let sqlite: SqliteDb | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const problems = integrityProblems(sqlite);
    if (problems.length) return { ok: false, problems };
    const fk = foreignKeyProblems(sqlite);
    if (fk.length) return { ok: false, problems: [`${fk.length} broken references (foreign_key_check)`] };
    const schema = schemaStatus(sqlite);
    if (schema.applied === 0) return { ok: false, problems: ['no repdesk schema (no migrations applied)'], schema };
    if (schema.unknown > 0) return { ok: false, problems: ['written by a newer repdesk (unknown migrations)'], schema };
    return { ok: true, problems: [], schema, counts: tableCounts(sqlite) };
  } catch (err) {
    return { ok: false, problems: [(err as Error).message] };
  } finally {
    sqlite?.close();
  }
}

/**
 * Prepare the live file for replacement: fold the WAL into it and make sure no other connection
 * has it open (the -wal file outlives our close only while someone else holds the database).
 * Throws `busy` when another process is using it.
 */
export function quiesceLiveFile(file: string, busyTimeoutMs = 5000): void {
  if (!fs.existsSync(file)) return;
  let sqlite: SqliteDb | undefined;
  try {
    sqlite = new Database(file, { fileMustExist: true });
    sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const res = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (res[0]?.busy) throw new AppError('busy', 'db.error.busy', { file });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    // A damaged or foreign live file is replaced as it is (the caller has copied it aside).
    if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') throw translateSqliteError(err, file);
  } finally {
    sqlite?.close();
  }
  if (fs.existsSync(`${file}-wal`)) {
    throw new AppError('busy', 'db.error.busy', { file });
  }
}

/** One stored setting read without migrating or writing (doctor's language); null when absent or unreadable. */
export function readSettingReadonly(file: string, key: string): unknown {
  if (!hasSqliteHeader(file)) return null;
  let sqlite: SqliteDb | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const row = sqlite.prepare('select value from settings where key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as unknown) : null;
  } catch {
    return null;
  } finally {
    sqlite?.close();
  }
}
