// `repdesk doctor`: one check per line, each ok / warn / fail with what was found and how to fix it.
// Nothing is changed: the database is opened read-only and not migrated. The database modules are
// imported inside the checks, so a native module built for another Node is reported, not a crash.
import fs from 'node:fs';
import path from 'node:path';
import { backupDirFor } from '../io/paths.js';
import { fileMode } from '../io/files.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  /** Message key of the finding (doctor.<id>.<status or variant>) and its parameters. */
  key: string;
  params: Record<string, string | number>;
  /** Message key of the fix, when there is something to do. */
  fix?: string;
  fixParams?: Record<string, string | number>;
}

export interface DoctorInput {
  dbPath: string;
  env: NodeJS.ProcessEnv;
  stdinTTY: boolean;
  stdoutTTY: boolean;
  /** The language in use and where it came from ("--lang", "config", "LANG=…", "default"). */
  lang: string;
  langSource: string;
  now: number;
  nodeVersion?: string;
  platform?: NodeJS.Platform;
}

const DAY = 86_400_000;

function check(id: string, status: CheckStatus, variant: string, params: Record<string, string | number> = {}, fix?: string, fixParams?: Record<string, string | number>): DoctorCheck {
  return { id, status, key: `doctor.${id}.${variant}`, params, ...(fix ? { fix, fixParams: fixParams ?? params } : {}) };
}

export function nodeCheck(version: string): DoctorCheck {
  const [maj, min] = version.replace(/^v/, '').split('.').map(Number);
  const ok = maj > 20 || (maj === 20 && min >= 19);
  return ok ? check('node', 'ok', 'ok', { version }) : check('node', 'fail', 'old', { version }, 'doctor.node.fix');
}

/** Can repdesk write the database (or create it and its folder)? */
export function pathCheck(dbPath: string): DoctorCheck {
  const file = path.resolve(dbPath);
  if (fs.existsSync(file)) {
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
      fs.accessSync(path.dirname(file), fs.constants.W_OK);
      return check('db_path', 'ok', 'ok', { file });
    } catch {
      return check('db_path', 'fail', 'readonly', { file }, 'doctor.db_path.fix');
    }
  }
  let dir = path.dirname(file);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
    fs.accessSync(dir, fs.constants.W_OK);
    return check('db_path', 'ok', 'creatable', { file });
  } catch {
    return check('db_path', 'fail', 'cannot_create', { file, dir }, 'doctor.db_path.fix');
  }
}

export function modesCheck(dbPath: string, platform: NodeJS.Platform = process.platform): DoctorCheck {
  if (platform === 'win32') return check('file_modes', 'ok', 'not_applicable');
  const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`];
  const dir = backupDirFor(dbPath);
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir)) files.push(path.join(dir, name));
  }
  const open: string[] = [];
  let seen = 0;
  for (const f of files) {
    const mode = fileMode(f);
    if (mode === null) continue;
    seen++;
    if (mode & 0o077) open.push(`${f} (${mode.toString(8)})`);
  }
  const dirMode = fileMode(dir);
  if (dirMode !== null && dirMode & 0o077) open.push(`${dir}/ (${dirMode.toString(8)})`);
  if (open.length === 0) return check('file_modes', 'ok', 'ok', { count: seen });
  return check('file_modes', 'fail', 'open', { files: open.join(', ') }, 'doctor.file_modes.fix', { files: open.map((o) => o.replace(/ \(\d+\)$/, '')).join(' ') });
}

export function localeCheck(input: Pick<DoctorInput, 'env' | 'lang' | 'langSource'>): DoctorCheck {
  const ctype = input.env.LC_ALL || input.env.LC_CTYPE || input.env.LANG || '';
  const params = { lang: input.lang, source: input.langSource, locale: ctype || '(unset)' };
  if (/utf-?8/i.test(ctype)) return check('locale', 'ok', 'ok', params);
  return check('locale', 'warn', 'not_utf8', params, 'doctor.locale.fix');
}

export function ttyCheck(stdinTTY: boolean, stdoutTTY: boolean): DoctorCheck {
  return stdinTTY && stdoutTTY ? check('tty', 'ok', 'ok') : check('tty', 'warn', 'none', {}, 'doctor.tty.fix');
}

/** Is $VISUAL / $EDITOR set, and does its program exist? */
export function editorCheck(env: NodeJS.ProcessEnv): DoctorCheck {
  const value = (env.VISUAL || env.EDITOR || '').trim();
  if (!value) return check('editor', 'warn', 'unset', {}, 'doctor.editor.fix');
  const program = value.split(/\s+/)[0];
  const exists = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const found = program.includes('/')
    ? exists(program)
    : (env.PATH ?? '').split(path.delimiter).some((d) => d && exists(path.join(d, program)));
  return found ? check('editor', 'ok', 'ok', { editor: value }) : check('editor', 'warn', 'missing', { editor: value }, 'doctor.editor.fix');
}

export function backupsCheck(dbPath: string, newest: { file: string; at: number } | undefined, now: number): DoctorCheck {
  if (!newest) return check('backups', 'warn', 'none', { dir: backupDirFor(dbPath) }, 'doctor.backups.fix');
  const days = Math.floor(Math.max(0, now - newest.at) / DAY);
  if (days > 7) return check('backups', 'warn', 'old', { days, file: newest.file }, 'doctor.backups.fix');
  return check('backups', 'ok', 'ok', { days, file: newest.file });
}

/** The database checks: present, native module, schema version, integrity, references, WAL. */
async function databaseChecks(dbPath: string): Promise<DoctorCheck[]> {
  let m: typeof import('../db/maintenance.js');
  try {
    m = await import('../db/maintenance.js');
  } catch (err) {
    return [check('native', 'fail', 'fail', { error: (err as Error).message.split('\n')[0] }, 'doctor.native.fix')];
  }
  const native = m.nativeStatus();
  const out: DoctorCheck[] = [
    native.ok
      ? check('native', 'ok', 'ok', { driver: native.driver ?? 'better-sqlite3', sqlite: native.sqliteVersion ?? '?', node: process.version })
      : check('native', 'fail', 'fail', { error: native.error ?? '' }, 'doctor.native.fix'),
  ];
  if (!native.ok) return out;
  if (!fs.existsSync(dbPath)) {
    // A missing file is most often a mistyped --db in a cron line: a failure, not a warning.
    out.push(check('database', 'fail', 'missing_fail', { file: dbPath }, 'doctor.database.fix_missing_path'));
    return out;
  }
  if (!m.hasSqliteHeader(dbPath)) {
    out.push(check('database', 'fail', 'not_sqlite', { file: dbPath }, 'doctor.database.fix_restore'));
    return out;
  }
  let sqlite: ReturnType<typeof m.openForInspection>;
  try {
    sqlite = m.openForInspection(dbPath);
  } catch (err) {
    out.push(check('database', 'fail', 'cannot_open', { file: dbPath, error: (err as Error).message }, 'doctor.database.fix_restore'));
    return out;
  }
  try {
    out.push(check('database', 'ok', 'ok', { file: dbPath, size: Math.ceil(fs.statSync(dbPath).size / 1024) }));
    try {
      const s = m.schemaStatus(sqlite);
      if (s.unknown > 0) out.push(check('schema', 'fail', 'newer', { applied: s.applied, known: s.known, unknown: s.unknown }, 'doctor.schema.fix_newer'));
      else if (s.applied === 0) out.push(check('schema', 'fail', 'empty', {}, 'doctor.database.fix_missing'));
      else if (s.pending > 0) out.push(check('schema', 'warn', 'pending', { applied: s.applied, known: s.known, pending: s.pending }));
      else out.push(check('schema', 'ok', 'ok', { applied: s.applied, known: s.known }));
      const problems = m.integrityProblems(sqlite, 5);
      out.push(problems.length ? check('integrity', 'fail', 'fail', { problems: problems.join('; ') }, 'doctor.database.fix_restore') : check('integrity', 'ok', 'ok'));
      const fk = m.foreignKeyProblems(sqlite);
      out.push(
        fk.length
          ? check('foreign_keys', 'fail', 'fail', { count: fk.length, tables: [...new Set(fk.map((f) => f.table))].join(', ') }, 'doctor.database.fix_restore')
          : check('foreign_keys', 'ok', 'ok'),
      );
      const mode = m.journalMode(sqlite);
      out.push(mode === 'wal' ? check('wal', 'ok', 'ok') : check('wal', 'warn', 'other', { mode }, 'doctor.wal.fix'));
    } catch (err) {
      out.push(check('integrity', 'fail', 'fail', { problems: (err as Error).message }, 'doctor.database.fix_restore'));
    }
  } finally {
    sqlite.close();
  }
  return out;
}

/** Temporary files of a backup that was interrupted (killed during its copy), in the backups folder. */
export function backupTempCheck(dbPath: string, stale: string[]): DoctorCheck {
  if (stale.length === 0) return check('backup_temp', 'ok', 'ok');
  const files = stale.join(' ');
  return check('backup_temp', 'warn', 'stale', { files, dir: backupDirFor(dbPath) }, 'doctor.backup_temp.fix', { files });
}

export async function runDoctor(input: DoctorInput): Promise<{ ok: boolean; missing: boolean; checks: DoctorCheck[] }> {
  const dbPath = path.resolve(input.dbPath);
  const checks: DoctorCheck[] = [nodeCheck(input.nodeVersion ?? process.version), pathCheck(dbPath)];
  checks.push(...(await databaseChecks(dbPath)));
  checks.push(modesCheck(dbPath, input.platform));
  const { listBackups, staleBackupTemps } = await import('./backup.js').catch(() => ({ listBackups: null, staleBackupTemps: null }));
  let newest: { file: string; at: number } | undefined;
  if (listBackups) {
    try {
      const b = listBackups(dbPath)[0];
      if (b) newest = { file: b.file, at: Number.isNaN(b.at) ? fs.statSync(b.file).mtimeMs : b.at };
    } catch {
      /* an unreadable backups folder shows up as "no backups" */
    }
  }
  checks.push(backupsCheck(dbPath, newest, input.now));
  if (staleBackupTemps) {
    let stale: string[] = [];
    try {
      stale = staleBackupTemps(backupDirFor(dbPath));
    } catch {
      /* unreadable folder: reported by the other checks */
    }
    checks.push(backupTempCheck(dbPath, stale));
  }
  checks.push(localeCheck(input), ttyCheck(input.stdinTTY, input.stdoutTTY), editorCheck(input.env));
  return { ok: checks.every((c) => c.status !== 'fail'), missing: !fs.existsSync(dbPath), checks };
}

/** The language stored in the database's config (so doctor speaks it like every other command). */
export async function configuredLang(dbPath: string): Promise<string | null> {
  try {
    const m = await import('../db/maintenance.js');
    const v = m.readSettingReadonly(path.resolve(dbPath), 'lang');
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}
