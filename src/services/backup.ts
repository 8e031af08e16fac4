// Backups and restore (SPEC "data security: backups and recovery").
//
// Backup: VACUUM INTO a temp file beside the target, fsync, verify the copy opens and passes
// integrity_check, rename into place, then write a sha256sum-compatible checksum file beside it.
// Default folder: backups/ beside the database, keeping the newest BACKUP_KEEP.
//
// Restore: the checksum and the file's integrity are verified before anything is touched; the live
// database is first kept as a backup, then replaced only when no other process has it open
// (its WAL folded in and gone), so a refused restore leaves the live database exactly as it was.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, invalidInput, notFound, usageError } from '../core/errors.js';
import { openDb, translateSqliteError, type Db } from '../db/client.js';
import { quiesceLiveFile, tableCounts, vacuumInto, verifyDatabaseFile } from '../db/maintenance.js';
import { appendAudit } from '../db/repos/audit.js';
import { backupDirFor } from '../io/paths.js';
import { checksumLine, ensurePrivateDir, fsyncDir, fsyncFile, parseChecksumFile, sha256File, writeFileDurable } from '../io/files.js';

export const BACKUP_KEEP = 14;

export interface BackupResult {
  file: string;
  checksumFile: string;
  sha256: string;
  bytes: number;
  counts: Record<string, number>;
  /** Older backups removed by the retention rule. */
  pruned: string[];
}

export interface BackupOptions {
  /** A file, or an existing folder to write the default-named file into. Default: backups/ beside the database. */
  out?: string;
  now: number;
  actor: string | null;
  /** Suffix of the file name, e.g. "before-restore". */
  label?: string;
  keep?: number;
  /** Told each step as it starts (the CLI shows it on a terminal). */
  onStep?: (step: BackupStep, info: { bytes: number }) => void;
}

export type BackupStep = 'copy' | 'verify' | 'checksum' | 'prune';

function stamp(now: number): string {
  const iso = new Date(now).toISOString(); // 2026-11-28T09:30:00.123Z
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${iso.slice(20, 23)}`;
}

/** The instant a backup name's stamp stands for (UTC). */
export function stampTime(st: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})$/.exec(st);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

function baseName(dbPath: string): string {
  return path.basename(dbPath).replace(/\.(db|sqlite3?)$/i, '') || 'repdesk';
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Labels of the safety copies repdesk makes itself before replacing a database (pruned apart from regular backups). */
const SAFETY_LABELS = ['before-restore', 'replaced-raw'];

export type BackupKind = 'regular' | 'safety';

function backupPattern(dbPath: string): RegExp {
  return new RegExp(`^${escapeRe(baseName(dbPath))}-(\\d{8}-\\d{6}-\\d{3})(?:-([a-z0-9-]+))?\\.db$`);
}

/** A regular backup has no label, or only the "-2" a second backup in the same millisecond gets. */
function kindOfLabel(label: string | undefined): BackupKind {
  if (!label || /^\d+$/.test(label)) return 'regular';
  return SAFETY_LABELS.some((l) => label === l || label.startsWith(`${l}-`)) ? 'safety' : 'regular';
}

export function defaultBackupName(dbPath: string, now: number, label?: string): string {
  return `${baseName(dbPath)}-${stamp(now)}${label ? `-${label}` : ''}.db`;
}

/** Backups of this database in its default folder, newest first; `kind` keeps only regular backups or only safety copies. */
export function listBackups(dbPath: string, kind?: BackupKind): { file: string; stamp: string; at: number; bytes: number; kind: BackupKind }[] {
  const dir = backupDirFor(dbPath);
  if (!fs.existsSync(dir)) return [];
  const re = backupPattern(dbPath);
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, m: re.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => ({ file: path.join(dir, name), stamp: m[1], at: stampTime(m[1]), bytes: fs.statSync(path.join(dir, name)).size, kind: kindOfLabel(m[2]) }))
    .filter((b) => kind === undefined || b.kind === kind)
    .sort((a, b) => (a.stamp === b.stamp ? b.file.localeCompare(a.file) : b.stamp.localeCompare(a.stamp)));
}

/**
 * Keep the newest `keep` backups of one kind (and their checksum files); return what was removed.
 * Regular backups and the safety copies made before a restore are counted apart, so restoring
 * (or retrying a restore) never pushes a regular backup out.
 */
export function pruneBackups(dbPath: string, keep = BACKUP_KEEP, kind: BackupKind = 'regular'): string[] {
  const old = listBackups(dbPath, kind).slice(keep);
  for (const b of old) {
    fs.rmSync(b.file, { force: true });
    fs.rmSync(`${b.file}.sha256`, { force: true });
  }
  if (old.length) fsyncDir(backupDirFor(dbPath));
  return old.map((b) => b.file);
}

/** `<backup>.db.tmp-<pid>` and its `-journal`: what a backup writes before it is verified. */
const TEMP_RE = /\.db\.tmp-(\d+)(?:-journal)?$/;

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files left in `dir` by a backup that was killed (its process is gone). */
export function staleBackupTemps(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => {
      const m = TEMP_RE.exec(name);
      return m !== null && !pidAlive(Number(m[1]));
    })
    .map((name) => path.join(dir, name));
}

/** Remove the temporary files of interrupted backups in `dir`; returns what was removed. */
export function removeStaleBackupTemps(dir: string): string[] {
  const stale = staleBackupTemps(dir);
  for (const f of stale) fs.rmSync(f, { force: true });
  return stale;
}

function resolveTarget(dbPath: string, opts: BackupOptions): { target: string; prune: boolean } {
  if (opts.out === undefined) {
    const dir = backupDirFor(dbPath);
    ensurePrivateDir(dir);
    let target = path.join(dir, defaultBackupName(dbPath, opts.now, opts.label));
    for (let i = 2; fs.existsSync(target); i++) target = path.join(dir, defaultBackupName(dbPath, opts.now, `${opts.label ? `${opts.label}-` : ''}${i}`));
    return { target, prune: true };
  }
  if (opts.out.trim() === '') throw usageError('backup.error.empty_out');
  const out = path.resolve(opts.out);
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) {
    return { target: path.join(out, defaultBackupName(dbPath, opts.now, opts.label)), prune: false };
  }
  if (fs.existsSync(out)) throw usageError('backup.error.exists', { file: out });
  const parent = path.dirname(out);
  if (!fs.existsSync(parent)) throw notFound('backup.error.no_folder', { dir: parent });
  return { target: out, prune: false };
}

interface BackupJob {
  db: Db;
  opts: BackupOptions;
  target: string;
  prune: boolean;
  tmp: string;
  step: (name: BackupStep) => void;
  removeTemp: () => void;
  renamed: boolean;
}

function startBackup(db: Db, opts: BackupOptions): BackupJob {
  if (db.path === ':memory:') throw usageError('backup.error.memory');
  const { target, prune } = resolveTarget(db.path, opts);
  removeStaleBackupTemps(path.dirname(target));
  const tmp = `${target}.tmp-${process.pid}`;
  const removeTemp = () => {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}-journal`, { force: true });
  };
  removeTemp();
  const step = (name: BackupStep) => opts.onStep?.(name, { bytes: fs.existsSync(tmp) ? fs.statSync(tmp).size : fs.statSync(db.path).size });
  return { db, opts, target, prune, tmp, step, removeTemp, renamed: false };
}

interface VerifiedCopy {
  counts: Record<string, number>;
  sha256: string;
  bytes: number;
}

/** After the copy: make it private and durable, check it opens and is sound, and checksum it. */
function verifyCopy(job: BackupJob): VerifiedCopy {
  const { target, tmp, step } = job;
  fs.chmodSync(tmp, 0o600);
  fsyncFile(tmp);
  step('verify');
  const check = verifyDatabaseFile(tmp);
  if (!check.ok) throw new AppError('unexpected', 'backup.error.verify', { file: target, problem: check.problems.join('; ') });
  step('checksum');
  return { counts: check.counts ?? {}, sha256: sha256File(tmp), bytes: fs.statSync(tmp).size };
}

/** Put the verified copy in place with its audit row, write the checksum file, prune. */
function placeCopy(job: BackupJob, copy: VerifiedCopy): BackupResult {
  const { db, opts, target, tmp, step } = job;
  const { sha256, bytes } = copy;
  // The audit row and the rename are one step: when the database is busy (another process holds its
  // write lock past the timeout) the audit fails with exit 6 and the copy is not put in place.
  db.write(() => {
    appendAudit(db, { actor: opts.actor, action: 'backup.create', entity: 'database', detail: { file: target, sha256, bytes } }, opts.now);
    fs.renameSync(tmp, target);
    job.renamed = true;
  });
  fsyncDir(path.dirname(target));
  const checksumFile = `${target}.sha256`;
  writeFileDurable(checksumFile, checksumLine(sha256, target));
  if (job.prune) step('prune');
  const pruned = job.prune ? pruneBackups(db.path, opts.keep ?? BACKUP_KEEP, kindOfLabel(opts.label)) : [];
  return { file: target, checksumFile, sha256, bytes, counts: copy.counts, pruned };
}

/** Clean up after a failed backup and say what failed in repdesk's terms. */
function failBackup(job: BackupJob, err: unknown): never {
  job.removeTemp();
  if (job.renamed && !fs.existsSync(`${job.target}.sha256`)) fs.rmSync(job.target, { force: true });
  if (err instanceof AppError) throw err;
  const translated = translateSqliteError(err, job.db.path);
  if (translated instanceof AppError) throw translated;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new AppError('unexpected', 'backup.error.write', { file: job.target }, { cause: err });
  if (code === 'ENOSPC') throw new AppError('unexpected', 'db.error.full', { file: job.target }, { cause: err });
  throw err;
}

export function createBackup(db: Db, opts: BackupOptions): BackupResult {
  const job = startBackup(db, opts);
  try {
    job.step('copy');
    vacuumInto(db, job.tmp);
    return placeCopy(job, verifyCopy(job));
  } catch (err) {
    failBackup(job, err);
  }
}

/**
 * createBackup for the `backup` command: the copy runs on a worker thread, so Ctrl-C (`signal`)
 * stops it at once; the partial copy and its journal are removed and the result is an
 * 'interrupted' error (exit 130) with nothing written. A signal during the verification is honoured
 * before the copy is put in place.
 */
export async function createBackupInterruptible(db: Db, opts: BackupOptions & { signal: AbortSignal; busyTimeoutMs?: number }): Promise<BackupResult> {
  const job = startBackup(db, opts);
  try {
    job.step('copy');
    const { copyDatabaseInterruptible } = await import('../db/vacuumWorker.js');
    try {
      await copyDatabaseInterruptible(db.path, job.tmp, opts.signal, opts.busyTimeoutMs);
    } catch (err) {
      if (opts.signal.aborted) throw new AppError('interrupted', 'backup.error.interrupted', { file: job.target });
      throw err;
    }
    const copy = verifyCopy(job);
    // A Ctrl-C that came during the (synchronous) verification is delivered now, before anything is put in place.
    await new Promise((resolve) => setImmediate(resolve));
    if (opts.signal.aborted) throw new AppError('interrupted', 'backup.error.interrupted', { file: job.target });
    return placeCopy(job, copy);
  } catch (err) {
    failBackup(job, err);
  }
}

export interface RestoreOptions {
  dbPath: string;
  file: string;
  now: number;
  actor: string | null;
  /** Verify the `.sha256` file beside the backup (default true). */
  checksum?: boolean;
  busyTimeoutMs?: number;
}

export interface RestoreResult {
  restored: string;
  into: string;
  sha256: string;
  /** Where the replaced database was kept, null when there was none. */
  previous: string | null;
  counts: Record<string, number>;
}

/** The failure of verifyDatabaseFile as a message key of its own (SQLite's English text stays in `detail`). */
function restoreProblemKey(problems: string[]): string {
  const text = problems.join('; ');
  if (/not a SQLite database|file is not a database/i.test(text)) return 'restore.error.not_sqlite';
  if (/newer repdesk/.test(text)) return 'restore.error.newer';
  if (/no repdesk schema|no such table/i.test(text)) return 'restore.error.not_repdesk';
  if (/broken references/.test(text)) return 'restore.error.references';
  return 'restore.error.damaged';
}

/** Everything that must hold before the live database is touched. */
export function checkRestorable(file: string, checksum = true): { sha256: string; counts: Record<string, number> } {
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) throw notFound('restore.error.missing', { file });
  const sha256 = sha256File(file);
  if (checksum) {
    const side = `${file}.sha256`;
    if (!fs.existsSync(side)) throw invalidInput('restore.error.no_checksum', { file, checksum: side });
    const expected = parseChecksumFile(fs.readFileSync(side, 'utf8'));
    if (!expected) throw invalidInput('restore.error.bad_checksum_file', { checksum: side });
    if (expected !== sha256) throw invalidInput('restore.error.checksum_mismatch', { file, expected, actual: sha256 });
  }
  const check = verifyDatabaseFile(file);
  if (!check.ok) throw invalidInput(restoreProblemKey(check.problems), { file, detail: check.problems.slice(0, 3).join('; ') });
  return { sha256, counts: check.counts ?? {} };
}

/** Keep the live database before it is replaced: a verified backup, or a raw copy if it cannot be opened. */
function keepPrevious(dbPath: string, now: number, actor: string | null): string | null {
  if (!fs.existsSync(dbPath) || fs.statSync(dbPath).size === 0) return null;
  let live: Db | undefined;
  try {
    live = openDb(dbPath);
    return createBackup(live, { now, actor, label: 'before-restore' }).file;
  } catch (err) {
    if (err instanceof AppError && err.kind === 'busy') throw err;
    if (!(err instanceof AppError && err.kind === 'invalid_input')) throw err;
    // Damaged or foreign: copy the bytes aside as they are, so nothing is ever lost by a restore.
    const dir = backupDirFor(dbPath);
    ensurePrivateDir(dir);
    const raw = path.join(dir, defaultBackupName(dbPath, now, 'replaced-raw'));
    fs.copyFileSync(dbPath, raw);
    fs.chmodSync(raw, 0o600);
    if (fs.existsSync(`${dbPath}-wal`)) fs.copyFileSync(`${dbPath}-wal`, `${raw}-wal`);
    fsyncFile(raw);
    pruneBackups(dbPath, BACKUP_KEEP, 'safety');
    return raw;
  } finally {
    live?.close();
  }
}

function forgetSafetyCopy(file: string | null): void {
  if (!file) return;
  for (const f of [file, `${file}.sha256`, `${file}-wal`]) fs.rmSync(f, { force: true });
}

/**
 * Replace the live database with a verified backup. A refused restore (bad file, database busy…)
 * writes nothing: the busy check comes before the safety copy, and a safety copy made just before
 * another process grabbed the database is removed again.
 */
export function restoreBackup(opts: RestoreOptions): RestoreResult {
  const file = path.resolve(opts.file);
  const dbPath = path.resolve(opts.dbPath);
  if (file === dbPath) throw usageError('restore.error.same_file', { file });
  const { sha256 } = checkRestorable(file, opts.checksum ?? true);
  // Refuse before writing anything when another process has the database open.
  quiesceLiveFile(dbPath, opts.busyTimeoutMs);

  ensurePrivateDir(path.dirname(dbPath));
  const tmp = `${dbPath}.restore-${process.pid}.tmp`;
  fs.copyFileSync(file, tmp);
  let previous: string | null = null;
  let replaced = false;
  try {
    fs.chmodSync(tmp, 0o600);
    fsyncFile(tmp);
    if (sha256File(tmp) !== sha256) throw new AppError('unexpected', 'restore.error.copy', { file, into: tmp });
    previous = keepPrevious(dbPath, opts.now, opts.actor);
    quiesceLiveFile(dbPath, opts.busyTimeoutMs);
    fs.renameSync(tmp, dbPath);
    replaced = true;
    fs.rmSync(`${dbPath}-shm`, { force: true });
    fs.rmSync(`${dbPath}-wal`, { force: true });
    fsyncDir(path.dirname(dbPath));
    const db = openDb(dbPath);
    try {
      appendAudit(db, { actor: opts.actor, action: 'backup.restore', entity: 'database', detail: { from: file, sha256, previous } }, opts.now);
      return { restored: file, into: dbPath, sha256, previous, counts: tableCounts(db.sqlite) };
    } finally {
      db.close();
    }
  } catch (err) {
    if (!replaced) forgetSafetyCopy(previous);
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
