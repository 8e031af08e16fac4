import fs from 'node:fs';
import path from 'node:path';
import { Database, type SqliteDb } from '../../src/db/sqlite.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/client.js';
import { tableCounts } from '../../src/db/maintenance.js';
import { listAudit } from '../../src/db/repos/audit.js';
import { BACKUP_KEEP, createBackup, listBackups, pruneBackups, restoreBackup, staleBackupTemps, stampTime } from '../../src/services/backup.js';
import { initWorkspace, addUser } from '../../src/services/users.js';
import { tempDir } from '../helpers/cli.js';
import { AppError } from '../../src/core/errors.js';

const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);
const open: Db[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

function workspace() {
  const dir = tempDir('repdesk-backup-');
  const file = path.join(dir, 'repdesk.db');
  const db = openDb(file);
  open.push(db);
  const { user } = initWorkspace(db, { username: 'alice', role: 'admin', country: 'TW', timezone: 'Asia/Taipei' }, T0);
  addUser(db, user, { username: 'bob', role: 'rep' }, T0);
  return { dir, file, db, user };
}

const kind = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? `${err.kind}:${err.key}` : String(err);
  }
  return 'no error';
};

describe('createBackup', () => {
  it('writes a verified 0600 copy and a sha256sum-compatible checksum beside it, and audits it', () => {
    const { file, db } = workspace();
    const res = createBackup(db, { now: T0, actor: 'alice' });
    expect(path.dirname(res.file)).toBe(path.join(path.dirname(file), 'backups'));
    expect(path.basename(res.file)).toBe('repdesk-20261128-010000-000.db');
    expect(fs.statSync(res.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(res.file)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(res.checksumFile, 'utf8')).toBe(`${res.sha256}  repdesk-20261128-010000-000.db\n`);
    expect(res.counts.users).toBe(2);
    expect(fs.readdirSync(path.dirname(res.file)).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(listAudit(db)[0]).toMatchObject({ action: 'backup.create', actor: 'alice' });
  });

  it('reports its steps in order', () => {
    const { db } = workspace();
    const steps: string[] = [];
    createBackup(db, { now: T0, actor: null, onStep: (s, info) => steps.push(`${s}:${info.bytes > 0}`) });
    expect(steps).toEqual(['copy:true', 'verify:true', 'checksum:true', 'prune:true']);
  });

  it('includes what is still in the WAL', () => {
    const { db } = workspace();
    addUser(db, null, { username: 'carol', role: 'rep' }, T0);
    const res = createBackup(db, { now: T0, actor: null });
    const copy = new Database(res.file, { readonly: true });
    expect(copy.prepare("select count(*) c from users where username='carol'").get()).toEqual({ c: 1 });
    copy.close();
  });

  it('--out: a file, or a folder; an existing file is refused', () => {
    const { dir, db } = workspace();
    const out = path.join(dir, 'mine.db');
    expect(createBackup(db, { out, now: T0, actor: null }).file).toBe(out);
    expect(fs.existsSync(`${out}.sha256`)).toBe(true);
    expect(kind(() => createBackup(db, { out, now: T0, actor: null }))).toBe('usage:backup.error.exists');
    const folder = path.join(dir, 'usb');
    fs.mkdirSync(folder);
    expect(path.dirname(createBackup(db, { out: folder, now: T0, actor: null }).file)).toBe(folder);
    expect(kind(() => createBackup(db, { out: path.join(dir, 'nope', 'x.db'), now: T0, actor: null }))).toBe('not_found:backup.error.no_folder');
  });

  it(`keeps the newest ${BACKUP_KEEP} in the default folder, checksums included`, () => {
    const { file, db } = workspace();
    for (let i = 0; i < BACKUP_KEEP + 2; i++) createBackup(db, { now: T0 + i * 60_000, actor: null });
    const kept = listBackups(file);
    expect(kept).toHaveLength(BACKUP_KEEP);
    expect(kept[0].at).toBe(T0 + (BACKUP_KEEP + 1) * 60_000);
    expect(kept.at(-1)!.at).toBe(T0 + 2 * 60_000);
    const names = fs.readdirSync(path.join(path.dirname(file), 'backups'));
    expect(names.filter((n) => n.endsWith('.sha256'))).toHaveLength(BACKUP_KEEP);
    // Files that are not repdesk backups are never pruned.
    fs.writeFileSync(path.join(path.dirname(file), 'backups', 'notes.txt'), 'x');
    expect(pruneBackups(file, 1)).toHaveLength(BACKUP_KEEP - 1);
    expect(fs.existsSync(path.join(path.dirname(file), 'backups', 'notes.txt'))).toBe(true);
  });

  it('busy database (another process holds the write lock): exit-6 error, no backup file left, nothing audited', () => {
    const { file, db } = workspace();
    db.close();
    const holder = new Database(file);
    holder.exec("BEGIN IMMEDIATE; INSERT INTO settings (key, value, created_at, updated_at) VALUES ('holder', '1', 0, 0)");
    const mine = openDb(file, { busyTimeoutMs: 100 });
    open.push(mine);
    try {
      expect(kind(() => createBackup(mine, { now: T0, actor: 'alice' }))).toBe('busy:db.error.busy');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const dir = path.join(path.dirname(file), 'backups');
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
    expect(listAudit(mine).filter((a) => a.action === 'backup.create')).toEqual([]);
  });

  it('removes the temporary files of an interrupted backup (its process gone), and only those', () => {
    const { file, db } = workspace();
    const dir = path.join(path.dirname(file), 'backups');
    fs.mkdirSync(dir, { recursive: true });
    // pid 2^22+1 is above Linux's pid_max default: no such process.
    const dead = ['repdesk-20261127-010000-000.db.tmp-4194305', 'repdesk-20261127-010000-000.db.tmp-4194305-journal'];
    for (const f of dead) fs.writeFileSync(path.join(dir, f), 'partial');
    const alive = `repdesk-20261127-020000-000.db.tmp-${process.ppid}`;
    fs.writeFileSync(path.join(dir, alive), 'a backup running in another process');
    expect(staleBackupTemps(dir).map((f) => path.basename(f)).sort()).toEqual(dead);
    createBackup(db, { now: T0, actor: null });
    const left = fs.readdirSync(dir);
    for (const f of dead) expect(left).not.toContain(f);
    expect(left).toContain(alive);
  });

  it('--out "" is a usage error, not the default folder', () => {
    const { db } = workspace();
    expect(kind(() => createBackup(db, { out: '', now: T0, actor: null }))).toBe('usage:backup.error.empty_out');
    expect(kind(() => createBackup(db, { out: '  ', now: T0, actor: null }))).toBe('usage:backup.error.empty_out');
  });

  it('two backups in the same millisecond get distinct names', () => {
    const { db } = workspace();
    const a = createBackup(db, { now: T0, actor: null });
    const b = createBackup(db, { now: T0, actor: null });
    expect(a.file).not.toBe(b.file);
  });

  it('stampTime reads the name stamp as UTC', () => {
    expect(stampTime('20261128-010203-004')).toBe(Date.UTC(2026, 10, 28, 1, 2, 3, 4));
    expect(stampTime('nonsense')).toBeNaN();
  });
});

describe('restoreBackup', () => {
  it('round trip: the restored database has the backed-up rows; the replaced one is kept; audited', () => {
    const { file, db } = workspace();
    const backup = createBackup(db, { now: T0, actor: 'alice' });
    const before = tableCounts(db.sqlite);
    addUser(db, null, { username: 'dave', role: 'rep' }, T0 + 1000);
    db.close();
    const res = restoreBackup({ dbPath: file, file: backup.file, now: T0 + 2000, actor: 'alice' });
    expect(res.counts.users).toBe(before.users);
    expect(res.previous).toMatch(/before-restore\.db$/);
    const prev = new Database(res.previous!, { readonly: true });
    expect(prev.prepare("select count(*) c from users where username='dave'").get()).toEqual({ c: 1 });
    prev.close();
    const again = openDb(file);
    open.push(again);
    expect(again.sqlite.prepare("select count(*) c from users where username='dave'").get()).toEqual({ c: 0 });
    expect(listAudit(again)[0]).toMatchObject({ action: 'backup.restore', actor: 'alice' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged backup, a checksum mismatch, a missing checksum, leaving the live file byte for byte', () => {
    const { dir, file, db } = workspace();
    const backup = createBackup(db, { now: T0, actor: null });
    db.close();
    const live = fs.readFileSync(file);

    const missing = path.join(dir, 'copy.db');
    fs.copyFileSync(backup.file, missing);
    expect(kind(() => restoreBackup({ dbPath: file, file: missing, now: T0, actor: null }))).toBe('invalid_input:restore.error.no_checksum');

    const tampered = path.join(dir, 'tampered.db');
    fs.copyFileSync(backup.file, tampered);
    fs.copyFileSync(backup.checksumFile, `${tampered}.sha256`);
    const bytes = fs.readFileSync(tampered);
    bytes[bytes.length - 100] ^= 0xff;
    fs.writeFileSync(tampered, bytes);
    expect(kind(() => restoreBackup({ dbPath: file, file: tampered, now: T0, actor: null }))).toBe('invalid_input:restore.error.checksum_mismatch');

    // Damaged inside, with a matching checksum (e.g. a backup of a damaged file): integrity refuses it.
    const corrupt = path.join(dir, 'corrupt.db');
    const c = fs.readFileSync(backup.file);
    c.fill(0x41, 4096 * 2, 4096 * 4);
    fs.writeFileSync(corrupt, c);
    expect(kind(() => restoreBackup({ dbPath: file, file: corrupt, now: T0, actor: null, checksum: false }))).toBe('invalid_input:restore.error.damaged');

    const text = path.join(dir, 'text.db');
    fs.writeFileSync(text, 'not a database');
    expect(kind(() => restoreBackup({ dbPath: file, file: text, now: T0, actor: null, checksum: false }))).toBe('invalid_input:restore.error.not_sqlite');
    expect(kind(() => restoreBackup({ dbPath: file, file: path.join(dir, 'nope.db'), now: T0, actor: null }))).toBe('not_found:restore.error.missing');
    expect(kind(() => restoreBackup({ dbPath: file, file, now: T0, actor: null }))).toBe('usage:restore.error.same_file');

    expect(fs.readFileSync(file).equals(live)).toBe(true);
    expect(listBackups(file).filter((b) => b.file.includes('before-restore'))).toEqual([]);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('--no-checksum restores a sound file that has no checksum', () => {
    const { dir, file, db } = workspace();
    const backup = createBackup(db, { now: T0, actor: null });
    db.close();
    const bare = path.join(dir, 'bare.db');
    fs.copyFileSync(backup.file, bare);
    expect(restoreBackup({ dbPath: file, file: bare, now: T0 + 1, actor: null, checksum: false }).counts.users).toBe(2);
  });

  it('refuses with "busy" while another connection holds the live database, changing nothing', () => {
    const { file, db } = workspace();
    const backup = createBackup(db, { now: T0, actor: null });
    // db stays open: another repdesk process in real life.
    expect(kind(() => restoreBackup({ dbPath: file, file: backup.file, now: T0 + 1, actor: null, busyTimeoutMs: 100 }))).toBe('busy:db.error.busy');
    expect(db.sqlite.prepare('select count(*) c from users').get()).toEqual({ c: 2 });
  });

  it('retrying a refused restore writes nothing: no safety copy, and the backup being restored stays', () => {
    const { file, db } = workspace();
    const older = createBackup(db, { now: T0, actor: null });
    createBackup(db, { now: T0 + 1000, actor: null });
    const names = () => fs.readdirSync(path.dirname(older.file)).sort();
    const before = names();
    // db stays open (another process): each retry is refused, as the README's "exit 6: retry" invites.
    for (let i = 0; i < BACKUP_KEEP + 1; i++) {
      expect(kind(() => restoreBackup({ dbPath: file, file: older.file, now: T0 + 2000 + i, actor: null, busyTimeoutMs: 50 }))).toBe('busy:db.error.busy');
    }
    expect(names()).toEqual(before);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it(`restores never push a regular backup out: safety copies are kept (newest ${BACKUP_KEEP}) apart from regular backups`, () => {
    const { file, db } = workspace();
    const regular = [createBackup(db, { now: T0, actor: null }).file, createBackup(db, { now: T0 + 1000, actor: null }).file];
    db.close();
    for (let i = 0; i < BACKUP_KEEP + 2; i++) restoreBackup({ dbPath: file, file: regular[0], now: T0 + 60_000 * (i + 1), actor: null });
    expect(listBackups(file, 'regular').map((b) => b.file).sort()).toEqual(regular.sort());
    expect(listBackups(file, 'safety')).toHaveLength(BACKUP_KEEP);
    expect(listBackups(file, 'safety').every((b) => b.file.includes('before-restore'))).toBe(true);
    // A regular backup's own pruning leaves the safety copies alone.
    const again = openDb(file);
    open.push(again);
    createBackup(again, { now: T0 + 3_600_000, actor: null, keep: 1 });
    expect(listBackups(file, 'regular')).toHaveLength(1);
    expect(listBackups(file, 'safety')).toHaveLength(BACKUP_KEEP);
  });

  it('a damaged live database is copied aside as it is, then replaced', () => {
    const { file, db } = workspace();
    const backup = createBackup(db, { now: T0, actor: null });
    db.close();
    fs.writeFileSync(file, 'garbage that is not sqlite');
    const res = restoreBackup({ dbPath: file, file: backup.file, now: T0 + 1, actor: null });
    expect(res.previous).toMatch(/replaced-raw\.db$/);
    expect(fs.readFileSync(res.previous!, 'utf8')).toBe('garbage that is not sqlite');
    expect(res.counts.users).toBe(2);
  });
});
