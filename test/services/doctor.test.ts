import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, type SqliteDb } from '../../src/db/sqlite.js';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_DIR, openDb } from '../../src/db/client.js';
import { backupsCheck, editorCheck, localeCheck, modesCheck, nodeCheck, pathCheck, runDoctor, ttyCheck } from '../../src/services/doctor.js';
import { tempDir } from '../helpers/cli.js';

const NOW = Date.UTC(2026, 10, 28, 1, 0);
const base = { env: { LANG: 'en_US.UTF-8', EDITOR: 'sh', PATH: process.env.PATH }, stdinTTY: true, stdoutTTY: true, lang: 'en', langSource: 'LANG', now: NOW };

describe('doctor checks', () => {
  it('node: 20.19 and newer pass, older fail', () => {
    expect(nodeCheck('v20.19.0').status).toBe('ok');
    expect(nodeCheck('v24.1.0').status).toBe('ok');
    expect(nodeCheck('v20.18.3').status).toBe('fail');
    expect(nodeCheck('v18.20.0').status).toBe('fail');
  });

  it('database path: writable, creatable, or not', () => {
    const dir = tempDir();
    expect(pathCheck(path.join(dir, 'a', 'b', 'x.db'))).toMatchObject({ status: 'ok', key: 'doctor.db_path.creatable' });
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(pathCheck(path.join(dir, 'file', 'x.db'))).toMatchObject({ status: 'fail', key: 'doctor.db_path.cannot_create' });
    fs.writeFileSync(path.join(dir, 'x.db'), '');
    expect(pathCheck(path.join(dir, 'x.db')).status).toBe('ok');
  });

  it('file modes: 0600 passes; group/other bits fail and name the files', () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.db');
    fs.writeFileSync(db, '', { mode: 0o600 });
    expect(modesCheck(db, 'linux')).toMatchObject({ status: 'ok', params: { count: 1 } });
    fs.mkdirSync(path.join(dir, 'backups'), { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'backups', 'x-20261128-000000-000.db'), '');
    fs.chmodSync(path.join(dir, 'backups', 'x-20261128-000000-000.db'), 0o644);
    const c = modesCheck(db, 'linux');
    expect(c.status).toBe('fail');
    expect(String(c.params.files)).toContain('x-20261128-000000-000.db (644)');
    expect(c.fixParams?.files).toBe(path.join(dir, 'backups', 'x-20261128-000000-000.db'));
    expect(modesCheck(db, 'win32').status).toBe('ok');
  });

  it('locale: UTF-8 ok, anything else warns', () => {
    expect(localeCheck({ env: { LANG: 'zh_TW.UTF-8' }, lang: 'zh-TW', langSource: 'LANG' }).status).toBe('ok');
    expect(localeCheck({ env: { LC_ALL: 'C' , LANG: 'en_US.UTF-8' }, lang: 'en', langSource: 'LC_ALL' }).status).toBe('warn');
    expect(localeCheck({ env: {}, lang: 'en', langSource: 'default' })).toMatchObject({ status: 'warn', params: { locale: '(unset)' } });
  });

  it('terminal and editor', () => {
    expect(ttyCheck(true, true).status).toBe('ok');
    expect(ttyCheck(true, false).status).toBe('warn');
    expect(editorCheck({ EDITOR: 'sh -e', PATH: process.env.PATH }).status).toBe('ok');
    expect(editorCheck({ VISUAL: '/bin/sh' }).status).toBe('ok');
    expect(editorCheck({ EDITOR: 'no-such-editor-xyz', PATH: process.env.PATH })).toMatchObject({ status: 'warn', key: 'doctor.editor.missing' });
    expect(editorCheck({})).toMatchObject({ status: 'warn', key: 'doctor.editor.unset' });
  });

  it('backups: none, recent, old', () => {
    expect(backupsCheck('/x/r.db', undefined, NOW).status).toBe('warn');
    expect(backupsCheck('/x/r.db', { file: 'b', at: NOW - 86_400_000 }, NOW)).toMatchObject({ status: 'ok', params: { days: 1 } });
    expect(backupsCheck('/x/r.db', { file: 'b', at: NOW - 9 * 86_400_000 }, NOW).status).toBe('warn');
  });
});

describe('runDoctor on real files', () => {
  it('a healthy database passes every database check without being changed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.db');
    openDb(file).close();
    const before = fs.readFileSync(file);
    const res = await runDoctor({ ...base, dbPath: file });
    const by = Object.fromEntries(res.checks.map((c) => [c.id, c.status]));
    expect(by).toMatchObject({ node: 'ok', db_path: 'ok', native: 'ok', database: 'ok', schema: 'ok', integrity: 'ok', foreign_keys: 'ok', wal: 'ok', file_modes: 'ok', locale: 'ok', tty: 'ok', editor: 'ok', backups: 'warn' });
    expect(res.ok).toBe(true);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports pending migrations (warn), newer databases (fail) and broken references (fail)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.db');
    // A database left at the first migration (an older repdesk wrote it).
    const migrations = tempDir();
    fs.cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
    const journalFile = path.join(migrations, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
    const known = journal.entries.length;
    journal.entries = journal.entries.slice(0, 1);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: migrations });
    old.close();
    let res = await runDoctor({ ...base, dbPath: file });
    expect(res.checks.find((c) => c.id === 'schema')).toMatchObject({ status: 'warn', params: { applied: 1, known, pending: known - 1 } });
    const db2 = openDb(file);
    db2.sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values ('future', 99999999999999)").run();
    db2.sqlite.pragma('foreign_keys = OFF');
    db2.sqlite.prepare("insert into calls (id, lead_id, started_at, created_at, updated_at) values ('c1', 'no-such-lead', 0, 0, 0)").run();
    db2.close();
    res = await runDoctor({ ...base, dbPath: file });
    expect(res.checks.find((c) => c.id === 'schema')?.status).toBe('fail');
    expect(res.checks.find((c) => c.id === 'foreign_keys')).toMatchObject({ status: 'fail', params: { count: 1, tables: 'calls' } });
    expect(res.ok).toBe(false);
  });

  it('a missing database fails (a mistyped --db must not pass a cron guard); a file that is not SQLite fails', async () => {
    const dir = tempDir();
    let res = await runDoctor({ ...base, dbPath: path.join(dir, 'none.db') });
    expect(res.checks.find((c) => c.id === 'database')).toMatchObject({ status: 'fail', key: 'doctor.database.missing_fail', fix: 'doctor.database.fix_missing_path' });
    expect(res.ok).toBe(false);
    expect(res.missing).toBe(true);
    fs.writeFileSync(path.join(dir, 'text.db'), 'hello');
    res = await runDoctor({ ...base, dbPath: path.join(dir, 'text.db') });
    expect(res.checks.find((c) => c.id === 'database')).toMatchObject({ status: 'fail', key: 'doctor.database.not_sqlite' });
    expect(res.ok).toBe(false);
    expect(res.missing).toBe(false);
  });

  it('reports the temporary files an interrupted backup left behind', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'r.db');
    fs.writeFileSync(db, '');
    let res = await runDoctor({ ...base, dbPath: db });
    expect(res.checks.find((c) => c.id === 'backup_temp')).toMatchObject({ status: 'ok' });
    fs.mkdirSync(path.join(dir, 'backups'));
    // pid 2^22+1 is above Linux's pid_max default: a process that is gone.
    const stale = path.join(dir, 'backups', 'r-20261128-010000-000.db.tmp-4194305');
    fs.writeFileSync(stale, 'partial');
    res = await runDoctor({ ...base, dbPath: db });
    const c = res.checks.find((x) => x.id === 'backup_temp')!;
    expect(c).toMatchObject({ status: 'warn', key: 'doctor.backup_temp.stale', fix: 'doctor.backup_temp.fix' });
    expect(c.params.files).toBe(stale);
  });
});
