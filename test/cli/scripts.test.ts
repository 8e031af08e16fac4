import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixCommand } from '../../src/cli/commands/scripts.js';
import type { Diagnostic } from '../../src/core/script/types.js';
import { cliWorkspace, ROOT, runCli, tempDir } from '../helpers/cli.js';

const EN = path.join(ROOT, 'examples/scripts/sales-en.yaml');
const ZH = path.join(ROOT, 'examples/scripts/sales-zh-TW.yaml');

function writeTemp(name: string, content: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

const broken = fs
  .readFileSync(EN, 'utf8')
  .replace('    next: close_referral\n', '    next: close_referal\n')
  .replace('My name is {{rep.name}}', 'My name is {{rep.nmae}}')
  .replace('  - id: purpose\n    etiquette: purpose\n', '  - id: purpose\n');

describe('repdesk scripts validate / lint', () => {
  it('validates the examples cleanly, and reports errors like a compiler with exit 3', () => {
    const ws = cliWorkspace();
    const ok = ws.run(['scripts', 'validate', EN]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('');
    expect(ok.stderr).toContain('no problems');

    const file = writeTemp('broken.yaml', broken);
    const bad = ws.run(['scripts', 'validate', file]);
    expect(bad.code).toBe(3);
    const lines = bad.stdout.trim().split('\n');
    expect(lines).toContain(`${file}:22:21: error: Unknown variable {{rep.nmae}}. Did you mean "rep.name"? Known: lead.name, lead.company, lead.title, rep.name, product.name, product.price, lead.custom.X, answers.FIELD.`);
    expect(lines).toContain(`${file}:38:11: error: "ask_referral" goes to step "close_referal", which does not exist. Did you mean "close_referral"?`);
    expect(lines.some((l) => l.startsWith(`${file}:`) && l.includes('error: The mandatory etiquette step "purpose" is missing'))).toBe(true);
    expect(bad.stderr).toContain('3 errors, 0 warnings.');

    const json = ws.run(['--json', 'scripts', 'validate', file]);
    expect(json.code).toBe(3);
    const body = json.json<{ ok: boolean; errors: number; diagnostics: { line: number; col: number; severity: string; code: string; message: string }[] }>();
    expect(body).toMatchObject({ ok: false, errors: 3 });
    expect(body.diagnostics.map((d) => d.code).sort()).toEqual(['missing_etiquette', 'unknown_step', 'unknown_variable']);

    // YAML syntax errors with line and column, in the user's language.
    const syntax = writeTemp('syntax.yaml', 'id: x\nname: [oops\nsteps: 1\n');
    const zh = ws.run(['--lang', 'zh-TW', 'scripts', 'validate', syntax]);
    expect(zh.code).toBe(3);
    expect(zh.stdout).toMatch(/syntax\.yaml:\d+:\d+: 錯誤: YAML 語法：/);
    // An unclosed quote: where it was opened (line 2, not the end of the file), and in the user's language.
    const quote = writeTemp('bad2.yaml', 'id: x\nname: "oops\nlanguage: en\nbudget: {soft: 1, hard: 2}\nsteps:\n  - id: a\n');
    const zhQuote = ws.run(['--lang', 'zh-TW', 'scripts', 'validate', quote]);
    expect(zhQuote.stdout.trim()).toBe(`${quote}:2:7: 錯誤: YAML 語法：此處以 " 開始的文字沒有結束：請在文字結尾加上 "。`);
    expect(zhQuote.stderr).toContain('1 個錯誤，0 個警告');

    // Without any database (a scripts repository's CI), checking works and creates no database.
    const dataDir = tempDir();
    const bare = runCli(['scripts', 'validate', file], { env: { REPDESK_DATA_DIR: dataDir } });
    expect(bare.code).toBe(3);
    expect(bare.stdout).toContain('close_referal');
    expect(fs.readdirSync(dataDir)).toEqual([]);

    // A missing file is named, exit 4.
    const missing = ws.run(['scripts', 'validate', '/nonexistent/x.yaml']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('/nonexistent/x.yaml');
  });

  it('reports every problem of a file in one run: all unknown keys, and the reference, loop and variable checks', () => {
    const ws = cliWorkspace();
    const file = writeTemp(
      'bad1.yaml',
      broken.replace('  - id: greeting\n', '  - id: greeting\n    colour: red\n').replace('language: en\n', 'language: en\nauthor: me\n'),
    );
    const res = ws.run(['--json', 'scripts', 'validate', file]);
    expect(res.code).toBe(3);
    const codes = res.json<{ diagnostics: { code: string; params: { key?: string } }[] }>().diagnostics.map((d) => (d.code === 'unknown_key' ? `unknown_key:${d.params.key}` : d.code));
    expect(codes.sort()).toEqual(['missing_etiquette', 'unknown_key:author', 'unknown_key:colour', 'unknown_step', 'unknown_variable']);
  });

  it('lints over-promising (error) and high-pressure (warning) phrases with the line, phrase and advice; extra phrases from config', () => {
    const ws = cliWorkspace();
    const text = fs
      .readFileSync(ZH, 'utf8')
      .replace('任何月底都可以停用。', '保證回本，限時優惠。')
      .replace('我寄一份簡短的介紹給您', '業界第一，我寄一份簡短的介紹給您');
    const file = writeTemp('pushy.yaml', text);
    const res = ws.run(['scripts', 'lint', file]);
    expect(res.code).toBe(3);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/:81:54: error: Over-promising or misleading: "保證"\. Say what customers can expect/);
    expect(lines[1]).toMatch(/:81:59: warning: High-pressure phrase: "限時"\./);
    expect(ws.run(['config', 'set', 'lint.extra_phrases', '業界第一, best in class']).code).toBe(0);
    const again = ws.run(['--json', 'scripts', 'lint', file]).json<{ diagnostics: { code: string; params: { phrase: string; advice: string } }[] }>();
    expect(again.diagnostics.map((d) => [d.code, d.params.phrase, d.params.advice])).toEqual([
      ['overpromise', '保證', 'guarantee'],
      ['pressure', '限時', 'pressure'],
      ['overpromise', '業界第一', 'custom'],
    ]);
    // Warnings alone do not fail.
    const warnOnly = writeTemp('warn.yaml', fs.readFileSync(EN, 'utf8').replace('Thank you, {{lead.name}}, speak', 'Last chance, {{lead.name}}, speak'));
    expect(ws.run(['scripts', 'lint', warnOnly]).code).toBe(0);
  });

});

describe('the command a refused add points to', () => {
  const d = (code: string, severity: 'error' | 'warning' = 'error'): Diagnostic => ({ code, severity, line: 1, col: 1, params: {} });
  it('is lint for phrase errors, validate for the rest, both for both; odd file names are quoted', () => {
    expect(fixCommand('a.yaml', [d('overpromise'), d('pressure', 'warning')])).toBe('repdesk scripts lint a.yaml');
    expect(fixCommand('a.yaml', [d('unknown_step'), d('pressure', 'warning')])).toBe('repdesk scripts validate a.yaml');
    expect(fixCommand('a.yaml', [d('unknown_step'), d('missing_opt_out')])).toBe('repdesk scripts validate a.yaml && repdesk scripts lint a.yaml');
    expect(fixCommand("my script's.yaml", [d('overpromise')])).toBe("repdesk scripts lint 'my script'\\''s.yaml'");
  });
});

describe('repdesk scripts add / list / show / export', () => {
  let ws: ReturnType<typeof cliWorkspace>;
  beforeAll(() => {
    ws = cliWorkspace();
  });

  it('refuses a script with errors or over-promising, storing nothing', () => {
    const bad = writeTemp('broken.yaml', broken);
    const refused = ws.run(['scripts', 'add', bad]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`${bad} was not added: 3 errors. See each one with \`repdesk scripts validate ${bad}\``);
    const pushy = writeTemp('pushy.yaml', fs.readFileSync(EN, 'utf8').replace('cut their month-end work', 'are guaranteed to cut their month-end work'));
    const lintRefused = ws.run(['scripts', 'add', pushy]);
    expect(lintRefused.code).toBe(3);
    // Lint errors: the command that shows them is lint (validate finds nothing there).
    expect(lintRefused.stderr).toContain(`was not added: 1 error. See each one with \`repdesk scripts lint ${pushy}\``);
    expect(lintRefused.stderr).toMatch(/pushy\.yaml:82:11: error: Over-promising or misleading: "guaranteed"/);
    const json = ws.run(['--json', 'scripts', 'add', pushy]);
    expect(json.code).toBe(3);
    expect(json.stdout).toBe('');
    const body = JSON.parse(json.stderr) as { error: Record<string, unknown> & { diagnostics: unknown[] } };
    expect(body.error).toMatchObject({ kind: 'invalid_input', key: 'scripts.error.refused', file: pushy, errors: 1, command: `repdesk scripts lint ${pushy}` });
    expect(body.error.diagnostics).toEqual([expect.objectContaining({ line: 82, col: 11, severity: 'error', code: 'overpromise', params: { phrase: 'guaranteed', advice: 'guarantee' } })]);
    expect(ws.run(['--json', 'scripts', 'list']).json()).toEqual([]);
  });

  it('adds, keeps identical content as it is, versions an edit', () => {
    const added = ws.run(['scripts', 'add', EN]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added sales-en');
    expect(ws.run(['--json', 'scripts', 'add', EN]).json()).toMatchObject({ status: 'unchanged', version: 1 });
    const edited = writeTemp('edited.yaml', fs.readFileSync(EN, 'utf8').replace('Hello, may I speak', 'Good afternoon, may I speak'));
    expect(ws.run(['--json', 'scripts', 'add', edited]).json()).toMatchObject({ status: 'updated', id: 'sales-en', version: 2, previous: 1 });
  });

  it('lists, shows any version, exports byte for byte', () => {
    const list = ws.run(['--json', 'scripts', 'list']).json<{ id: string; version: number; versions: number }[]>();
    expect(list).toEqual([expect.objectContaining({ id: 'sales-en', version: 2, versions: 2 })]);
    const show = ws.run(['--json', 'scripts', 'show', 'sales-en']).json<{ version: number; script: { steps: { text: string }[] } }>();
    expect(show.version).toBe(2);
    expect(show.script.steps[0].text).toContain('Good afternoon');
    const v1 = ws.run(['--json', 'scripts', 'show', 'sales-en', '--rev', '1']).json<{ script: { steps: { text: string }[] } }>();
    expect(v1.script.steps[0].text).toContain('Hello, may I speak');
    const out = path.join(tempDir(), 'v1.yaml');
    expect(ws.run(['scripts', 'export', 'sales-en', '--rev', '1', '-o', out]).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(EN, 'utf8'));
    expect(ws.run(['scripts', 'export', 'sales-en']).stdout).toContain('Good afternoon');
  });

  it('shows a script as a table; unknown ids and versions exit 4', () => {
    const text = ws.run(['scripts', 'show', 'sales-en']);
    expect(text.stdout).toContain('version 2 of 2');
    expect(text.stdout).toMatch(/confirm_identity\s+choice\s+confirm_identity/);
    expect(text.stdout).toContain('Lists: -.');
    const expo = path.join(ROOT, 'examples', 'scripts', 'expo-followup-en.yaml');
    expect(ws.run(['scripts', 'add', expo]).code).toBe(0);
    expect(ws.run(['scripts', 'show', 'expo-followup-en']).stdout).toContain('Products: cloudledger-pro. Lists: Expo 2026.');
    expect(ws.run(['scripts', 'show', 'nope']).code).toBe(4);
    expect(ws.run(['scripts', 'show', 'sales-en', '--rev', '9']).code).toBe(4);
    // A --rev that is not a number: a usage error naming the problem and the fix, with a code.
    const rev = ws.run(['scripts', 'show', 'sales-en', '--rev', 'abc']);
    expect(rev.code).toBe(2);
    expect(rev.stderr).toContain('--rev abc is not a version number: give a whole number from 1 up, e.g. --rev 2');
    const revJson = ws.run(['--json', 'scripts', 'export', 'sales-en', '--rev', '0']);
    expect(revJson.code).toBe(2);
    expect(JSON.parse(revJson.stderr)).toMatchObject({ error: { kind: 'usage', key: 'scripts.error.bad_rev', code: 'commander.invalidArgument', value: '0' } });
  });

  it('only team leads and admins may add scripts (exit 5)', () => {
    expect(ws.run(['users', 'add', 'bob', '--role', 'rep']).code).toBe(0);
    const res = ws.run(['--as', 'bob', 'scripts', 'add', ZH]);
    expect(res.code).toBe(5);
    expect(ws.run(['--as', 'bob', 'scripts', 'validate', ZH]).code).toBe(0);
  });
});
