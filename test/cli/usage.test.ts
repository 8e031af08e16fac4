// Usage errors and help through the binary: commander's own messages in the user's language, the
// exit code of a command group run without its subcommand, the error prefixes, and --json errors
// whose kind/key/message no parameter can replace.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace, runCli } from '../helpers/cli.js';

let ws: ReturnType<typeof cliWorkspace>;
beforeAll(() => {
  ws = cliWorkspace();
});

const write = (name: string, text: string) => {
  const p = path.join(ws.dir, name);
  fs.writeFileSync(p, text);
  return p;
};

interface JsonError {
  error: { kind: string; key: string; message: string; params: Record<string, string | number> } & Record<string, unknown>;
}

describe('--json errors', () => {
  it('keep their own key when a parameter is called key (config.error.bad_value names the option in `key`)', () => {
    const f = write('robot.csv', 'phone\n+886 977 000 003\n');
    const res = ws.run(['--json', 'import', 'robot', f, '--timezone', 'Mars/Base']);
    expect(res.code).toBe(2);
    const body = JSON.parse(res.stderr) as JsonError;
    expect(body.error).toMatchObject({ kind: 'usage', key: 'config.error.bad_value', value: 'Mars/Base' });
    expect(body.error.message).toContain('--timezone');
    // Every parameter, the clashing one included, is kept under `params`.
    expect(body.error.params).toEqual({ key: '--timezone', value: 'Mars/Base', expected: 'config.expected.timezone' });
  });
});

describe('what a value should look like, in the user\'s language', () => {
  it('import robot --timezone, import leads --country, init --country, config set', () => {
    const f = write('robot2.csv', 'phone\n+886 977 000 003\n');
    const zone = ws.run(['--lang', 'zh-TW', 'import', 'robot', f, '--timezone', 'Mars/Base']);
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('應為：IANA 時區，例如 Asia/Taipei');
    const leads = ws.run(['--lang', 'zh-TW', 'import', 'leads', write('l.csv', 'name,phone\nA,0912000001\n'), '--country', 'XX']);
    expect(leads.code).toBe(2);
    expect(leads.stderr).toContain('應為：ISO 國家代碼，例如 TW、CN、US、GB');
    const init = ws.run(['--lang', 'zh-CN', 'init', '--name', 'alice', '--role', 'admin', '--country', 'XX', '--timezone', 'Asia/Taipei', '--yes']);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('应为：ISO 国家代码');
    // import robot checks its --country too (before, every row was rejected as having no country code).
    const robotCountry = ws.run(['--lang', 'zh-TW', 'import', 'robot', f, '--country', 'XX']);
    expect(robotCountry.code).toBe(2);
    expect(robotCountry.stderr).toContain('「XX」不是 --country 的有效值。應為：ISO 國家代碼');
    const cfg = ws.run(['--lang', 'zh-TW', 'config', 'set', 'calling.window_start', '9am']);
    expect(cfg.code).toBe(2);
    for (const r of [zone, leads, init, cfg]) expect(r.stderr).not.toMatch(/IANA time zone|ISO country code|e\.g\./);
    // English is unchanged in meaning.
    expect(ws.run(['import', 'robot', f, '--timezone', 'Mars/Base']).stderr).toContain('Expected: an IANA time zone, e.g. Asia/Taipei');
  });
});

describe("commander's messages", () => {
  it('are in the user\'s language, by their kind, with the names and suggestions kept (exit 2)', () => {
    const cases: [string[], string][] = [
      [['import', 'leads'], '缺少必要的參數 files'],
      [['import', 'leads', 'a.csv', '--bogus'], '未知的選項 --bogus'],
      [['import', 'leads', 'a.csv', '--countr', 'TW'], '（您是不是要輸入 --country？）'],
      [['imprt'], '未知的指令 imprt\n（您是不是要輸入 import？）'],
      [['users', 'list', 'extra'], 'repdesk users list 的參數太多：最多 0 個，收到 1 個。'],
      [['import', 'leads', 'a.csv', '--country'], '選項 --country <code> 缺少值'],
      [['users', 'add', 'bob', '--role', 'boss'], '選項 --role <role> 的值「boss」無效。可用的值：rep、lead、admin。'],
      [['report', 'yearly'], '參數 period 的值「yearly」無效。可用的值：today、week、month。'],
      [['followups', 'add', 'someone'], '未提供必要的選項 --at <when>'],
    ];
    for (const [args, text] of cases) {
      const res = ws.run(['--lang', 'zh-TW', ...args]);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toContain(text);
      expect(res.stderr, args.join(' ')).not.toMatch(/missing|unknown|too many|argument|invalid|Did you mean|Allowed/);
    }
    const cn = ws.run(['--lang', 'zh-CN', 'dnc', 'ad', '0912']);
    expect(cn.stderr).toContain('未知命令 ad');
    expect(cn.stderr).toContain('（您是不是要输入 add？）');
  });

  it('stay as they were in English, suggestions included', () => {
    expect(ws.run(['import', 'leads']).stderr).toContain("error: missing required argument 'files'");
    expect(ws.run(['import', 'leads', 'a.csv', '--countr', 'TW']).stderr).toContain("unknown option '--countr'\n(Did you mean --country?)");
    const json = ws.run(['--json', 'users', 'list', 'extra']);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { kind: 'usage', key: 'cli.error.usage', code: 'commander.excessArguments' } });
  });
});

describe('help', () => {
  it('has no English of commander in zh: the help command and option of every group, choices and defaults', () => {
    for (const args of [['--help'], ['users', '--help'], ['scripts', '--help'], ['config', '--help'], ['followups', '--help'], ['care', '--help'], ['targets', '--help'], ['violations', '--help'], ['leads', '--help'], ['users', 'add', '--help']]) {
      const help = ws.run(['--lang', 'zh-TW', ...args]).stdout;
      expect(help, args.join(' ')).toContain('顯示指令說明');
      expect(help, args.join(' ')).not.toMatch(/display help|\(choices:|\(default:|choices:|default:/);
    }
    expect(ws.run(['--lang', 'zh-TW', 'users', 'add', '--help']).stdout).toContain('（可選值："rep"、"lead"、"admin"；預設："rep"）');
    expect(ws.run(['--lang', 'zh-CN', '--help']).stdout).toContain('（可选值："en"、"zh-TW"、"zh-CN"）');
    // English keeps commander's wording.
    expect(ws.run(['users', 'add', '--help']).stdout).toMatch(/\(choices: "rep", "lead",\s+"admin", default: "rep"\)/);
  });

  it('a group without its subcommand is a usage error: help on stderr, exit 2; asked-for help is stdout, exit 0', () => {
    for (const group of ['import', 'dnc']) {
      const res = ws.run([group]);
      expect(res.code, group).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain(`Usage: repdesk ${group} [options] [command]`);
      expect(res.stderr).toContain(`error: \`repdesk ${group}\` needs a command`);
      const help = ws.run([group, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: repdesk ${group}`);
      expect(ws.run(['help', group]).code).toBe(0);
    }
    expect(runCli(['help']).code).toBe(0);
    const json = ws.run(['--json', 'import']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { kind: 'usage', key: 'cli.error.missing_command', command: 'repdesk import' } });
    const bogus = ws.run(['--lang', 'zh-TW', 'help', 'bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('未知的指令 bogus');
  });
});

describe('error and warning prefixes', () => {
  it('use the full-width colon in Chinese, the same two columns wide as ": "', () => {
    expect(ws.run(['--lang', 'zh-TW', 'imprt']).stderr.startsWith('錯誤：未知的指令 imprt')).toBe(true);
    expect(ws.run(['--lang', 'zh-CN', 'imprt']).stderr.startsWith('错误：未知命令 imprt')).toBe(true);
    expect(ws.run(['imprt']).stderr.startsWith("error: unknown command 'imprt'")).toBe(true);
    const f = write('dup.csv', 'name,phone,phone\nA,0912000002,0912000003\n');
    const warned = ws.run(['--lang', 'zh-TW', 'import', 'leads', f, '--dry-run']);
    expect(warned.stderr).toMatch(/^警告：/m);
    expect(warned.stderr).not.toContain('警告: ');
  });
});
