import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, cliWorkspace } from '../helpers/cli.js';

describe('repdesk dnc through the binary', () => {
  let ws: ReturnType<typeof cliWorkspace>;
  beforeAll(() => {
    ws = cliWorkspace();
    expect(ws.run(['users', 'add', 'rita', '--role', 'rep']).code).toBe(0);
  });

  it('without a subcommand and --json: the error names the subcommands (no help is shown to list them)', () => {
    const res = ws.run(['--json', 'dnc']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    const body = JSON.parse(res.stderr) as { error: { key: string; message: string; commands: string } };
    expect(body.error).toMatchObject({ key: 'cli.error.missing_command', commands: 'add, remove, check, list' });
    expect(body.error.message).toBe('`repdesk dnc` needs a command: one of add, remove, check, list. See `repdesk dnc --help`.');
  });

  it('add (any role) and check: blocked, why, by whom; numbers in any format', () => {
    const add = ws.run(['--as', 'rita', 'dnc', 'add', '0912-345-678', '--reason', '客戶要求']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('+886912345678 is now on the do-not-call list');
    expect(ws.run(['dnc', 'add', '+886912345678']).stdout).toContain('was already on');
    const check = ws.run(['dnc', 'check', '０９１２３４５６７８']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('BLOCKED: reason 客戶要求; source manual; added by rita');
    expect(ws.run(['--json', 'dnc', 'check', '0922333444']).json()).toMatchObject({ phone: '+886922333444', blocked: false });
  });

  it('list, then remove: refused for a rep (exit 5), audited for an admin, not found after (exit 4)', () => {
    ws.run(['dnc', 'add', '0933111222', '--reason', 'asked']);
    expect(ws.run(['--json', 'dnc', 'list']).json()).toEqual(expect.arrayContaining([expect.objectContaining({ phone: '+886933111222', reason: 'asked', added_by: 'alice' })]));
    const denied = ws.run(['--as', 'rita', 'dnc', 'remove', '0933111222']);
    expect(denied.code).toBe(5);
    expect(denied.stderr).toContain('lead');
    const rm = ws.run(['--json', 'dnc', 'remove', '0933111222', '--reason', 'consent']);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.json()).toMatchObject({ phone: '+886933111222', removed: true });
    expect(ws.run(['dnc', 'remove', '0933111222']).code).toBe(4);
  });

  it('a number that cannot be normalised is exit 3 with the fix; messages in 简体中文', () => {
    const bad = ws.run(['dnc', 'add', '12']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('country code');
    expect(ws.run(['--lang', 'zh-CN', 'dnc', 'check', '0944555666']).stdout).toContain('不在免打扰名单上');
  });

  it('--country that is not a country: exit 2 naming the option, in the user\'s language, nothing added', () => {
    const f = path.join(ws.dir, 'cc.csv');
    fs.writeFileSync(f, 'phone\n+886 977 000 003\n');
    const imp = ws.run(['import', 'dnc', f, '--country', 'XX']);
    expect(imp.code).toBe(2);
    expect(imp.stderr).toContain('"XX" is not valid for --country. Expected: an ISO country code');
    const add = ws.run(['--lang', 'zh-TW', 'dnc', 'add', '+886 977 000 003', '--country', 'ZZ']);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('「ZZ」不是 --country 的有效值。應為：ISO 國家代碼');
    expect(ws.run(['--json', 'dnc', 'check', '+886977000003']).json()).toMatchObject({ blocked: false });
  });

  it('import dnc FILE (NDJSON): summary with rejects (exit 3 either way); --strict with a bad row adds nothing', () => {
    const f = path.join(ws.dir, 'optout.ndjson');
    fs.writeFileSync(f, '{"phone":"0955111222","reason":"asked"}\n{"phone":"0955111333"}\n{"phone":"12"}\n');
    const before = ws.run(['--json', 'dnc', 'list']).json<unknown[]>().length;
    const strict = ws.run(['--json', 'import', 'dnc', f, '--strict']);
    expect(strict.code, strict.stderr).toBe(3);
    expect(strict.json()).toMatchObject({ added: 0, committed: false });
    expect(ws.run(['--json', 'dnc', 'list']).json<unknown[]>().length).toBe(before);
    const ok = ws.run(['--json', 'import', 'dnc', f]);
    expect(ok.code, ok.stderr).toBe(3);
    expect(ok.json()).toMatchObject({ format: 'ndjson', rows: 3, added: 2, rejected: 1, committed: true, rejects: [{ line: 3 }] });
    expect(ws.run(['--json', 'dnc', 'check', '0955111222']).json()).toMatchObject({ blocked: true, reason: 'asked' });
  });
});

describe('repdesk dnc output for people', () => {
  it('the reason a number is refused is in the user\'s language', () => {
    const w = cliWorkspace();
    const tw = w.run(['--lang', 'zh-TW', 'dnc', 'add', '12']);
    expect(tw.code).toBe(3);
    expect(tw.stderr).toContain('（不是有效的號碼）');
    expect(tw.stderr).not.toContain('invalid');
    const cn = w.run(['--lang', 'zh-CN', 'dnc', 'check', '12']);
    expect(cn.stderr).toContain('（不是有效的号码）');
    const en = w.run(['--json', 'dnc', 'add', '12']);
    expect(JSON.parse(en.stderr)).toMatchObject({ error: { key: 'dnc.error.bad_number', message: expect.stringContaining('(not a valid number)') } });
    // An empty list says so, with the way to fill it.
    const empty = w.run(['--lang', 'zh-TW', 'dnc', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('勿擾名單是空的。');
  });

  it('times are shown in the user\'s zone, not UTC', () => {
    const w = cliWorkspace({ timezone: 'Asia/Taipei' });
    const env = { REPDESK_NOW: '2026-11-27T06:00:00Z' };
    expect(w.run(['dnc', 'add', '0912000111', '--reason', 'asked'], { env }).code).toBe(0);
    expect(w.run(['dnc', 'check', '0912000111']).stdout).toContain('added by alice on 2026-11-27 14:00.');
    expect(w.run(['dnc', 'list']).stdout).toMatch(/\+886912000111\s+asked\s+manual\s+alice\s+2026-11-27 14:00/);
    expect(w.run(['dnc', 'remove', '0912000111'], { env: { REPDESK_NOW: '2026-11-27T17:30:00Z' } }).code).toBe(0);
    expect(w.run(['dnc', 'check', '0912000111']).stdout).toContain('removed from the list on 2026-11-28 01:30');
    // --json: ISO-8601 instants with the user's offset, like every other command (REPDESK_NOW starts the clock there).
    const j = w.run(['--json', 'dnc', 'check', '0912000111']).json<{ added_at: string; removed_at: string }>();
    expect(j.added_at).toMatch(/^2026-11-27T14:00:\d\d\+08:00$/);
    expect(j.removed_at).toMatch(/^2026-11-28T01:30:\d\d\+08:00$/);
    const listed = w.run(['--json', 'dnc', 'list', '--removed']).json<{ added_at: string; removed_at: string }[]>();
    expect(listed[0].added_at).toMatch(/^2026-11-27T14:00:\d\d\+08:00$/);
    expect(listed[0].removed_at).toMatch(/^2026-11-28T01:30:\d\d\+08:00$/);
  });

  it('--limit: a bad value is exit 2; a cut list says how many it shows of how many; help has no English "(default: …)"', () => {
    const w = cliWorkspace();
    for (const n of ['0912000201', '0912000202', '0912000203']) expect(w.run(['dnc', 'add', n]).code).toBe(0);
    const bad = w.run(['--lang', 'zh-TW', 'dnc', 'list', '--limit', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit「abc」不是大於等於 1 的整數');
    expect(w.run(['dnc', 'list', '--limit', '0']).code).toBe(2);
    const cut = w.run(['dnc', 'list', '--limit', '2']);
    expect(cut.code).toBe(0);
    expect(cut.stdout.trim().split('\n')).toHaveLength(3);
    expect(cut.stderr).toContain('Showing the newest 2 of 3 numbers on the list. Use --limit N to see more.');
    expect(w.run(['dnc', 'list']).stderr).toContain('3 numbers on the list.');
    const help = w.run(['--lang', 'zh-CN', 'dnc', 'list', '--help']).stdout;
    expect(help).toContain('最多显示 N 个号码（默认：1000）');
    expect(help).not.toContain('(default:');
    expect(w.run(['--lang', 'zh-CN', 'dnc', '--help']).stdout).not.toContain('display help for command');
  });
});

describe('import dnc killed while it writes', () => {
  it('leaves the list as it was: the numbers go in together or not at all', async () => {
    const w = cliWorkspace();
    const f = path.join(w.dir, 'many.csv');
    const N = 150_000;
    fs.writeFileSync(f, 'phone\n' + Array.from({ length: N }, (_, i) => `09${20_000_000 + i * 3}`).join('\n') + '\n');
    expect(w.run(['dnc', 'add', '0911000111']).code).toBe(0);
    // The write is one transaction; once it is under way its pages spill into the WAL file, which
    // grows while nothing is committed. Kill the process then.
    const child = spawn(process.execPath, [BIN, '--db', w.db, 'import', 'dnc', f], { env: cliEnv({ REPDESK_DATA_DIR: w.dir }), stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const wal = `${w.db}-wal`;
    const startSize = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
    let killed = false;
    const deadline = Date.now() + 120_000;
    while (!killed && Date.now() < deadline && child.exitCode === null) {
      if (fs.existsSync(wal) && fs.statSync(wal).size > startSize + 2 * 1024 * 1024) {
        killed = child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await exited).toBe('SIGKILL');
    expect(killed).toBe(true);
    const db = new Database(w.db, { readonly: false });
    try {
      expect(db.prepare('select count(*) from dnc').pluck().get()).toBe(1);
      expect(db.prepare("select count(*) from lists where kind = 'dnc'").pluck().get()).toBe(0);
      expect(db.prepare('pragma integrity_check').pluck().get()).toBe('ok');
    } finally {
      db.close();
    }
    // And the same file then imports whole.
    const again = w.run(['--json', 'import', 'dnc', f]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ added: N });
  }, 240_000);
});

