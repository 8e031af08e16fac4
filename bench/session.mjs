// The session on 1,000,000 leads: first frame from process start (< 400 ms), keypress to next frame
// (< 50 ms), saveWrapUp (< 20 ms). The TUI runs in a real pseudo-terminal (`script`), CI removed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, DATA, median, report, round, ROOT, timeCommand } from './lib.mjs';

const LEADS = Number(process.env.REPDESK_BENCH_LEADS ?? 1_000_000);
const NOW = Date.parse('2026-11-28T02:00:00Z'); // 10:00 in Taipei
const FILE = path.join(DATA, `session-${LEADS}.db`);

async function buildDb() {
  if (fs.existsSync(FILE)) return;
  const t0 = Date.now();
  const { openDb } = await import(path.join(ROOT, 'dist/db/client.js'));
  const { initWorkspace, addUser } = await import(path.join(ROOT, 'dist/services/users.js'));
  const tmp = FILE + '.tmp';
  fs.rmSync(tmp, { force: true });
  const db = openDb(tmp);
  const { user } = initWorkspace(db, { username: 'rep0', role: 'rep', country: 'TW', timezone: 'Asia/Taipei', lang: 'en' }, NOW - 86_400_000);
  const reps = [user.id];
  for (let i = 1; i < 50; i++) reps.push(addUser(db, null, { username: `rep${i}`, role: 'rep', timezone: 'Asia/Taipei' }, NOW - 86_400_000).id);
  const ins = db.sqlite.prepare(
    `insert into leads (id, name, phone, timezone, country, company, owner_id, status, priority, next_eligible_at, attempts_total, created_at, updated_at)
     values (?, ?, ?, ?, 'TW', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const family = ['王', '陳', '林', '張', '李', '黃', '吳', '劉', 'Smith ', 'Chen '];
  const given = ['小明', '美玲', '志豪', '雅婷', '建國', '淑芬', 'Liam', 'Emma'];
  const statuses = ['new', 'new', 'new', 'contacted', 'callback', 'interested', 'not_interested', 'customer'];
  const BATCH = 10_000;
  for (let start = 0; start < LEADS; start += BATCH) {
    db.sqlite.transaction(() => {
      for (let i = start; i < Math.min(LEADS, start + BATCH); i++) {
        const id = `01BENCH${String(i).padStart(19, '0')}`;
        ins.run(id, family[i % 10] + given[i % 8], `+8869${String(10_000_000 + i).slice(-8)}`, 'Asia/Taipei', `公司${i % 997}`, reps[i % 50], statuses[i % 8], i % 100, i % 3 === 0 ? NOW + 86_400_000 : 0, i % 3, NOW - 86_400_000, NOW - 86_400_000);
      }
    })();
  }
  db.sqlite.exec('analyze');
  db.close();
  fs.renameSync(tmp, FILE);
  console.error(`built ${LEADS} leads in ${Date.now() - t0} ms: ${FILE}`);
}

/** Run the session in a pty; resolve timings of the first frame, the queue rows, and keypresses. */
function runTui({ keys = 8 } = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, REPDESK_NOW: String(NOW), LANG: 'en_US.UTF-8', TERM: 'xterm-256color', COLUMNS: '100', LINES: '30' };
    delete env.CI;
    const cmd = `stty cols 100 rows 30; exec ${process.execPath} ${BIN} --db ${FILE} --as rep0 session`;
    const t0 = process.hrtime.bigint();
    const child = spawn('script', ['-qfc', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    let out = '';
    let firstFrame = null;
    let rows = null;
    const keyTimes = [];
    let waitingSince = null;
    let pressed = 0;
    const press = () => {
      if (pressed >= keys) {
        child.stdin.write('q');
        setTimeout(() => child.stdin.write('q'), 300);
        return;
      }
      pressed++;
      waitingSince = ms();
      child.stdin.write(pressed % 2 ? 'j' : 'k');
    };
    child.stdout.on('data', (buf) => {
      out += buf.toString('utf8');
      // The first frame: the session's border on screen (the queue skeleton follows, then its rows).
      if (firstFrame === null && out.includes('╭')) firstFrame = ms();
      if (rows === null && out.includes('Why now') && /王|陳|林|張|李|黃|吳|劉|Smith|Chen/.test(out.slice(out.indexOf('Why now')))) {
        rows = ms();
        setTimeout(press, 200);
        return;
      }
      if (waitingSince !== null) {
        keyTimes.push(ms() - waitingSince);
        waitingSince = null;
        setTimeout(press, 100);
      }
    });
    const timer = setTimeout(() => {
      fs.writeFileSync(path.join(DATA, 'session-bench-output.txt'), out);
      child.kill('SIGKILL');
      reject(new Error(`session did not finish (first frame ${firstFrame}, rows ${rows}, keys ${pressed}/${keyTimes.length})`));
    }, 60_000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ firstFrame, rows, keyTimes });
    });
  });
}

async function saveWrapUps(n = 30) {
  const { openDb } = await import(path.join(ROOT, 'dist/db/client.js'));
  const session = await import(path.join(ROOT, 'dist/services/session.js'));
  const { findUserByName } = await import(path.join(ROOT, 'dist/db/repos/users.js'));
  const { findLeadById } = await import(path.join(ROOT, 'dist/db/repos/leads.js'));
  const copy = FILE.replace(/\.db$/, '-save.db');
  fs.copyFileSync(FILE, copy);
  const db = openDb(copy, { skipQuickCheck: true });
  const rep = findUserByName(db, 'rep0');
  const times = [];
  for (let i = 0; i < n; i++) {
    const lead = findLeadById(db, `01BENCH${String(i * 50).padStart(19, '0')}`);
    const draft = { ...session.emptyDraft(lead, NOW - 120_000), stage: 'wrapup', endedAt: NOW - 1000, notes: '客戶想要報價', disposition: 'callback_requested', callbackAt: NOW + 86_400_000, answers: { budget: '50k' } };
    session.saveDraft(db, rep, draft, NOW);
    const t = process.hrtime.bigint();
    session.saveWrapUp(db, rep, draft, NOW + i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  db.close();
  fs.rmSync(copy, { force: true });
  for (const ext of ['-wal', '-shm']) fs.rmSync(copy + ext, { force: true });
  return times;
}

export default async function run({ runs = 5 } = {}) {
  await buildDb();
  const first = [];
  const shown = [];
  const keys = [];
  const nodeRef = [];
  for (let i = 0; i < runs; i++) {
    nodeRef.push(timeCommand(process.execPath, ['-e', '0']).ms);
    const r = await runTui();
    first.push(r.firstFrame);
    shown.push(r.rows);
    keys.push(...r.keyTimes);
  }
  // The machine's own speed right now: `node -e 0`, measured alternately with the session.
  report({ name: `session: first frame from process start, ${LEADS} leads`, medianMs: round(median(first)), maxMs: round(Math.max(...first)), budgetMs: 400, nodeStartMs: round(median(nodeRef)) });
  report({ name: `session: queue rows on screen, ${LEADS} leads`, medianMs: round(median(shown)), maxMs: round(Math.max(...shown)) });
  report({ name: 'session: keypress to next frame', medianMs: round(median(keys)), p90Ms: round([...keys].sort((a, b) => a - b)[Math.floor(keys.length * 0.9)]), budgetMs: 50 });
  const saves = await saveWrapUps();
  report({ name: `session: saveWrapUp, ${LEADS} leads`, medianMs: round(median(saves), 2), maxMs: round(Math.max(...saves), 2), budgetMs: 20 });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
