import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/db/sqlite.js';
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

describe('who may do what: init, users role, config set, --as', () => {
  it('init on a database with users never creates a user nor changes a role (exit 5); choosing yourself again works', () => {
    const ws = cliWorkspace(); // alice, admin: the first user of an empty database, set up freely
    expect(ws.run(['users', 'add', 'bob', '--role', 'rep']).code).toBe(0);
    const raise = ws.run(['--as', 'bob', 'init', '--name', 'bob', '--role', 'admin', '--country', 'TW', '--timezone', 'Asia/Taipei', '--yes']);
    expect(raise.code).toBe(5);
    expect(raise.stderr).toContain('repdesk users role bob admin');
    const fresh = ws.run(['init', '--name', 'eve', '--role', 'admin', '--country', 'TW', '--timezone', 'Asia/Taipei', '--yes']);
    expect(fresh.code).toBe(5);
    expect(fresh.stderr).toContain('repdesk users add eve --role admin');
    const users = ws.run(['--json', 'users', 'list']).json<{ username: string; role: string }[]>();
    expect(users.map((u) => `${u.username}:${u.role}`).sort()).toEqual(['alice:admin', 'bob:rep']);
    // bob chooses himself on this machine, with his own role: fine.
    const mine = ws.run(['init', '--name', 'bob', '--role', 'rep', '--country', 'TW', '--timezone', 'Asia/Taipei', '--yes']);
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stdout).toContain('Updated. You are bob');
  });

  it('users role refuses to demote the last admin (exit 5); with a second admin it is allowed', () => {
    const ws = cliWorkspace();
    const last = ws.run(['users', 'role', 'alice', 'rep']);
    expect(last.code).toBe(5);
    expect(last.stderr).toContain('only admin');
    expect(ws.run(['users', 'add', 'eve', '--role', 'admin']).code).toBe(0);
    expect(ws.run(['users', 'role', 'alice', 'rep']).code).toBe(0);
  });

  it('users add: a lead needs --team, --team "" is refused, no --timezone takes the configured one, a long name is not echoed whole', () => {
    const ws = cliWorkspace();
    const lead = ws.run(['users', 'add', 'mei', '--role', 'lead']);
    expect(lead.code).toBe(2);
    expect(lead.stderr).toContain('--team');
    expect(ws.run(['users', 'add', 'mei', '--role', 'lead', '--team', '']).code).toBe(2);
    expect(ws.run(['users', 'add', 'mei', '--role', 'lead', '--team', 'north']).code).toBe(0);
    const bob = ws.run(['users', 'add', 'bob']);
    expect(bob.stderr).toContain("bob's time zone: Asia/Taipei");
    const list = ws.run(['--json', 'users', 'list']).json<{ username: string; timezone: string | null; team: string | null }[]>();
    expect(list.find((u) => u.username === 'bob')?.timezone).toBe('Asia/Taipei');
    expect(list.find((u) => u.username === 'mei')?.team).toBe('north');
    const long = ws.run(['users', 'add', 'x'.repeat(5000)]);
    expect(long.code).toBe(2);
    expect(long.stderr.length).toBeLessThan(400);
  });

  it('config set: team-wide keys need a team lead or admin (exit 5), personal ones any role; the actor is audited', () => {
    const ws = cliWorkspace();
    expect(ws.run(['users', 'add', 'bob', '--role', 'rep']).code).toBe(0);
    for (const [key, value] of [['calling.daily_cap', '5'], ['calling.require_consent', 'false'], ['policy.country.US.daily_cap', '2'], ['lint.require_opt_out', 'false'], ['care.checkin_days', '30']]) {
      const res = ws.run(['--as', 'bob', 'config', 'set', key, value]);
      expect(res.code, key).toBe(5);
      expect(res.stderr).toContain('needs team lead');
    }
    expect(ws.run(['--as', 'bob', 'config', 'unset', 'calling.daily_cap']).code).toBe(5);
    expect(ws.run(['--as', 'bob', 'config', 'set', 'timezone', 'Asia/Taipei']).code).toBe(0);
    expect(ws.run(['config', 'set', 'calling.daily_cap', '5']).code).toBe(0);
    const db = new Database(ws.db, { readonly: true });
    const rows = db.prepare("select actor, entity_id from audit_log where action = 'config.set' order by rowid").all();
    db.close();
    expect(rows).toEqual([
      { actor: 'bob', entity_id: 'timezone' },
      { actor: 'alice', entity_id: 'calling.daily_cap' },
    ]);
    // Role names are translated in the refusal; the command to fix it keeps the code.
    const zh = ws.run(['--lang', 'zh-TW', '--as', 'bob', 'config', 'set', 'calling.daily_cap', '4']);
    expect(zh.stderr).toContain('bob 的角色是業務；「config set calling.daily_cap」需要主管以上的角色');
    expect(zh.stderr).toContain('repdesk users role bob lead');
  });

  it('an unknown --as user is exit 4 for every command that opens the database', () => {
    const ws = cliWorkspace();
    for (const args of [['config', 'set', 'calling.daily_cap', '4'], ['config', 'list'], ['backup'], ['users', 'list'], ['dnc', 'list']]) {
      const res = ws.run(['--as', 'ghost', ...args]);
      expect(res.code, args.join(' ')).toBe(4);
      expect(res.stderr).toContain('No user named "ghost"');
    }
    expect(fs.existsSync(path.join(ws.dir, 'backups'))).toBe(false);
  });
});

describe('config values that cannot work', () => {
  it('refuses windows outside 08:00–21:00 or inverted, caps out of order, hex numbers, unknown dispositions and countries; suggests keys', () => {
    const ws = cliWorkspace();
    const early = ws.run(['config', 'set', 'calling.window_start', '07:00']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('08:00–21:00');
    expect(ws.run(['config', 'set', 'calling.window_end', '21:30']).code).toBe(2);
    expect(ws.run(['config', 'set', 'policy.country.US.window_start', '06:00']).code).toBe(2);
    const inverted = ws.run(['config', 'set', 'calling.window_start', '20:30']);
    expect(inverted.code).toBe(2);
    expect(inverted.stderr).toContain('20:30–20:00');
    expect(ws.run(['config', 'set', 'calling.daily_cap', '10']).stderr).toContain('cannot exceed the lifetime cap');
    expect(ws.run(['config', 'set', 'calling.lifetime_cap', '2']).code).toBe(2);
    expect(ws.run(['config', 'set', 'calling.daily_cap', '0x3']).code).toBe(2);
    expect(ws.run(['config', 'set', 'calling.daily_cap', '1e1']).code).toBe(2);
    const retry = ws.run(['config', 'set', 'calling.retry.no_answr', '60']);
    expect(retry.code).toBe(2);
    expect(retry.stderr).toContain('no_answer');
    expect(ws.run(['config', 'set', 'calling.retry.no_answer', '60']).code).toBe(0);
    expect(ws.run(['config', 'set', 'policy.country.XX.window_start', '10:00']).code).toBe(2);
    expect(ws.run(['config', 'set', 'policy.list.Expo 2026.daily_cap', '2']).code).toBe(0);
    expect(ws.run(['config', 'set', 'calling.dialy_cap', '3']).stderr).toContain('Did you mean calling.daily_cap?');
    expect(ws.run(['--json', 'config', 'get', 'calling.daily_cap']).json()).toEqual({ key: 'calling.daily_cap', value: 3 });
  });

  it('config unset puts a setting back to its default, audited', () => {
    const ws = cliWorkspace();
    expect(ws.run(['config', 'set', 'calling.window_end', '19:00']).code).toBe(0);
    const res = ws.run(['config', 'unset', 'calling.window_end']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('back to its default: 20:00');
    expect(ws.run(['--json', 'config', 'get', 'calling.window_end']).json()).toEqual({ key: 'calling.window_end', value: '20:00' });
    expect(ws.run(['config', 'unset', 'calling.dialy_cap']).code).toBe(2);
    const db = new Database(ws.db, { readonly: true });
    expect(db.prepare("select actor from audit_log where action = 'config.unset'").all()).toEqual([{ actor: 'alice' }]);
    db.close();
  });
});

describe('a database file that does not exist', () => {
  it('read and maintenance commands exit 4 naming the path and the fix, and create nothing', () => {
    const dir = tempDir();
    const db = path.join(dir, 'typo', 'repdesk.db');
    for (const args of [['backup'], ['doctor'], ['users', 'list'], ['config', 'list'], ['config', 'get', 'calling.daily_cap']]) {
      const res = runCli(['--db', db, ...args]);
      expect(res.code, args.join(' ')).toBe(4);
      // doctor names it in its table (stdout), every other command in its error (stderr).
      expect(res.stdout + res.stderr).toContain(db);
      expect(res.stdout + res.stderr).toContain(`repdesk --db ${db} init`);
    }
    expect(fs.existsSync(path.join(dir, 'typo'))).toBe(false);
  });

  it('a 0-byte file becomes a database with mode 0600', () => {
    const dir = tempDir();
    const db = path.join(dir, 'empty.db');
    fs.writeFileSync(db, '', { mode: 0o644 });
    fs.chmodSync(db, 0o644);
    const res = runCli(['--db', db, 'init', ...INIT]);
    expect(res.code, res.stderr).toBe(0);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
  });

  it('init --help lists --lang once', () => {
    const help = runCli(['init', '--help']).stdout;
    expect(help.match(/--lang <lang>/g)).toHaveLength(1);
  });
});

const INIT = ['--name', 'a', '--role', 'admin', '--country', 'TW', '--timezone', 'Asia/Taipei', '--yes'];

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
      const res = runCli(['--db', path.join(dir, 'file', 'sub', 'a.db'), 'init', ...INIT]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Cannot create the folder');
      expect(res.stderr).not.toMatch(/\n\s+at /);
      return;
    }
    const dir = tempDir();
    fs.chmodSync(dir, 0o500);
    const res = runCli(['--db', path.join(dir, 'sub', 'a.db'), 'init', ...INIT]);
    expect(res.code).toBe(1);
  });
});
