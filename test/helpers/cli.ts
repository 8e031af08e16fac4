// Run the built binary (bin/repdesk.js → dist/) as a user would, on a temporary database.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'repdesk.js');

export function tempDir(prefix = 'repdesk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  cwd?: string;
}

/** A clean environment: no colours, English, no inherited REPDESK_* settings. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (k.startsWith('REPDESK_')) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const res: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    env: cliEnv(options.env),
    input: options.input,
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    code: res.status ?? -1,
    stdout: res.stdout,
    stderr: res.stderr,
    json<T>() {
      return JSON.parse(res.stdout) as T;
    },
  };
}

/** A temp database path plus a runner bound to it, with `init` done as an admin. */
export function cliWorkspace(opts: { user?: string; role?: string; country?: string; timezone?: string } = {}) {
  const dir = tempDir();
  const db = path.join(dir, 'repdesk.db');
  const run = (args: string[], options: CliOptions = {}) =>
    runCli(['--db', db, ...args], { ...options, env: { REPDESK_DATA_DIR: dir, ...options.env } });
  const init = run([
    'init',
    '--name',
    opts.user ?? 'alice',
    '--role',
    opts.role ?? 'admin',
    '--country',
    opts.country ?? 'TW',
    '--timezone',
    opts.timezone ?? 'Asia/Taipei',
    '--yes',
  ]);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return { dir, db, run };
}
