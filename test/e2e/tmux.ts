// Real-terminal tests: repdesk in tmux on a private socket, with CI removed from the child's
// environment (Ink draws nothing under CI=true), polled through capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, cliEnv } from '../helpers/cli.js';

let counter = 0;

export interface Term {
  name: string;
  send(...keys: string[]): void;
  type(text: string): void;
  screen(): string;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  waitGone(text: string | RegExp, timeoutMs?: number): Promise<void>;
  pid(): number;
  /** Resolves when the repdesk process has ended. */
  waitExit(timeoutMs?: number): Promise<void>;
  kill(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

/** Start `repdesk ARGS` in a fresh tmux server; env is the clean CLI env plus `env`, without CI. */
export function startRepdesk(args: string[], env: Record<string, string>, size = { cols: 100, rows: 30 }): Term {
  const name = `repdesk-e2e-${process.pid}-${++counter}`;
  const full = cliEnv({ ...env, CI: undefined, TERM: 'xterm-256color', LANG: 'en_US.UTF-8' });
  delete full.CI;
  delete full.NO_COLOR;
  const assignments = Object.entries(full)
    .filter(([k]) => /^[A-Z_][A-Z0-9_]*$/.test(k))
    .map(([k, v]) => `${k}=${shellQuote(String(v))}`)
    .join(' ');
  // exec: the pane's pid is the repdesk process itself (test 2 kills it).
  const cmd = `exec env -i ${assignments} ${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args.map(shellQuote).join(' ')}`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-u', '-L', name, '-f', '/dev/null', ...a], { encoding: 'utf8' });
  tmux('new-session', '-d', '-x', String(size.cols), '-y', String(size.rows), cmd);
  tmux('set-option', '-g', 'remain-on-exit', 'on');
  const pid = Number(tmux('display-message', '-p', '#{pane_pid}').trim());
  const term: Term = {
    name,
    send: (...keys) => void tmux('send-keys', ...keys),
    type: (text) => void tmux('send-keys', '-l', text),
    screen: () => {
      try {
        return tmux('capture-pane', '-p');
      } catch {
        return '';
      }
    },
    async waitFor(text, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const s = term.screen();
        if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
        if (Date.now() > end) throw new Error(`timed out waiting for ${String(text)} in:\n${s}`);
        await sleep(50);
      }
    },
    async waitGone(text, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const s = term.screen();
        if (!(typeof text === 'string' ? s.includes(text) : text.test(s))) return;
        if (Date.now() > end) throw new Error(`timed out waiting for ${String(text)} to go:\n${s}`);
        await sleep(50);
      }
    },
    pid: () => pid,
    async waitExit(timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        let dead = false;
        try {
          dead = tmux('display-message', '-p', '#{pane_dead}').trim() === '1';
        } catch {
          dead = true; // the server is gone with its only pane
        }
        if (dead) return;
        if (Date.now() > end) throw new Error(`repdesk (pid ${pid}) did not exit:\n${term.screen()}`);
        await sleep(50);
      }
    },
    kill: () => {
      spawnSync('tmux', ['-L', name, 'kill-server']);
    },
  };
  return term;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
