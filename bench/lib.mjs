// Small benchmark toolkit: whole-process wall times, medians, peak memory, and ratios against a
// reference measured alternately in the same run on the same machine. Not a test: it prints figures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'repdesk.js');
export const DATA = process.env.REPDESK_BENCH_DIR ?? path.join(os.tmpdir(), 'repdesk-bench');
fs.mkdirSync(DATA, { recursive: true });

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Run a command, returning wall ms and peak RSS in MB (from GNU time when present, else from
 * the child's resource usage as seen by Node, which is the max over children).
 */
export function timeCommand(cmd, args, opts = {}) {
  const useGnuTime = fs.existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const res = useGnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}): ${res.stderr?.slice(-2000)}`);
  }
  let peakMb = null;
  if (useGnuTime) {
    const lines = (res.stderr ?? '').trim().split('\n');
    const kb = Number(lines[lines.length - 1]);
    if (Number.isFinite(kb)) peakMb = kb / 1024;
  }
  return { ms, peakMb, stdout: res.stdout, stderr: res.stderr, status: res.status };
}

/** Alternate subject and reference `runs` times; report medians and the ratio. */
export function compare(name, subject, reference, runs = 5) {
  const s = [];
  const r = [];
  const mem = [];
  for (let i = 0; i < runs; i++) {
    const a = reference();
    r.push(a.ms);
    const b = subject();
    s.push(b.ms);
    if (b.peakMb != null) mem.push(b.peakMb);
  }
  const out = {
    name,
    subjectMs: round(median(s)),
    referenceMs: round(median(r)),
    ratio: round(median(s) / median(r), 2),
    peakMb: mem.length ? round(Math.max(...mem)) : null,
  };
  report(out);
  return out;
}

export function round(x, d = 1) {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

const results = [];
export function report(row) {
  results.push(row);
  console.log(JSON.stringify(row));
}

export function allResults() {
  return results;
}

export function repdesk(args, opts = {}) {
  return timeCommand(process.execPath, [BIN, ...args], opts);
}
