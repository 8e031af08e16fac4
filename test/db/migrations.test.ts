// Migrations keep every row, and openDb sets up the file as the spec asks.
// The upgrade test is generic over migrations/meta/_journal.json: it builds a database at the first
// migration, fills every table with rows that satisfy its columns and foreign keys, then opens it
// with openDb (which applies every later migration) and checks each row is still there.
import { Database, type SqliteDb } from '../../src/db/sqlite.js';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDb, readJournal } from '../../src/db/client.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { initWorkspace } from '../../src/services/users.js';

interface Col {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}
interface Fk {
  table: string;
  from: string;
  to: string | null;
}

/** A copy of migrations/ whose journal stops after the first `n` entries. */
function migrationsUpTo(n: number): string {
  const dir = tempDir('repdesk-migr-');
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, n);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

function userTables(sqlite: SqliteDb): string[] {
  return (
    sqlite.prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name").all() as { name: string }[]
  ).map((r) => r.name);
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Parents before children (tables referencing themselves or in a cycle come last). */
function topoOrder(sqlite: SqliteDb, tables: string[]): string[] {
  const deps = new Map(tables.map((t) => [t, (sqlite.pragma(`foreign_key_list(${q(t)})`) as Fk[]).map((f) => f.table).filter((p) => p !== t)]));
  const out: string[] = [];
  const left = new Set(tables);
  while (left.size) {
    const ready = [...left].filter((t) => deps.get(t)!.every((d) => !left.has(d)));
    const next = ready.length ? ready : [...left];
    for (const t of next) {
      out.push(t);
      left.delete(t);
    }
  }
  return out;
}

/** Insert `n` rows into every table; returns the rows inserted, by table. */
function fillEveryTable(sqlite: SqliteDb, n = 3): Map<string, Record<string, unknown>[]> {
  const inserted = new Map<string, Record<string, unknown>[]>();
  for (const table of topoOrder(sqlite, userTables(sqlite))) {
    const cols = sqlite.pragma(`table_info(${q(table)})`) as Col[];
    const fks = sqlite.pragma(`foreign_key_list(${q(table)})`) as Fk[];
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {};
      for (const c of cols) {
        const fk = fks.find((f) => f.from === c.name);
        const parentRows = fk ? inserted.get(fk.table) : undefined;
        const type = c.type.toUpperCase();
        if (fk && parentRows?.length) row[c.name] = parentRows[i % parentRows.length][fk.to ?? 'id'];
        else if (type.includes('INT')) row[c.name] = c.pk ? i + 1 : 1000 + i;
        else if (type.includes('REAL') || type.includes('NUM')) row[c.name] = 1.5 + i;
        else if (c.dflt_value && /^'[[{]/.test(c.dflt_value)) row[c.name] = c.dflt_value.slice(1, -1);
        else row[c.name] = `${table}.${c.name}.${i}`;
      }
      const names = Object.keys(row);
      sqlite.prepare(`insert into ${q(table)} (${names.map(q).join(',')}) values (${names.map(() => '?').join(',')})`).run(...names.map((k) => row[k] as never));
      rows.push(row);
    }
    inserted.set(table, rows);
  }
  return inserted;
}

describe('migrations', () => {
  it('a database at the first migration, full of rows, upgrades through every later one keeping every row', () => {
    const journal = readJournal();
    expect(journal.length).toBeGreaterThanOrEqual(1);
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const sqlite = new Database(file);
    migrate(drizzle(sqlite), { migrationsFolder: migrationsUpTo(1) });
    const tables = userTables(sqlite);
    expect(tables.length).toBeGreaterThan(10);
    const rows = fillEveryTable(sqlite);
    sqlite.close();

    const db = openDb(file);
    expect((db.sqlite.prepare('select count(*) c from __drizzle_migrations').get() as { c: number }).c).toBe(journal.length);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    for (const [table, before] of rows) {
      const pk = (db.sqlite.pragma(`table_info(${q(table)})`) as Col[]).filter((c) => c.pk).map((c) => c.name);
      const key = pk.length ? pk : Object.keys(before[0]);
      for (const row of before) {
        const found = db.sqlite
          .prepare(`select * from ${q(table)} where ${key.map((k) => `${q(k)} is ?`).join(' and ')}`)
          .get(...key.map((k) => row[k] as never)) as Record<string, unknown> | undefined;
        expect(found, `${table} lost a row`).toBeDefined();
        for (const [k, v] of Object.entries(row)) if (k in found!) expect(found![k], `${table}.${k}`).toEqual(v);
      }
    }
    db.close();
  });
});

/** A file database set up as `repdesk init` would, without spawning the binary (cheaper on a busy CI). */
function initialised(file: string): void {
  const db = openDb(file);
  initWorkspace(db, { username: 'alice', role: 'admin', country: 'TW', timezone: 'Asia/Taipei' }, Date.UTC(2026, 10, 28));
  db.close();
}

describe('openDb', () => {
  it('WAL, synchronous FULL, foreign keys on, 5 s busy timeout, files 0600 in a 0700 folder', () => {
    const dir = path.join(tempDir(), 'new', 'place');
    const file = path.join(dir, 'r.db');
    const db = openDb(file);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.sqlite.prepare("insert into settings (key, value, created_at, updated_at) values ('k', '1', 0, 0)").run();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(() => db.sqlite.prepare("insert into calls (id, lead_id, started_at, created_at, updated_at) values ('c', 'missing', 0, 0, 0)").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('a database written by a newer repdesk is refused with exit 3, and left as it was', () => {
    const file = path.join(tempDir(), 'r.db');
    const db = openDb(file);
    db.sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', 99999999999999)").run();
    db.close();
    const before = fs.readFileSync(file);
    const res = runCli(['--db', file, 'users', 'list']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('newer repdesk');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('two processes: a write blocked past the busy timeout exits 6 "database busy" and nothing is lost', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.db');
    initialised(file);
    // Another process holds the write lock with an uncommitted row until told to commit.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)});
         db.exec("BEGIN IMMEDIATE; INSERT INTO settings (key, value, created_at, updated_at) VALUES ('holder', '1', 0, 0)");
         process.stdout.write('locked\\n');
         process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`,
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (b: Buffer) => b.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    const started = Date.now();
    const res = runCli(['--db', file, 'config', 'set', 'calling.daily_cap', '5'], { env: { REPDESK_BUSY_TIMEOUT_MS: '400' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(res.code, res.stderr).toBe(6);
    expect(res.stderr).toContain('Database busy');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    holder.stdin.write('go\n');
    await new Promise((resolve) => holder.on('exit', resolve));

    const check = new Database(file, { readonly: true });
    expect(check.prepare("select count(*) c from settings where key='holder'").get()).toEqual({ c: 1 });
    expect(check.prepare("select count(*) c from settings where key='calling.daily_cap'").get()).toEqual({ c: 0 });
    check.close();
    // Once the other process is done, the same command works.
    expect(runCli(['--db', file, 'config', 'set', 'calling.daily_cap', '5']).code).toBe(0);
  }, 120_000);

  it('the busy timeout waits: a lock released within it lets the write through', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.db');
    initialised(file);
    const holder = spawn(
      process.execPath,
      ['-e', `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)}); db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, 700);`],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
    const res = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'repdesk.js'), '--db', file, 'config', 'set', 'calling.daily_cap', '4'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', REPDESK_BUSY_TIMEOUT_MS: '5000' },
    });
    expect(res.status, res.stderr).toBe(0);
    await new Promise((resolve) => (holder.exitCode !== null ? resolve(null) : holder.on('exit', resolve)));
  }, 120_000);
});
