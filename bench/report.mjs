// Report benchmark (issue 6): `repdesk report month` over the generated 1,000,000 calls of
// bench/export.mjs (whole process, target under 1 s), and the same report in-process to separate the
// queries from start-up. Every figure carries the load average at the time.
import { BIN, median, repdesk, report, round } from './lib.mjs';
import { benchDb, cpuOf, load, NOW } from './export.mjs';

const CALLS = Number(process.env.REPDESK_BENCH_CALLS ?? 1_000_000);
const RUNS = Number(process.env.REPDESK_BENCH_RUNS ?? 3);

export default async function run() {
  const file = benchDb();
  const env = { ...process.env, REPDESK_NOW: NOW };
  const loadBefore = load();
  // One run first: a large file's quick_check is due at most daily (db/client.ts), and a fresh
  // database gets it on its first open. The measured runs are the ones after.
  repdesk(['--db', file, '--json', 'report', 'month'], { env });

  const times = [];
  const cpus = [];
  let peak = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const r = repdesk(['--db', file, '--json', 'report', 'month'], { env });
    const total = JSON.parse(r.stdout).total.dials;
    if (total !== CALLS) throw new Error(`report month counted ${total} calls, expected ${CALLS}`);
    times.push(r.ms);
    peak = Math.max(peak, r.peakMb ?? 0);
    cpus.push(cpuOf(process.execPath, [BIN, '--db', file, '--json', 'report', 'month'], env).cpuMs);
  }
  // Start-up alone: the same command on an empty month (no calls in it).
  const empty = [];
  for (let i = 0; i < RUNS; i++) empty.push(repdesk(['--db', file, '--json', 'report', '--from', '2020-01-01', '--to', '2020-01-31'], { env }).ms);

  const { openDb } = await import('../dist/db/client.js');
  const { buildReport } = await import('../dist/services/report.js');
  const { findUserByName } = await import('../dist/db/repos/users.js');
  const db = openDb(file, { skipQuickCheck: true });
  const boss = findUserByName(db, 'boss');
  const inner = [];
  const innerCpu = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    buildReport(db, boss, { period: 'month', now: Date.parse(NOW) });
    const c = process.cpuUsage(c0);
    inner.push(performance.now() - t0);
    innerCpu.push((c.user + c.system) / 1000);
  }
  db.close();
  report({ name: 'report month: buildReport in-process', medianMs: round(median(inner)), cpuMs: round(median(innerCpu)), load: load() });
  report({ name: 'report over an empty month (start-up, open, queries on nothing)', medianMs: round(median(empty)), load: load() });
  report({
    name: `report month over ${CALLS} calls (whole process)`,
    medianMs: round(median(times)),
    bestMs: round(Math.min(...times)),
    cpuMs: round(median(cpus)),
    peakMb: round(peak),
    underOneSecond: median(times) < 1000,
    loadBefore,
    load: load(),
  });
}
