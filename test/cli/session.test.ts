import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, cliWorkspace, tempDir } from '../helpers/cli.js';

describe('repdesk session through the binary (no terminal)', () => {
  it('without a TTY the session (and plain repdesk) refuse with the non-interactive commands, exit 2', () => {
    const ws = cliWorkspace({ role: 'rep' });
    for (const args of [['session'], []]) {
      const res = ws.run(args, { input: '' });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain('repdesk queue');
      expect(res.stderr).toContain('repdesk session --summary');
      expect(res.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(res.stdout).toBe('');
    }
    const zh = ws.run(['--lang', 'zh-TW', 'session'], { input: '' });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('通話流程需要互動式終端機');
  });

  it('on a terminal, a --db that does not exist is exit 4 naming it, and no database is created', () => {
    const missing = path.join(tempDir(), 'typo', 'repdesk.db');
    // `script` gives the binary a real pseudo-terminal, so the session gets past its TTY check.
    const tty = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" --db "${missing}"`, '/dev/null'], { env: cliEnv(), encoding: 'utf8', timeout: 30_000 });
    expect(tty.status, tty.stdout).toBe(4);
    expect(tty.stdout).toContain(`No database at ${missing}`);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('a word that is not a command is still a usage error with a suggestion', () => {
    const ws = cliWorkspace();
    const res = ws.run(['sesion']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Did you mean session?');
  });

  it("--summary prints today's figures; --json for scripts", () => {
    const ws = cliWorkspace({ role: 'rep' });
    const text = ws.run(['session', '--summary']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Calls\s+0/);
    expect(text.stdout).toContain('Connect rate');
    const json = ws.run(['--json', 'session', '--summary'], { env: { REPDESK_NOW: '2026-11-28T02:00:00Z' } });
    expect(json.code, json.stderr).toBe(0);
    expect(json.json()).toMatchObject({ rep: 'alice', date: '2026-11-28', zone: 'Asia/Taipei', calls: 0, conversations: 0, connect_rate: null, avg_talk_s: null, talk_s: 0, targets: {} });
  });

  it('--help has the purpose, the options and an example', () => {
    const ws = cliWorkspace();
    const res = ws.run(['session', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--summary');
    expect(res.stdout).toContain('--ascii');
    expect(res.stdout).toContain('$ repdesk session --summary --json');
  });
});
