// Opening a repdesk database: pragmas, refusing foreign or newer files, migrations on open.
import { Database, type SqliteDb } from './sqlite.js';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../core/errors.js';
import * as schema from './schema.js';

export type Orm = BetterSQLite3Database<typeof schema>;

export interface Db {
  /** Path of the file, or ':memory:'. */
  readonly path: string;
  readonly sqlite: SqliteDb;
  readonly orm: Orm;
  /** Run `fn` in one IMMEDIATE write transaction (the only way repdesk writes several rows). */
  write<T>(fn: () => T): T;
  close(): void;
}

export interface OpenOptions {
  /** Skip the quick_check on open (callers that just verified the file, or benchmarks of other things). */
  skipQuickCheck?: boolean;
  /** Busy timeout in ms (default 5000). */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Files up to this size get a quick_check on every open (default QUICK_CHECK_ALWAYS_BYTES). */
  quickCheckAlwaysBytes?: number;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

export function readJournal(dir = MIGRATIONS_DIR): JournalEntry[] {
  const raw = fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8');
  return (JSON.parse(raw) as { entries: JournalEntry[] }).entries;
}

/** Map SQLite's own failures to repdesk's error kinds (exit codes). */
export function translateSqliteError(err: unknown, file: string): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT') {
    return new AppError('busy', 'db.error.busy', { file }, { cause: err });
  }
  if (code === 'SQLITE_NOTADB') return new AppError('invalid_input', 'db.error.not_a_database', { file }, { cause: err });
  if (code === 'SQLITE_CORRUPT') return new AppError('invalid_input', 'db.error.corrupt', { file }, { cause: err });
  if (code === 'SQLITE_FULL') return new AppError('unexpected', 'db.error.full', { file }, { cause: err });
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new AppError('unexpected', 'db.error.cannot_open', { file }, { cause: err });
  }
  return err;
}

function ensureParentDir(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (fs.existsSync(dir)) return;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new AppError('unexpected', 'db.error.cannot_create_dir', { dir }, { cause: err });
  }
}

export function appliedMigrations(sqlite: SqliteDb): { hash: string; created_at: number }[] {
  const exists = sqlite
    .prepare("select 1 from sqlite_master where type='table' and name='__drizzle_migrations'")
    .get();
  if (!exists) return [];
  return sqlite.prepare('select hash, created_at from __drizzle_migrations order by created_at').all() as {
    hash: string;
    created_at: number;
  }[];
}

function applyMigrations(sqlite: SqliteDb, orm: Orm, file: string): void {
  const journal = readJournal();
  const newest = Math.max(...journal.map((e) => e.when));
  const applied = appliedMigrations(sqlite);
  const appliedNewest = applied.length ? Math.max(...applied.map((a) => Number(a.created_at))) : 0;
  if (appliedNewest > newest) throw new AppError('invalid_input', 'db.error.newer', { file });
  if (applied.length >= journal.length && appliedNewest === newest) return;

  // Table rebuilds inside the migration transaction cannot rely on PRAGMA foreign_keys=OFF,
  // so keys are off for the whole migration, checked afterwards, then on (ENGINEERING.md).
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(orm, { migrationsFolder: MIGRATIONS_DIR });
  } catch (err) {
    // Another process may have migrated the same file a moment ago: fine if nothing is pending now.
    const again = appliedMigrations(sqlite);
    if (again.length < journal.length) throw err;
  }
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) {
    throw new AppError('invalid_input', 'db.error.foreign_keys', { file, count: broken.length });
  }
}

export function openDb(file: string, options: OpenOptions = {}): Db {
  process.umask(0o077);
  const memory = file === ':memory:';
  let emptyFile = false;
  if (!memory) {
    ensureParentDir(file);
    if (fs.existsSync(file)) emptyFile = assertSqliteHeader(file);
  }
  let sqlite: SqliteDb;
  try {
    sqlite = new Database(file, { readonly: options.readonly ?? false });
  } catch (err) {
    throw translateSqliteError(err, file);
  }
  try {
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // A 0-byte file (`: > repdesk.db`) becomes a database here: private like every file repdesk creates.
    if (emptyFile && !options.readonly) fs.chmodSync(file, 0o600);
    if (!memory && !options.readonly) {
      sqlite.pragma('journal_mode = WAL');
    }
    sqlite.pragma('synchronous = FULL');
    const check =
      memory || options.skipQuickCheck ? 'skip' : quickCheckDue(sqlite, file, Date.now(), options.quickCheckAlwaysBytes ?? QUICK_CHECK_ALWAYS_BYTES);
    if (check !== 'skip') {
      const res = sqlite.pragma('quick_check', { simple: true });
      if (res !== 'ok') throw new AppError('invalid_input', 'db.error.corrupt', { file });
    }
    const orm = drizzle(sqlite, { schema });
    if (!options.readonly) applyMigrations(sqlite, orm, file);
    sqlite.pragma('foreign_keys = ON');
    // Only the once-a-day check of a large file is remembered: small files are checked every time,
    // and a read-only command must not write.
    if (check === 'daily' && !options.readonly) recordQuickCheck(sqlite, Date.now());
    openHandles.add(sqlite);
    return {
      path: file,
      sqlite,
      orm,
      write<T>(fn: () => T): T {
        try {
          return sqlite.transaction(fn).immediate();
        } catch (err) {
          throw translateSqliteError(err, file);
        }
      },
      close() {
        openHandles.delete(sqlite);
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw translateSqliteError(err, file);
  }
}

/**
 * `PRAGMA quick_check` reads the whole file: milliseconds on a small database, seconds on one with a
 * million leads — too slow to pay on every command. Files up to this size are checked on every open;
 * larger ones at most once a day (the time of the last clean check is kept in the settings table).
 * `repdesk doctor` always runs the full integrity_check.
 */
export const QUICK_CHECK_ALWAYS_BYTES = 64 * 1024 * 1024;
export const QUICK_CHECK_EVERY_MS = 24 * 60 * 60 * 1000;
export const QUICK_CHECK_SETTING = 'maintenance.quick_check_at';

function quickCheckDue(sqlite: SqliteDb, file: string, now: number, alwaysBytes: number): 'always' | 'daily' | 'skip' {
  const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  if (size <= alwaysBytes) return 'always';
  try {
    const row = sqlite.prepare('select value from settings where key = ?').get(QUICK_CHECK_SETTING) as { value: string } | undefined;
    const last = row ? Number(JSON.parse(row.value)) : 0;
    return now - last < QUICK_CHECK_EVERY_MS ? 'skip' : 'daily';
  } catch {
    return 'daily'; // no settings table yet, or unreadable: check
  }
}

function recordQuickCheck(sqlite: SqliteDb, now: number): void {
  try {
    sqlite
      .prepare(
        'insert into settings (key, value, created_at, updated_at) values (?, ?, ?, ?) on conflict(key) do update set value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(QUICK_CHECK_SETTING, JSON.stringify(now), now, now);
  } catch {
    // Busy with another writer: the next open checks again. Never fail a command for this.
  }
}

/**
 * Handles still open when the process exits are closed first: better-sqlite3 12 on Node 24 aborts
 * (SIGABRT) when a Database is finalised after Node has torn down its environment.
 */
const openHandles = new Set<SqliteDb>();
process.once('exit', closeOpenHandles);

/**
 * Close what is still open as the process exits. A process ended by a signal handler in the middle of
 * iterating a statement (an export on Ctrl-C) has a connection SQLite calls busy: it cannot be
 * closed, and throwing here would print a stack trace over the "interrupted" message. Such a
 * connection is left to the operating system; its uncommitted write transaction is not in the
 * database (WAL frames without a commit are ignored, a hot journal is rolled back on the next open).
 */
export function closeOpenHandles(): void {
  for (const h of openHandles) {
    try {
      if (h.open) h.close();
    } catch {
      /* busy executing a statement: see above */
    }
  }
  openHandles.clear();
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Refuse a file that is not SQLite before better-sqlite3 touches it (an empty file is a new database: true). */
function assertSqliteHeader(file: string): boolean {
  const st = fs.statSync(file);
  if (st.isDirectory()) throw new AppError('invalid_input', 'db.error.not_a_database', { file });
  if (st.size === 0) return true;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    fs.readSync(fd, buf, 0, 16, 0);
    if (buf.toString('latin1') !== SQLITE_MAGIC) {
      throw new AppError('invalid_input', 'db.error.not_a_database', { file });
    }
  } finally {
    fs.closeSync(fd);
  }
  return false;
}
