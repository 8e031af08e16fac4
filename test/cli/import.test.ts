import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { Database, type SqliteDb } from '../../src/db/sqlite.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, cliWorkspace, tempDir } from '../helpers/cli.js';

const write = (dir: string, name: string, data: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('repdesk import leads through the binary', () => {
  // One workspace for most cases (each binary run costs a process start); numbers differ per case.
  let shared: ReturnType<typeof cliWorkspace>;
  beforeAll(() => {
    shared = cliWorkspace();
  });
  it('--json summary shape; exit 3 when rows are rejected (valid rows still imported); exit 5 on re-import', () => {
    const ws = shared;
    const f = write(ws.dir, 'expo.csv', '姓名,手機,Email,備註\n王小明,0912-345-678,w@x.co,=1+1\n陳大文,+886 912 345 678,,\nBad,12,,\n林,０９２２３３３４４４,,\n');
    const res = ws.run(['--json', 'import', 'leads', f, '--list', 'Expo 2026']);
    expect(res.code, res.stderr).toBe(3);
    const j = res.json<Record<string, unknown>>();
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['list', 'file', 'sha256', 'encoding', 'format', 'rows', 'inserted', 'updated', 'merged', 'duplicates_in_file', 'duplicates_existing', 'dnc', 'rejected', 'suspicious', 'dry_run', 'elapsed_ms', 'rejects']));
    expect(j).toMatchObject({ list: 'Expo 2026', file: f, encoding: 'utf-8', format: 'csv', rows: 4, inserted: 2, duplicates_in_file: 1, rejected: 1, suspicious: 1, dry_run: false, rejects: [{ line: 4, reason: 'phone "12": not a valid number' }] });
    expect(j.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = ws.run(['import', 'leads', f]);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('was imported before as list "Expo 2026"');
    expect(again.stderr).toContain('--force');
    noStack(again.stderr);
  });

  it('on a terminal, a progress bar on stderr, then the writing phase, cleared before the summary; never with --json or without a terminal', () => {
    const ws = shared;
    const rows = Array.from({ length: 40_000 }, (_, i) => `P${i},09${String(40_000_000 + i)}`);
    const f = write(ws.dir, 'progress.csv', `name,phone\n${rows.join('\n')}\n`);
    // `script` gives the binary a real pseudo-terminal (stdout and stderr both land in its output).
    const tty = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" --db "${ws.db}" import leads "${f}"`, '/dev/null'], { env: { ...cliEnv(), COLUMNS: '100' }, encoding: 'utf8', timeout: 60_000 });
    expect(tty.status, tty.stdout).toBe(0);
    const bars = tty.stdout.split('\r').filter((l) => l.includes('rows…'));
    expect(bars.length).toBeGreaterThan(0);
    expect(bars[0]).toMatch(/[█░]{10,} +\d{1,3}%  [\d,]+ rows…/);
    expect(tty.stdout).toContain('Writing 40,000 new leads…');
    expect(tty.stdout).toMatch(/\r\x1b\[K[\s\S]*New leads\s+40,?000/);
    const plain = ws.run(['import', 'leads', f, '--force', '--dry-run']);
    expect(plain.stderr).not.toContain('rows…');
    expect(plain.stderr).not.toContain('Writing');
    const json = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" --db "${ws.db}" --json import leads "${f}" --force --dry-run`, '/dev/null'], { env: cliEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(json.stdout).not.toContain('rows…');
    expect(json.stdout).toContain('"dry_run": true');
  });

  it('human summary, in English and 繁體中文; exit 0 when clean; --dry-run says nothing was written', () => {
    const ws = shared;
    const f = write(ws.dir, 'clean.csv', 'name,phone\nA,0911000001\n');
    const dry = ws.run(['import', 'leads', f, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/New leads\s+1/);
    expect(dry.stderr).toContain('Dry run: nothing was written.');
    const zh = ws.run(['--lang', 'zh-TW', 'import', 'leads', f]);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/新增名單\s+1/);
  });

  it('--rejects writes every rejected row with line, reason and the original cells (formulas neutralised); JSON caps at 100', () => {
    const ws = shared;
    const bad = Array.from({ length: 150 }, (_, i) => `=cmd${i},12${i}`).join('\n');
    const f = write(ws.dir, 'bad.csv', `name,phone\nGood,0911000002\n${bad}\n`);
    const out = path.join(ws.dir, 'rejects.csv');
    const res = ws.run(['--json', 'import', 'leads', f, '--rejects', out]);
    expect(res.code).toBe(3);
    const j = res.json<{ rejected: number; rejects: unknown[]; inserted: number }>();
    expect(j).toMatchObject({ rejected: 150, inserted: 1 });
    expect(j.rejects).toHaveLength(100);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFline,reason,name,phone\r\n')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(151);
    expect(lines[1]).toBe(`3,"phone ""120"": not a valid number","'=cmd0",120`);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });

  it('reads stdin with -', () => {
    const ws = shared;
    const res = ws.run(['--json', 'import', 'leads', '-', '--list', 'piped'], { input: 'name\tphone\n王小明\t0911000003\n' });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ list: 'piped', file: 'stdin', format: 'tsv', inserted: 1 });
  });

  it('spools a piped file to a private temp copy and removes it when done', () => {
    const ws = shared;
    const tmp = tempDir('repdesk-spool-');
    const body = 'name,phone\n' + Array.from({ length: 2000 }, (_, i) => `Lead ${i},09120${String(i).padStart(5, '0')}`).join('\n') + '\n';
    const res = ws.run(['--json', 'import', 'leads', '-', '--list', 'piped-big'], { input: body, env: { TMPDIR: tmp } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ file: 'stdin', format: 'csv', rows: 2000, inserted: 2000 });
    // The spooled copy lived under TMPDIR and is gone once the command ends.
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('several files in one command: one list each, a JSON array; --format reads an unknown extension', () => {
    const ws = shared;
    const a = write(ws.dir, 'a.dat', 'name;phone\nA;0911000011\n');
    const b = write(ws.dir, 'b.dat', 'name;phone\nB;0911000012\nC;0911000013\n');
    const res = ws.run(['--json', 'import', 'leads', a, b, '--format', 'ssv', '--list', 'multi']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject([
      { list: `multi (${a})`, format: 'ssv', inserted: 1 },
      { list: `multi (${b})`, format: 'ssv', inserted: 2 },
    ]);
  });

  it('a guessed encoding is reported on stderr', () => {
    const ws = shared;
    const f = write(ws.dir, 'big5.csv', iconv.encode('姓名,電話\r\n王小明,0911000004\r\n陳大文,0911000005\r\n', 'big5'));
    const res = ws.run(['import', 'leads', f]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('Encoding detected as big5');
    expect(res.stderr).toContain('run again with --encoding gb18030.');
    expect(res.stdout).toContain('Encoding: big5');
  });

  it.each([
    ['empty.csv', '', 3, 'is empty'],
    ['quote.csv', 'name,phone\nA,0912345678\n"B,0922333444\n', 3, 'quote.csv:3'],
    ['cols.csv', '名字,地址\nA,台北\n', 3, 'Columns found: 名字, 地址'],
  ])('bad input %s: a clear message, the exit code, no stack trace', (name, data, code, text) => {
    const ws = shared;
    const res = ws.run(['import', 'leads', write(ws.dir, name, data)]);
    expect(res.code, res.stderr).toBe(code);
    expect(res.stderr).toContain(text);
    noStack(res.stderr);
  });

  it('a missing file is exit 4; a bad --map is exit 2 with the valid fields', () => {
    const ws = shared;
    expect(ws.run(['import', 'leads', path.join(ws.dir, 'nope.csv')]).code).toBe(4);
    const f = write(ws.dir, 'a.csv', 'x\n1\n');
    const bad = ws.run(['import', 'leads', f, '--map', 'x=telephone']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('alt_phone');
    expect(bad.stderr).toContain('--map: "telephone"');
  });

  it('rollback through the binary, then the file may be imported again', () => {
    const ws = shared;
    const f = write(ws.dir, 'rb.csv', 'name,phone\nA,0911000006\nB,0911000007\n');
    expect(ws.run(['import', 'leads', f, '--list', 'L1']).code).toBe(0);
    const rb = ws.run(['--json', 'import', 'rollback', 'L1']);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.json()).toMatchObject({ list: 'L1', removed: 2, kept_with_history: 0 });
    expect(ws.run(['import', 'rollback', 'nope']).code).toBe(4);
  });

  it('rollback through the binary removes the numbers an --on-duplicate merge added to existing leads', () => {
    const ws = shared;
    const first = write(ws.dir, 'rbp1.csv', 'name,phone\nA,0911000031\n');
    expect(ws.run(['import', 'leads', first, '--list', 'RP1']).code).toBe(0);
    const second = write(ws.dir, 'rbp2.csv', 'name,phone,alt phone\nA,0911000031,0911000032\n');
    const imp = ws.run(['--json', 'import', 'leads', second, '--list', 'RP2', '--on-duplicate', 'merge']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.json()).toMatchObject({ duplicates_existing: 1, merged: 1, inserted: 0 });
    const db = new Database(ws.db, { readonly: true });
    const extra = () => db.prepare("select count(*) from lead_phones where phone = '+886911000032'").pluck().get();
    expect(extra()).toBe(1);
    const rb = ws.run(['--json', 'import', 'rollback', 'RP2']);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.json()).toMatchObject({ list: 'RP2', removed: 0, restored: 1, phones_removed: 1 });
    expect(extra()).toBe(0);
    expect(db.prepare("select count(*) from leads where phone = '+886911000031'").pluck().get()).toBe(1);
    db.close();
  });

  it('import robot and import dnc through the binary', () => {
    const ws = shared;
    const r = write(ws.dir, 'robot.csv', '被叫號碼,呼叫時間,通話時長,呼叫結果,意向等級\n0911000008,2026-11-27 10:00:00,95,已接通,A\n0911000009,2026-11-27 10:05:00,20,已接通,拒絕\n');
    const res = ws.run(['--json', 'import', 'robot', r, '--timezone', 'Asia/Taipei'], { env: { REPDESK_NOW: '2026-11-27T06:00:00Z' } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ calls: 2, leads_created: 2, followups: 1, dnc: 1 });
    const d = write(ws.dir, 'dnc.csv', 'phone,reason\n0911000010,asked\n');
    const dn = ws.run(['--json', 'import', 'dnc', d]);
    expect(dn.code, dn.stderr).toBe(0);
    expect(dn.json()).toMatchObject({ added: 1 });
    expect(ws.run(['--json', 'dnc', 'check', '0911-000-009']).json()).toMatchObject({ blocked: true, source: 'robot', reason: 'robot: refusal' });
    // People read the reason and source repdesk wrote, and the list named after the file, in their language.
    expect(ws.run(['--lang', 'zh-TW', 'dnc', 'check', '0911-000-009']).stdout).toContain('原因 拒接機器人外呼；來源 機器人外呼');
    expect(ws.run(['--lang', 'zh-CN', 'dnc', 'list']).stdout).toMatch(/\+886911000009 +拒接机器人外呼 +机器人外呼/);
    const zhRobot = write(ws.dir, '外呼.csv', 'phone,call time,duration,result\n0911000011,2026-11-27 11:00:00,30,connected\n');
    const named = ws.run(['--json', '--lang', 'zh-TW', 'import', 'robot', zhRobot, '--timezone', 'Asia/Taipei'], { env: { REPDESK_NOW: '2026-11-27T06:00:00Z' } });
    expect(named.json()).toMatchObject({ list: '外呼.csv 機器人外呼' });
    const zhDnc = write(ws.dir, 'optout.csv', 'phone\n0911000012\n');
    expect(ws.run(['--json', '--lang', 'zh-CN', 'import', 'dnc', zhDnc]).json()).toMatchObject({ list: 'optout.csv 免打扰名单' });
  });

  it('import lists shows every import newest first: kind, who, counts, leads still there, rollbacks; --kind, --limit, --json', () => {
    const ws = cliWorkspace();
    const leads = write(ws.dir, 'expo.csv', 'name,phone\nA,0911100001\nB,0911100002\nBad,12\n');
    expect(ws.run(['import', 'leads', leads, '--list', 'Expo 2026'], { env: { REPDESK_NOW: '2026-11-26T02:00:00Z' } }).code).toBe(3);
    const robot = write(ws.dir, 'robot.csv', 'phone,call time,duration,result,grade\n0911100003,2026-11-27 10:00:00,95,connected,A\n');
    expect(ws.run(['import', 'robot', robot, '--timezone', 'Asia/Taipei', '--list', 'Robot Nov'], { env: { REPDESK_NOW: '2026-11-27T06:00:00Z' } }).code).toBe(0);
    const dnc = write(ws.dir, 'optout.csv', 'phone\n0911100004\n0911100005\n');
    expect(ws.run(['import', 'dnc', dnc, '--list', 'Opt-outs'], { env: { REPDESK_NOW: '2026-11-27T08:00:00Z' } }).code).toBe(0);
    expect(ws.run(['import', 'rollback', 'Expo 2026'], { env: { REPDESK_NOW: '2026-11-28T01:00:00Z' } }).code).toBe(0);

    const json = ws.run(['--json', 'import', 'lists']);
    expect(json.code, json.stderr).toBe(0);
    const rows = json.json<{ name: string; kind: string; created_by: string; counts: Record<string, number>; leads_now: number; rolled_back_at: number | null }[]>();
    expect(rows.map((r) => [r.name, r.kind])).toEqual([['Opt-outs', 'dnc'], ['Robot Nov', 'robot'], ['Expo 2026', 'leads']]);
    expect(rows[0].counts).toMatchObject({ rows: 2, added: 2, rejected: 0 });
    expect(rows[1]).toMatchObject({ leads_now: 1, counts: { calls: 1 }, rolled_back_at: null });
    expect(rows[2]).toMatchObject({ created_by: 'alice', leads_now: 0, counts: { rows: 3, inserted: 2, rejected: 1 } });
    // REPDESK_NOW starts the clock; the run itself takes a moment.
    expect(rows[2].rolled_back_at! - Date.parse('2026-11-28T01:00:00Z')).toBeGreaterThanOrEqual(0);
    expect(rows[2].rolled_back_at! - Date.parse('2026-11-28T01:00:00Z')).toBeLessThan(60_000);

    const table = ws.run(['import', 'lists', '--kind', 'leads']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('Expo 2026');
    expect(table.stdout).not.toContain('Opt-outs');
    // Times in the user's zone (Asia/Taipei): imported 10:00, rolled back 09:00 the next days.
    expect(table.stdout).toMatch(/Expo 2026\s+leads\s+2026-11-26 10:00\s+alice\s+3\s+2\s+1\s+0\s+2026-11-28 09:00/);
    const zh = ws.run(['--lang', 'zh-TW', 'import', 'lists', '--limit', '1']);
    expect(zh.stdout).toContain('拒接來電');
    expect(zh.stdout).toContain('現有名單');
    expect(zh.stderr).toContain('顯示最新的 1 筆，共 3 筆匯入');
    expect(ws.run(['import', 'lists', '--kind', 'calls']).code).toBe(2);
    expect(ws.run(['import', 'lists', '--limit', '0']).code).toBe(2);
    const empty = cliWorkspace().run(['import', 'lists']);
    expect(empty.stdout).toContain('No imports yet');
  });

  it('help shows the purpose, options and examples', () => {
    const ws = shared;
    const h = ws.run(['import', 'leads', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--on-duplicate');
    expect(h.stdout).toContain('repdesk import leads expo.csv');
  });

  it('counts read with thousands separators; "… and N more" counts every rejected row, not just those kept in memory', () => {
    const ws = shared;
    const good = Array.from({ length: 1200 }, (_, i) => `G${i},0923${String(i).padStart(6, '0')}`);
    const bad = Array.from({ length: 1030 }, (_, i) => `B${i},1${i}`);
    const f = write(ws.dir, 'thousands.csv', `name,phone\n${[...good, ...bad].join('\n')}\n`);
    const res = ws.run(['import', 'leads', f, '--dry-run']);
    expect(res.code, res.stderr).toBe(3);
    expect(res.stdout).toMatch(/Rows read\s+2,230\n/);
    expect(res.stdout).toMatch(/New leads\s+1,200\n/);
    expect(res.stdout).toMatch(/Rejected\s+1,030\n/);
    // 20 shown of 1,030 (the service keeps only the first 1,000 in the summary).
    expect(res.stdout).toContain('… and 1,010 more rejected.');
    const zh = ws.run(['--lang', 'zh-TW', 'import', 'leads', f, '--dry-run', '--strict']);
    expect(zh.stderr).toContain('--strict：有 1,030 列無效');
  });

  it('a rejected row shows the whole fix; only an overlong cell value is shortened', () => {
    const ws = shared;
    const long = '9'.repeat(30) + '/' + 'x'.repeat(200);
    const f = write(ws.dir, 'dates.csv', `name,phone,生日\nR1,0923900001,79/03/12\nR2,0923900002,${long}\n`);
    const res = ws.run(['import', 'leads', f, '--dry-run']);
    expect(res.code, res.stderr).toBe(3);
    const lines = res.stdout.split('\n');
    const l2 = lines.find((l) => /^\s+2\s/.test(l))!;
    expect(l2).toContain('"79/03/12" is not a date');
    expect(l2.trimEnd().endsWith('--roc-dates for 79/03/12)')).toBe(true);
    const l3 = lines.find((l) => /^\s+3\s/.test(l))!;
    expect(l3).not.toContain('x'.repeat(50));
    expect(l3).toContain('…');
    expect(l3.trimEnd().endsWith('--roc-dates for 79/03/12)')).toBe(true);
    // JSON and --rejects keep the full value.
    expect(ws.run(['--json', 'import', 'leads', f, '--dry-run']).json<{ rejects: { reason: string }[] }>().rejects[1].reason).toContain(long);
  });

  it('--rejects into a missing folder or onto a folder is a usage error before anything is imported; a clean run leaves no stale rejects file', () => {
    const ws = shared;
    const f = write(ws.dir, 'rejdir.csv', 'name,phone\nOK,0923910001\nBad,12\n');
    const missing = ws.run(['--lang', 'zh-TW', 'import', 'leads', f, '--rejects', path.join(ws.dir, 'no-such-dir', 'r.csv')]);
    expect(missing.code, missing.stderr).toBe(2);
    expect(missing.stderr).toContain('資料夾不存在。沒有匯入任何資料。');
    noStack(missing.stderr);
    const folder = ws.run(['import', 'leads', f, '--rejects', ws.dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`--rejects ${ws.dir} is a folder`);
    expect(folder.stderr).not.toContain('unexpected');
    // Never onto the file being imported (opening it truncates).
    const self = ws.run(['import', 'leads', f, '--rejects', f]);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('is a file being imported');
    expect(fs.readFileSync(f, 'utf8')).toBe('name,phone\nOK,0923910001\nBad,12\n');
    // Nothing was imported by any attempt: the file imports now, its good row new.
    const out = path.join(ws.dir, 'rejdir-rejects.csv');
    const ok = ws.run(['--json', 'import', 'leads', f, '--rejects', out]);
    expect(ok.json()).toMatchObject({ inserted: 1, rejected: 1 });
    expect(fs.readFileSync(out, 'utf8')).toContain('Bad,12');
    // A later clean run with the same --rejects path does not leave the old rejects behind.
    const clean = write(ws.dir, 'rejdir-clean.csv', 'name,phone\nOK2,0923910002\n');
    expect(ws.run(['import', 'leads', clean, '--rejects', out]).code).toBe(0);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('several files, one refused: --json still reports the files already imported; the human output says what was and was not done', () => {
    const ws = shared;
    const a = write(ws.dir, 'stop-a.csv', 'name,phone\nA,0923920001\n');
    const done = write(ws.dir, 'stop-done.csv', 'name,phone\nD,0923920002\n');
    const c = write(ws.dir, 'stop-c.csv', 'name,phone\nC,0923920003\n');
    expect(ws.run(['import', 'leads', done]).code).toBe(0);
    const res = ws.run(['--json', 'import', 'leads', a, done, c]);
    expect(res.code).toBe(5);
    expect(res.json()).toEqual([expect.objectContaining({ file: a, inserted: 1, committed: true })]);
    expect(JSON.parse(res.stderr)).toMatchObject({ error: { key: 'import.error.already_imported', file: done } });
    const b = write(ws.dir, 'stop-b.csv', 'name,phone\nB,0923920004\n');
    const human = ws.run(['import', 'leads', b, done, c]);
    expect(human.code).toBe(5);
    expect(human.stderr).toContain(`Stopped at ${done}. Already imported (each file is its own list): ${b}. Not attempted: ${c}.`);
  });

  it('options with a few values: a wrong one is exit 2 in the user\'s language; help has no English "(choices: …)" or "(default: …)"', () => {
    const ws = shared;
    const f = write(ws.dir, 'choice.csv', 'name,phone\nA,0923930001\n');
    const bad = ws.run(['--lang', 'zh-TW', 'import', 'leads', f, '--on-duplicate', 'replace']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--on-duplicate「replace」不是可用的選項。請使用：skip, update, merge。');
    expect(ws.run(['--lang', 'zh-CN', 'import', 'leads', f, '--format', 'xls']).stderr).toContain('--format“xls”不是可用的选项');
    expect(ws.run(['import', 'leads', f, '--date-format', 'dym']).code).toBe(2);
    expect(ws.run(['--json', 'import', 'leads', f, '--date-format', 'dmy', '--on-duplicate', 'merge', '--format', 'csv', '--dry-run']).code).toBe(0);
    for (const lang of ['zh-TW', 'zh-CN']) {
      const help = ws.run(['--lang', lang, 'import', 'leads', '--help']).stdout;
      expect(help).toContain('--on-duplicate');
      const mine = help.slice(0, help.indexOf('-h, --help'));
      expect(mine).not.toMatch(/\(choices:|\(default:/);
      expect(ws.run(['--lang', lang, 'import', '--help']).stdout).not.toContain('display help for command');
    }
  });

  it('import robot/dnc help: their own --map example and the DNC --source meaning', () => {
    const ws = shared;
    expect(ws.run(['import', 'robot', '--help']).stdout).toContain('"被叫號碼=phone,呼叫時間=call_time"');
    const dnc = ws.run(['--lang', 'zh-TW', 'import', 'dnc', '--help']).stdout;
    expect(dnc).toContain('"手機=phone,原因=reason"');
    expect(dnc).not.toContain('Full Name=name');
    expect(dnc).toMatch(/--source <source>\s+檔案中未註明來源的號碼所記錄的來源（預設：import）/);
  });

  it('a refused re-import says when, in the user\'s zone; a DNC list is not offered a rollback; --json keeps the UTC instant', () => {
    const ws = shared;
    const env = { REPDESK_NOW: '2026-11-27T06:00:00Z' };
    const f = write(ws.dir, 'when.csv', 'name,phone\nW,0923940001\n');
    expect(ws.run(['import', 'leads', f], { env }).code).toBe(0);
    const again = ws.run(['--lang', 'zh-TW', 'import', 'leads', f], { env });
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('（2026-11-27 14:00）');
    expect(again.stderr).toContain('先復原該名單');
    const d = write(ws.dir, 'when-dnc.csv', 'phone\n0923940002\n');
    expect(ws.run(['import', 'dnc', d], { env }).code).toBe(0);
    const dnc = ws.run(['import', 'dnc', d], { env });
    expect(dnc.code).toBe(5);
    expect(dnc.stderr).toContain('(2026-11-27 14:00). Nothing was imported. Use --force to import it again.');
    expect(dnc.stderr).not.toContain('roll');
    const json = ws.run(['--json', 'import', 'dnc', d], { env });
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { kind: 'refused', at: expect.stringMatching(/^2026-11-27T06:00:\d\d\.\d{3}Z$/), when: '2026-11-27 14:00' } });
    expect(json.stdout).toBe('');
  });

  it('import dnc --strict with an invalid row says why nothing was added', () => {
    const ws = shared;
    const f = write(ws.dir, 'strict-dnc.csv', 'phone\n0923950001\n12\n');
    const res = ws.run(['--lang', 'zh-CN', 'import', 'dnc', f, '--strict']);
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('--strict：有 1 行无效，因此完全没有导入。');
  });

  it('rollback tells about changes it could not restore because the lead is gone', () => {
    const ws = shared;
    const first = write(ws.dir, 'gone1.csv', 'name,phone\nG,0923960001\n');
    expect(ws.run(['import', 'leads', first, '--list', 'GONE1']).code).toBe(0);
    const second = write(ws.dir, 'gone2.csv', 'name,phone,company\nG,0923960001,ACME\n');
    expect(ws.run(['import', 'leads', second, '--list', 'GONE2', '--on-duplicate', 'update']).code).toBe(0);
    expect(ws.run(['import', 'rollback', 'GONE1']).code).toBe(0);
    const rb = ws.run(['import', 'rollback', 'GONE2']);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stdout).toContain('Leads this import had changed that no longer exist, so there was nothing to restore on them: 1.');
  });

  it('--json rejects carry a stable code beside the reason, which follows the language', () => {
    const ws = shared;
    const f = write(ws.dir, 'codes.csv', 'name,phone,email,birthday\nC1,12,,\nC2,0923970001,nope,\nC3,0923970002,,1990-13-45\nC4,,,\n');
    const res = ws.run(['--json', '--lang', 'zh-TW', 'import', 'leads', f, '--dry-run']);
    expect(res.code).toBe(3);
    expect(res.json<{ rejects: unknown[] }>().rejects).toEqual([
      { line: 2, code: 'bad_phone', reason: '電話「12」：不是有效的號碼' },
      { line: 3, code: 'bad_email', reason: expect.stringContaining('不是電子郵件地址') },
      { line: 4, code: 'bad_date', reason: expect.stringContaining('不是日期') },
      { line: 5, code: 'no_contact', reason: '沒有電話也沒有電子郵件' },
    ]);
    const d = write(ws.dir, 'codes-dnc.csv', 'phone\n0923970003\n12\n');
    expect(ws.run(['--json', 'import', 'dnc', d, '--dry-run']).json()).toMatchObject({ rejects: [{ line: 3, code: 'bad_phone', reason: 'phone "12": not a valid number' }] });
  });

  it('a kill during a large import leaves the database exactly as before', async () => {
    const ws = cliWorkspace();
    const small = write(ws.dir, 'small.csv', 'name,phone\nKeep,0911999999\n');
    expect(ws.run(['import', 'leads', small]).code).toBe(0);
    const snapshot = () => {
      const db = new Database(ws.db, { readonly: true });
      try {
        const counts = ['leads', 'lists', 'lead_phones', 'audit_log', 'import_changes'].map((t) => db.prepare(`select count(*) from ${t}`).pluck().get());
        // The import drops and rebuilds secondary indexes of big files inside its transaction.
        return [...counts, db.prepare("select group_concat(name) from (select name from sqlite_master where type = 'index' order by name)").pluck().get()];
      } finally {
        db.close();
      }
    };
    const before = snapshot();
    const rows = Array.from({ length: 250_000 }, (_, i) => `客戶${i},09${String(10_000_000 + i).padStart(8, '0')},c${i}@x.co`);
    const big = write(ws.dir, 'big.csv', 'name,phone,email\n' + rows.join('\n') + '\n');
    const child = spawn(process.execPath, [BIN, '--db', ws.db, 'import', 'leads', big], { env: cliEnv({ REPDESK_DATA_DIR: ws.dir }), stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? -1 : code)));
    // Wait until the import is visibly writing (the WAL grows), then kill it without warning.
    const wal = `${ws.db}-wal`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (fs.existsSync(wal) && fs.statSync(wal).size > 3 * 1024 * 1024) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(fs.statSync(wal).size).toBeGreaterThan(3 * 1024 * 1024);
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);
    expect(snapshot()).toEqual(before);
    // And the database is healthy and usable afterwards.
    expect(ws.run(['--json', 'import', 'leads', small, '--force']).json()).toMatchObject({ duplicates_existing: 1 });
  }, 60_000);

  it('Ctrl-C during an import stops it, writes nothing and says so (exit 130); the same command then imports the file', async () => {
    const ws = cliWorkspace();
    const tmp = path.join(ws.dir, 'tmp');
    fs.mkdirSync(tmp);
    const text = 'name,phone\n' + Array.from({ length: 2_000 }, (_, i) => `客戶${i},09${String(10_000_000 + i).padStart(8, '0')}`).join('\n') + '\n';
    const child = spawn(process.execPath, [BIN, '--db', ws.db, '--lang', 'zh-TW', 'import', 'leads', '-'], { env: { ...cliEnv({ REPDESK_DATA_DIR: ws.dir }), TMPDIR: tmp }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? -1 : code)));
    child.stdin!.write(text.slice(0, 20_000));
    // The import is under way once it spools stdin to a private temp folder: interrupt it there,
    // then let the rest of the input arrive.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !fs.readdirSync(tmp).some((n) => n.startsWith('repdesk-stdin-'))) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    child.stdin!.end(text.slice(20_000));
    expect(await exited).toBe(130);
    expect(stderr).toContain('已中斷：stdin 沒有匯入任何資料');
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(fs.readdirSync(tmp)).toEqual([]);
    const db = new Database(ws.db, { readonly: true });
    try {
      expect(db.prepare('select count(*) from leads').pluck().get()).toBe(0);
      expect(db.prepare('select count(*) from lists').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    const again = ws.run(['--json', 'import', 'leads', '-'], { input: text });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ inserted: 2_000, committed: true });
  }, 60_000);
});
