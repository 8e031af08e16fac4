// Queue benchmark (issue 4): 1,000,000 leads across 40 time zones and 40 reps, with call history and
// callbacks, generated straight into a database file with prepared statements. Measures, in process
// (median of many runs): buildQueue top 50 for one rep, and explainLead (`leads why`) by phone; then
// the whole `repdesk queue --limit 50` process against the same first SELECT through the sqlite3 CLI.
// Targets: top 50 under 50 ms median, leads why under 10 ms.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compare, DATA, median, repdesk, report, round, ROOT, timeCommand } from './lib.mjs';

const N = Number(process.env.REPDESK_BENCH_LEADS ?? 1_000_000);
const DB = path.join(DATA, `queue-${N}.db`);
const NOW = Date.parse('2026-11-28T03:00:00Z'); // 11:00 Taipei, 22:00 New York, 08:30 Kolkata
const ZONES = [
  'Asia/Taipei', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Kolkata', 'Asia/Kathmandu',
  'Asia/Dubai', 'Asia/Bangkok', 'Asia/Jakarta', 'Asia/Manila', 'Australia/Sydney', 'Australia/Adelaide', 'Australia/Perth', 'Pacific/Auckland',
  'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Rome', 'Europe/Warsaw', 'Europe/Athens', 'Europe/Istanbul',
  'Europe/Moscow', 'Africa/Cairo', 'Africa/Johannesburg', 'Africa/Lagos', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles',
  'America/Phoenix', 'America/Anchorage', 'Pacific/Honolulu', 'America/Toronto', 'America/Mexico_City', 'America/Sao_Paulo', 'America/Bogota', 'America/St_Johns',
];
const REPS = 40;

async function generate() {
  if (fs.existsSync(DB)) return;
  const { openDb } = await import(path.join(ROOT, 'dist/db/client.js'));
  const tmp = `${DB}.tmp`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  const db = openDb(tmp, { skipQuickCheck: true });
  const s = db.sqlite;
  s.pragma('synchronous = OFF');
  s.pragma('foreign_keys = OFF');
  const t0 = Date.now();
  const insUser = s.prepare(`insert into users (id, username, display_name, role, timezone, created_at, updated_at) values (?, ?, ?, 'rep', 'Asia/Taipei', ?, ?)`);
  const insLead = s.prepare(
    `insert into leads (id, name, phone, timezone, country, owner_id, status, priority, dnc, attempts_total, last_call_at, last_disposition, next_eligible_at, created_at, updated_at)
     values (?, ?, ?, ?, 'TW', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insCall = s.prepare(`insert into calls (id, lead_id, rep_id, started_at, ended_at, duration_s, disposition, created_at, updated_at) values (?, ?, ?, ?, ?, 60, ?, ?, ?)`);
  const insFollowup = s.prepare(`insert into followups (id, lead_id, rep_id, kind, due_at, status, created_at, updated_at) values (?, ?, ?, 'callback', ?, 'open', ?, ?)`);
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pad = (n, w) => String(n).padStart(w, '0');
  const id = (prefix, n) => `${prefix}${pad(n, 26 - prefix.length)}`;
  s.transaction(() => {
    for (let r = 0; r < REPS; r++) insUser.run(id('U', r), `rep${pad(r, 2)}`, `Rep ${r}`, NOW, NOW);
  })();
  // Secondary indexes are built once at the end (ENGINEERING.md: a live index costs seconds per million rows).
  const indexes = s
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('leads', 'calls', 'followups')`)
    .all();
  for (const ix of indexes) s.exec(`drop index "${ix.name}"`);
  const BATCH = 20_000;
  let calls = 0;
  let fus = 0;
  for (let start = 0; start < N; start += BATCH) {
    s.transaction(() => {
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const leadId = id('L', i);
        const owner = id('U', i % REPS);
        const zone = ZONES[Math.floor(i / REPS) % ZONES.length];
        const x = rnd();
        const status = x < 0.6 ? 'new' : x < 0.9 ? 'contacted' : x < 0.95 ? 'callback' : 'not_interested';
        const dnc = rnd() < 0.02 ? 1 : 0;
        let attempts = 0;
        let last = null;
        let lastDisp = null;
        let nextAt = 0;
        const history = [];
        if (status !== 'new') {
          attempts = 1 + Math.floor(rnd() * 3);
          for (let k = 0; k < attempts; k++) {
            const at = NOW - Math.floor(rnd() * 14 * 86_400_000);
            const disp = ['no_answer', 'busy', 'voicemail', 'interested'][Math.floor(rnd() * 4)];
            history.push([at, disp]);
            if (at > (last ?? 0)) {
              last = at;
              lastDisp = disp;
            }
          }
          nextAt = last + 120 * 60_000;
        }
        insLead.run(leadId, `Lead ${i}`, `+8869${pad(i, 8)}`, zone, owner, status, Math.floor(rnd() * 100), dnc, attempts, last, lastDisp, nextAt, NOW, NOW);
        for (const [at, disp] of history) insCall.run(id('C', calls++), leadId, owner, at, at + 60_000, disp, at, at);
        if (status === 'callback') insFollowup.run(id('F', fus++), leadId, owner, NOW + Math.floor((rnd() - 0.7) * 3 * 86_400_000), NOW, NOW);
      }
    })();
  }
  for (const ix of indexes) s.exec(ix.sql);
  s.exec('analyze');
  db.close();
  fs.renameSync(tmp, DB);
  for (const f of ['-wal', '-shm']) fs.rmSync(`${tmp}${f}`, { force: true });
  console.error(`generated ${N} leads, ${calls} calls, ${fus} callbacks in ${round((Date.now() - t0) / 1000)} s → ${DB}`);
}

export default async function run({ runs = 30 } = {}) {
  await generate();
  const { openDb } = await import(path.join(ROOT, 'dist/db/client.js'));
  const { buildQueue, explainLead } = await import(path.join(ROOT, 'dist/services/queue.js'));
  const { findUserByName } = await import(path.join(ROOT, 'dist/db/repos/users.js'));
  const db = openDb(DB, { skipQuickCheck: true });
  const rep = findUserByName(db, 'rep07');
  const time = (fn) => {
    const t = process.hrtime.bigint();
    const out = fn();
    return [Number(process.hrtime.bigint() - t) / 1e6, out];
  };
  buildQueue(db, { rep, now: NOW, limit: 50 }); // warm the page cache and statements
  const q = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const [ms, out] = time(() => buildQueue(db, { rep, now: NOW + i * 1000, limit: 50 }));
    q.push(ms);
    last = out;
  }
  report({ name: `queue: buildQueue top 50 of ${N} leads (in process)`, medianMs: round(median(q), 2), p90Ms: round([...q].sort((a, b) => a - b)[Math.floor(runs * 0.9)], 2), entries: last.entries.length, examined: last.examined, targetMs: 50 });

  const phones = Array.from({ length: runs }, (_, i) => `09${String((i * 7919 + 7) % N).padStart(8, '0')}`);
  const w = [];
  for (const p of phones) w.push(time(() => explainLead(db, p, { ...rep, role: 'admin' }, NOW))[0]);
  report({ name: 'queue: leads why by phone (in process)', medianMs: round(median(w), 2), p90Ms: round([...w].sort((a, b) => a - b)[Math.floor(runs * 0.9)], 2), targetMs: 10 });
  db.close();

  // Whole process against the sqlite3 CLI running the same first candidate SELECT.
  const sql = `select l.id, l.name, l.phone from leads l indexed by leads_queue_idx where l.owner_id = 'U${'7'.padStart(25, '0')}' and l.dnc = 0 and l.deleted_at is null and l.status in ('new','contacted','callback','interested') and l.status = 'new' and l.next_eligible_at <= ${NOW} order by l.priority desc, l.next_eligible_at desc, l.rowid desc limit 50;`;
  const hasCli = spawnSync('sqlite3', ['-version']).status === 0;
  const env = { ...process.env, REPDESK_NOW: new Date(NOW).toISOString(), NO_COLOR: '1' };
  const subject = () => repdesk(['--db', DB, '--as', 'rep07', '--json', 'queue', '--limit', '50'], { env });
  if (hasCli) compare('queue: repdesk queue --limit 50 (process) vs sqlite3 CLI same SELECT', subject, () => timeCommand('sqlite3', [DB, sql]), Math.min(runs, 7));
  else report({ name: 'queue: repdesk queue --limit 50 (process)', subjectMs: round(median(Array.from({ length: 5 }, () => subject().ms))) });
  // The same work in a fresh process without openDb's quick_check (which reads the whole file on every
  // open: the dominant cost of the command on a large database).
  const script = `const { openDb } = await import(${JSON.stringify(path.join(ROOT, 'dist/db/client.js'))});
    const { buildQueue } = await import(${JSON.stringify(path.join(ROOT, 'dist/services/queue.js'))});
    const { findUserByName } = await import(${JSON.stringify(path.join(ROOT, 'dist/db/repos/users.js'))});
    const db = openDb(${JSON.stringify(DB)}, { skipQuickCheck: true });
    const q = buildQueue(db, { rep: findUserByName(db, 'rep07'), now: ${NOW}, limit: 50 });
    process.stdout.write(JSON.stringify(q.entries.length));`;
  const bare = () => timeCommand(process.execPath, ['--input-type=module', '-e', script]);
  if (hasCli) compare('queue: node process, openDb without quick_check + buildQueue 50 vs sqlite3 CLI', bare, () => timeCommand('sqlite3', [DB, sql]), Math.min(runs, 7));
  const why = () => repdesk(['--db', DB, '--as', 'rep07', 'leads', 'why', '0900000007'], { env });
  report({ name: 'queue: repdesk leads why (process)', medianMs: round(median(Array.from({ length: 5 }, () => why().ms))) });
}
