import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace, runCli, tempDir } from '../helpers/cli.js';

describe('repdesk init, users, config through the binary', () => {
  it('init without a TTY and without flags prompts nothing, names the missing flags, exits 2', () => {
    const dir = tempDir();
    const res = runCli(['--db', path.join(dir, 'a.db'), 'init'], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--name --role --country --timezone');
    expect(res.stdout).toBe('');
  });

  it('scripted init creates the user and stores the settings; --json shape', () => {
    const dir = tempDir();
    const db = path.join(dir, 'sub', 'a.db');
    const res = runCli(['--db', db, '--json', 'init', '--name', 'alice', '--role', 'lead', '--country', 'us', '--timezone', 'America/New_York', '--lang', 'en', '--yes']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ user: 'alice', role: 'lead', country: 'US', timezone: 'America/New_York', created: true });
    expect(fs.statSync(path.dirname(db)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const cfg = runCli(['--db', db, '--json', 'config', 'list']).json<Record<string, unknown>>();
    expect(cfg).toMatchObject({ user: 'alice', country: 'US', timezone: 'America/New_York', 'calling.daily_cap': 3 });
  });

  it('users add / list / role, with permissions', () => {
    const ws = cliWorkspace();
    expect(ws.run(['users', 'add', 'bob', '--role', 'rep']).code).toBe(0);
    expect(ws.run(['users', 'add', '王小明', '--role', 'rep', '--timezone', 'Asia/Taipei']).code).toBe(0);
    const again = ws.run(['users', 'add', 'bob']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already exists');
    const list = ws.run(['--json', 'users', 'list']).json<{ username: string; role: string }[]>();
    expect(list.map((u) => u.username).sort()).toEqual(['alice', 'bob', '王小明'].sort());
    // A rep may not change roles: refused by a rule, exit 5.
    const denied = ws.run(['--as', 'bob', 'users', 'role', '王小明', 'admin']);
    expect(denied.code).toBe(5);
    expect(denied.stderr).toContain('admin');
    expect(ws.run(['users', 'role', 'bob', 'lead']).code).toBe(0);
    expect(ws.run(['--json', 'users', 'list']).json<{ username: string; role: string }[]>().find((u) => u.username === 'bob')?.role).toBe('lead');
    expect(ws.run(['users', 'role', 'nobody', 'lead']).code).toBe(4);
  });

  it('config set validates keys and values with the valid choices, exit 2', () => {
    const ws = cliWorkspace();
    const badZone = ws.run(['config', 'set', 'timezone', 'Mars/Olympus']);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('IANA time zone');
    const badCountry = ws.run(['config', 'set', 'country', 'XX']);
    expect(badCountry.code).toBe(2);
    const badKey = ws.run(['config', 'set', 'calling.dialy_cap', '3']);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('calling.daily_cap');
    expect(ws.run(['config', 'set', 'calling.daily_cap', '0']).code).toBe(2);
    expect(ws.run(['config', 'set', 'calling.daily_cap', '5']).code).toBe(0);
    expect(ws.run(['--json', 'config', 'get', 'calling.daily_cap']).json()).toEqual({ key: 'calling.daily_cap', value: 5 });
  });

  it('an unknown command suggests the right one, exit 2', () => {
    const res = runCli(['confg']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Did you mean config?');
  });

  it('speaks the language asked for', () => {
    const ws = cliWorkspace();
    const res = ws.run(['--lang', 'zh-TW', 'users', 'add', 'carol']);
    expect(res.stdout).toContain('已新增 carol（業務）');
    const cn = ws.run(['--lang', 'zh-CN', 'config', 'set', 'timezone', 'Nowhere/City']);
    expect(cn.stderr).toContain('不是 timezone 的有效值');
  });
});

describe('bad databases', () => {
  it('refuses a file that is not SQLite, exit 3, file untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'hello, not a database\n');
    const res = runCli(['--db', file, 'users', 'list']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('not a repdesk database');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello, not a database\n');
  });

  it('an unwritable directory is a clear error, exit 1, no stack trace', () => {
    if (process.getuid?.() === 0) {
      // root can write anywhere; use a path below a regular file instead, which nobody can create.
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'file'), 'x');
      const res = runCli(['--db', path.join(dir, 'file', 'sub', 'a.db'), 'users', 'list']);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Cannot create the folder');
      expect(res.stderr).not.toMatch(/\n\s+at /);
      return;
    }
    const dir = tempDir();
    fs.chmodSync(dir, 0o500);
    const res = runCli(['--db', path.join(dir, 'sub', 'a.db'), 'users', 'list']);
    expect(res.code).toBe(1);
  });
});
