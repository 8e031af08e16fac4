// doctor, backup, restore, demo and the CLI conventions, through the built binary.
import { Database, type SqliteDb } from '../../src/db/sqlite.js';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { BIN, cliEnv, cliWorkspace, ROOT, runCli, tempDir } from '../helpers/cli.js';

const NOW = '2026-11-28T09:00:00Z';
// Several processes per test: give a loaded 2-core CI room.
vi.setConfig({ testTimeout: 120_000 });

function counts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  const tables = (db.prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name <> 'audit_log'").all() as { name: string }[]).map((r) => r.name);
  const out = Object.fromEntries(tables.map((t) => [t, (db.prepare(`select count(*) c from "${t}"`).get() as { c: number }).c]));
  db.close();
  return out;
}

describe('repdesk doctor', () => {
  it('--json: ok, db and one entry per check; a failing check exits 1 and says FAIL', () => {
    const ws = cliWorkspace();
    const res = ws.run(['--json', 'doctor'], { env: { EDITOR: 'sh' } });
    expect(res.code, res.stderr).toBe(0);
    const out = res.json<{ ok: boolean; db: string; checks: { id: string; status: string; check: string; detail: string; fix: string | null }[] }>();
    expect(out.ok).toBe(true);
    expect(out.db).toBe(ws.db);
    expect(out.checks.map((c) => c.id)).toEqual(['node', 'db_path', 'native', 'database', 'schema', 'integrity', 'foreign_keys', 'wal', 'file_modes', 'backups', 'backup_temp', 'locale', 'tty', 'editor']);
    for (const c of out.checks) {
      expect(['ok', 'warn', 'fail']).toContain(c.status);
      expect(c.check.length).toBeGreaterThan(0);
      expect(c.detail.length).toBeGreaterThan(0);
    }
    expect(out.checks.find((c) => c.id === 'tty')?.status).toBe('warn');

    fs.chmodSync(ws.db, 0o644);
    const bad = ws.run(['doctor']);
    expect(bad.code).toBe(1);
    const line = bad.stdout.split('\n').find((l) => l.includes('file modes'))!;
    expect(line).toMatch(/^FAIL/);
    expect(line).toContain(`chmod go-rwx ${ws.db}`);
    expect(bad.stderr).toContain('1 checks failed');
    expect(ws.run(['--lang', 'zh-TW', 'doctor']).stdout).toContain('檔案權限');
    // Like every command, doctor speaks the configured language.
    expect(ws.run(['config', 'set', 'lang', 'zh-CN']).code).toBe(0);
    const cn = ws.run(['doctor']);
    expect(cn.stdout).toContain('文件权限');
    expect(cn.stdout).toContain('来自 repdesk 配置 lang');
  });
});

describe('repdesk backup and restore', () => {
  it('round trip: restore brings back exactly the backed-up rows, and keeps the replaced database', () => {
    const ws = cliWorkspace();
    expect(ws.run(['users', 'add', 'bob']).code).toBe(0);
    const backup = ws.run(['--json', 'backup']);
    expect(backup.code, backup.stderr).toBe(0);
    const b = backup.json<{ file: string; sha256: string; checksumFile: string }>();
    expect(fs.readFileSync(b.checksumFile, 'utf8')).toContain(b.sha256);
    const atBackup = counts(b.file);
    expect(ws.run(['users', 'add', 'carol']).code).toBe(0);
    expect(counts(ws.db).users).toBe(atBackup.users + 1);

    const res = ws.run(['restore', b.file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Restored');
    expect(res.stderr).toMatch(/kept as .*before-restore\.db/);
    expect(counts(ws.db)).toEqual(atBackup);
    expect(ws.run(['--json', 'users', 'list']).json<{ username: string }[]>().map((u) => u.username).sort()).toEqual(['alice', 'bob']);
  });

  it('a corrupted backup is refused (exit 3) and the live database is untouched', () => {
    const ws = cliWorkspace();
    const b = ws.run(['--json', 'backup']).json<{ file: string }>();
    const bytes = fs.readFileSync(b.file);
    bytes.fill(0x41, 4096, 8192);
    fs.writeFileSync(b.file, bytes);
    const live = fs.readFileSync(ws.db);
    const res = ws.run(['restore', b.file]);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('does not match its checksum');
    expect(res.stderr).toContain('Nothing was changed');
    expect(fs.readFileSync(ws.db).equals(live)).toBe(true);
    const unchecked = ws.run(['restore', '--no-checksum', b.file]);
    expect(unchecked.code).toBe(3);
    expect(unchecked.stderr).toContain('cannot be restored');
    expect(fs.readFileSync(ws.db).equals(live)).toBe(true);
    expect(ws.run(['restore', path.join(ws.dir, 'nope.db')]).code).toBe(4);
  });

  it('on a terminal, restore asks first; answering no changes nothing', () => {
    const ws = cliWorkspace();
    const b = ws.run(['--json', 'backup']).json<{ file: string }>();
    expect(ws.run(['users', 'add', 'bob']).code).toBe(0);
    const live = fs.readFileSync(ws.db);
    const res = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" --db "${ws.db}" restore "${b.file}"`, '/dev/null'], {
      env: cliEnv(),
      input: 'n\r',
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.stdout.replace(/\s+/g, ' ')).toContain('(0 leads, 0 calls)');
    expect(res.stdout).toContain('Nothing was changed.');
    expect(fs.readFileSync(ws.db).equals(live)).toBe(true);
  });

  it('shows its progress on a terminal only', () => {
    const ws = cliWorkspace();
    const plain = ws.run(['backup']);
    expect(plain.stderr).not.toContain('Backing up:');
    const tty = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" --db "${ws.db}" backup`, '/dev/null'], { env: cliEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(tty.stdout).toContain('Backing up: checking the copy');
    expect(tty.stdout).toContain('Backup written');
  });

  it('keeps the newest 14 backups', () => {
    const ws = cliWorkspace();
    const dir = path.join(ws.dir, 'backups');
    fs.mkdirSync(dir, { mode: 0o700 });
    for (let i = 1; i <= 14; i++) {
      const name = `repdesk-202611${String(i).padStart(2, '0')}-010000-000.db`;
      fs.writeFileSync(path.join(dir, name), 'old');
      fs.writeFileSync(path.join(dir, `${name}.sha256`), 'x');
    }
    const res = ws.run(['backup'], { env: { REPDESK_NOW: NOW } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('Removed 1 older backups');
    const left = fs.readdirSync(dir).filter((f) => f.endsWith('.db'));
    expect(left).toHaveLength(14);
    expect(left).not.toContain('repdesk-20261101-010000-000.db');
    expect(left.filter((f) => /^repdesk-20261128-0900\d\d-\d{3}\.db$/.test(f))).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'repdesk-20261101-010000-000.db.sha256'))).toBe(false);
  });
});

describe('backup and restore: roles, busy, refusals', () => {
  it('backup needs a team lead or admin, restore an admin (exit 5, nothing written)', () => {
    const ws = cliWorkspace();
    expect(ws.run(['users', 'add', 'bob', '--role', 'rep']).code).toBe(0);
    expect(ws.run(['users', 'add', 'mei', '--role', 'lead', '--team', 'north']).code).toBe(0);
    const b = ws.run(['--json', 'backup']).json<{ file: string }>();
    const names = () => fs.readdirSync(path.dirname(b.file)).sort();
    const before = names();
    const rep = ws.run(['--as', 'bob', 'backup']);
    expect(rep.code).toBe(5);
    expect(rep.stderr).toContain('"backup" needs team lead');
    expect(names()).toEqual(before);
    const live = fs.readFileSync(ws.db);
    for (const who of ['bob', 'mei']) {
      const res = ws.run(['--as', who, 'restore', b.file, '--yes']);
      expect(res.code, who).toBe(5);
      expect(res.stderr).toContain('"restore" needs admin');
    }
    expect(fs.readFileSync(ws.db).equals(live)).toBe(true);
    expect(names()).toEqual(before);
    expect(ws.run(['--as', 'mei', 'backup']).code).toBe(0);
  });

  it('a rep alone in the database (their own machine) may back it up', () => {
    const solo = cliWorkspace({ user: 'rita', role: 'rep' });
    const res = solo.run(['--json', 'backup']);
    expect(res.code, res.stderr).toBe(0);
    expect(fs.existsSync(res.json<{ file: string }>().file)).toBe(true);
  });

  it('backup while another process holds the write lock: exit 6, JSON error with --json, no backup file left', async () => {
    const ws = cliWorkspace();
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(ws.db)});
         db.exec("BEGIN IMMEDIATE; INSERT INTO settings (key, value, created_at, updated_at) VALUES ('holder', '1', 0, 0)");
         process.stdout.write('locked\\n');
         process.stdin.once('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`,
      ],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (b: Buffer) => b.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    try {
      const env = { REPDESK_BUSY_TIMEOUT_MS: '300' };
      const json = ws.run(['--json', 'backup'], { env });
      expect(json.code, json.stderr).toBe(6);
      expect(JSON.parse(json.stderr)).toMatchObject({ error: { kind: 'busy', key: 'db.error.busy' } });
      const zh = ws.run(['--lang', 'zh-TW', 'backup'], { env });
      expect(zh.code).toBe(6);
      expect(zh.stderr).toContain('資料庫忙碌中');
      expect(zh.stderr).not.toContain('locked');
      const dir = path.join(ws.dir, 'backups');
      expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
    } finally {
      holder.stdin.write('go\n');
      await new Promise((resolve) => holder.on('exit', resolve));
    }
    expect(ws.run(['backup']).code).toBe(0);
  });

  it('a damaged backup is refused in the user\'s language, without SQLite\'s English text', () => {
    const ws = cliWorkspace();
    const b = ws.run(['--json', 'backup']).json<{ file: string }>();
    const bytes = fs.readFileSync(b.file);
    bytes.fill(0x41, 4096, 8192);
    fs.writeFileSync(b.file, bytes);
    const res = ws.run(['--lang', 'zh-TW', 'restore', '--no-checksum', b.file, '--yes']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('檔案已損壞');
    expect(res.stderr).not.toMatch(/malformed|disk image/);
    const json = ws.run(['--json', 'restore', '--no-checksum', b.file, '--yes']);
    expect(JSON.parse(json.stderr).error).toMatchObject({ kind: 'invalid_input', key: 'restore.error.damaged' });
  });

  it('Ctrl-C during the copy: exit 130, one translated line, no temporary file or journal left', async () => {
    const ws = cliWorkspace();
    // Enough data for the copy to take a moment.
    const big = new Database(ws.db);
    big.exec('create table ballast (x blob)');
    const ins = big.prepare('insert into ballast values (randomblob(4000))');
    big.transaction(() => {
      for (let i = 0; i < 25_000; i++) ins.run();
    })();
    big.close();
    const dir = path.join(ws.dir, 'backups');
    const child = spawn(process.execPath, [BIN, '--db', ws.db, 'backup'], { env: cliEnv({ REPDESK_DATA_DIR: ws.dir }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once the copy has started (its temporary file exists).
    for (let i = 0; i < 1500 && !(fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.includes('.tmp-'))); i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Backup interrupted (Ctrl-C): nothing was written');
    expect(stderr).not.toMatch(/\n\s+at |FATAL/);
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });

  it('backup --out "" is a usage error', () => {
    const ws = cliWorkspace();
    const res = ws.run(['backup', '--out', '']);
    expect(res.code).toBe(2);
    expect(fs.existsSync(path.join(ws.dir, 'backups'))).toBe(false);
  });
});

describe('repdesk demo', () => {
  it('seeds ≥ 200 leads from ≥ 4 countries in ≥ 6 zones; same seed same data; never fills a real database', () => {
    const a = path.join(tempDir(), 'demo.db');
    const b = path.join(tempDir(), 'demo.db');
    const first = runCli(['--db', a, '--json', 'demo'], { env: { REPDESK_NOW: NOW } });
    expect(first.code, first.stderr).toBe(0);
    const out = first.json<{ seeded: boolean; counts: { leads: number; countries: string[]; timezones: string[]; scripts: number }; queue: unknown[] }>();
    expect(out.seeded).toBe(true);
    expect(out.counts.leads).toBeGreaterThanOrEqual(200);
    expect(out.counts.countries.length).toBeGreaterThanOrEqual(4);
    expect(out.counts.timezones.length).toBeGreaterThanOrEqual(6);
    expect(out.counts.scripts).toBe(2);
    expect(out.queue.length).toBeGreaterThan(0);
    expect(runCli(['--db', b, '--json', 'demo'], { env: { REPDESK_NOW: NOW } }).code).toBe(0);
    const dump = (file: string) => {
      const db = new Database(file, { readonly: true });
      const d = ['users', 'leads', 'calls', 'followups', 'dnc', 'products', 'targets', 'deals', 'lists'].map((t) => db.prepare(`select * from ${t} order by id`).all());
      db.close();
      return d;
    };
    expect(dump(b)).toEqual(dump(a));
    expect(fs.statSync(a).mode & 0o777).toBe(0o600);

    const again = runCli(['--db', a, 'demo'], { env: { REPDESK_NOW: NOW } });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already seeded');
    expect(again.stdout).toMatch(/^\s*#\s+name/);

    const ws = cliWorkspace();
    const mine = runCli(['--db', ws.db, 'demo']);
    expect(mine.code).toBe(1 + 4); // refused by a rule
    expect(mine.stderr).toContain('is not a demo database');
  });

  it('uses its own file (REPDESK_DB ignored) in the data directory', () => {
    const dir = tempDir();
    const real = path.join(dir, 'real.db');
    const res = runCli(['--json', 'demo'], { env: { REPDESK_DATA_DIR: dir, REPDESK_DB: real, REPDESK_NOW: NOW } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json<{ db: string }>().db).toBe(path.join(dir, 'demo.db'));
    expect(fs.existsSync(real)).toBe(false);
  });
});

describe('CLI conventions', () => {
  it('every command\'s --help shows a purpose and an example', async () => {
    const missing: string[] = [];
    const walk = (cmd: Command, trail: string[]) => {
      let text = '';
      cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
      cmd.outputHelp();
      const name = [...trail, cmd.name()].join(' ');
      if (!/Examples:\n\s+\$ repdesk/.test(text) || !cmd.description()) missing.push(name);
      for (const sub of cmd.commands) if (sub.name() !== 'help') walk(sub as Command, [...trail, cmd.name()]);
    };
    walk((await buildProgram()) as Command, []);
    expect(missing).toEqual([]);
    const bin = runCli(['backup', '--help']);
    expect(bin.code).toBe(0);
    expect(bin.stdout).toContain('$ repdesk backup --out');
  });

  it('a closed stdout (… | head -1) ends quietly with exit 0', async () => {
    const ws = cliWorkspace();
    const child = spawn(process.execPath, [BIN, '--db', ws.db, 'doctor'], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" --db "${ws.db}" --json doctor | head -1`], { env: cliEnv(), encoding: 'utf8' });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout).toBe('{\n');
  });

  it('colour on a terminal, none with NO_COLOR (script(1) gives the command a terminal)', () => {
    const ws = cliWorkspace();
    const inTty = (env: Record<string, string | undefined>) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" --db "${ws.db}" doctor`, '/dev/null'], { env: cliEnv({ FORCE_COLOR: undefined, ...env }), encoding: 'utf8', cwd: ROOT });
    const coloured = inTty({ NO_COLOR: undefined });
    expect(coloured.stdout).toContain('\u001b[');
    const plain = inTty({ NO_COLOR: '1' });
    expect(plain.stdout).toContain('native module');
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('--debug shows the stack of a failure; without it there is none', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    // init is what creates a database (and its folder); other commands refuse a missing one (exit 4).
    const args = ['--db', path.join(dir, 'file', 'sub', 'a.db'), 'init', '--name', 'a', '--role', 'admin', '--country', 'TW', '--timezone', 'Asia/Taipei', '--yes'];
    const plain = runCli(args);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('Cannot create the folder');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = runCli(['--debug', ...args]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
    // An error raised by repdesk itself (no underlying cause) shows where it was raised.
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database');
    expect(runCli(['--db', text, 'users', 'list']).stderr).not.toMatch(/\n\s+at /);
    const own = runCli(['--debug', '--db', text, 'users', 'list']);
    expect(own.code).toBe(3);
    expect(own.stderr).toMatch(/AppError[\s\S]*\n\s+at /);
  });
});
