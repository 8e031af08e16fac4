// Import benchmark (issue 3): `repdesk import leads` of a generated 1,000,000-row leads CSV
// (15% duplicate phones written in other formats, 5% invalid rows, Chinese and English names),
// timed alternately against `sqlite3 .import --csv` of the same file into a plain table; peak
// memory; 10× linearity (100k vs 1M rows); and 1M rows into a database already holding 1M leads.
// Knobs: REPDESK_BENCH_ROWS (default 1000000), REPDESK_BENCH_RUNS (default 3). The machine's load
// average is reported with each figure: on a shared machine compare ratios within one run.
// Targets (issue 3): ≤ 2× sqlite3, peak RSS < 300 MB, 10× rows ≤ 11× time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare, DATA, repdesk, report, round, timeCommand } from './lib.mjs';

const SURNAMES = ['王', '李', '張', '劉', '陳', '楊', '黃', '趙', '吳', '周', '林', '徐'];
const GIVEN = ['小明', '美玲', '志強', '淑芬', '建國', '怡君', '家豪', '雅婷', '俊傑', '佳穎'];
const FIRST = ['John', 'Mary', 'David', 'Linda', 'James', 'Susan', 'Robert', 'Karen', 'Michael', 'Lisa'];
const LAST = ['Smith', 'Chen', 'Brown', 'Wang', 'Taylor', 'Lee', 'Wilson', 'Lin', 'Clark', 'Huang'];
const CITIES = ['台北市', '新北市', '台中市', '高雄市', 'Taipei', 'Kaohsiung', '桃園市', '台南市'];

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const fw = (s) => s.replace(/[0-9+\-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** The same TW mobile number written the ways spreadsheets do. */
function formats(national9) {
  const d = national9; // 9 digits after the trunk 0, e.g. 912345678
  return [
    `0${d}`,
    `0${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
    `+886 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
    `+886${d}`,
    `886-${d}`,
    `00886${d}`,
    `(0${d.slice(0, 3)}) ${d.slice(3)}`,
    fw(`0${d}`),
  ];
}

/** Write the CSV; `offset` shifts the number space so a second file has new numbers. */
export function generate(file, rows, seed = 1, offset = 0) {
  if (fs.existsSync(file) && fs.statSync(file).size > 0) return file;
  const r = rng(seed);
  const out = fs.openSync(file, 'w');
  const seen = [];
  let buf = 'name,phone,email,company,city,tags,notes\n';
  for (let i = 0; i < rows; i++) {
    const chinese = r() < 0.5;
    const name = chinese ? SURNAMES[Math.floor(r() * SURNAMES.length)] + GIVEN[Math.floor(r() * GIVEN.length)] : `${FIRST[Math.floor(r() * 10)]} ${LAST[Math.floor(r() * 10)]}`;
    const x = r();
    let phone;
    if (x < 0.05) phone = ['12345', 'n/a', '0800', '091234', 'call me'][Math.floor(r() * 5)];
    else if (x < 0.2 && seen.length) {
      const d = seen[Math.floor(r() * seen.length)];
      phone = formats(d)[Math.floor(r() * 8)];
    } else {
      const d = '9' + String((offset + i) * 7919 % 100_000_000).padStart(8, '0');
      if (seen.length < 200_000) seen.push(d);
      else seen[Math.floor(r() * seen.length)] = d;
      phone = formats(d)[Math.floor(r() * 3)];
    }
    const email = r() < 0.4 ? `user${offset + i}@example.com` : '';
    const company = r() < 0.5 ? `公司${Math.floor(r() * 5000)}有限公司` : `Acme ${Math.floor(r() * 5000)} Ltd`;
    const notes = r() < 0.3 ? '"展覽名單, 請於上午聯絡"' : '';
    buf += `${name},${phone},${email},${company},${CITIES[Math.floor(r() * CITIES.length)]},${r() < 0.2 ? 'VIP' : ''},${notes}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  return file;
}

function template() {
  const db = path.join(DATA, 'import-template.db');
  if (!fs.existsSync(db)) {
    repdesk(['--db', db, 'init', '--name', 'bench', '--role', 'admin', '--country', 'TW', '--timezone', 'Asia/Taipei', '--yes']);
  }
  return db;
}

function freshDb(name, from = template()) {
  const db = path.join(DATA, name);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(from, db);
  return db;
}

function importInto(db, file, extra = []) {
  // Exit 3 is expected: the file has invalid rows on purpose.
  const res = repdesk(['--db', db, '--json', 'import', 'leads', file, '--force', ...extra], { allowFail: true });
  if (res.status !== 3 && res.status !== 0) throw new Error(`import failed (${res.status}): ${res.stderr.slice(-1500)}`);
  return res;
}

function sqliteImport(file) {
  const db = path.join(DATA, 'sqlite-ref.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  const script = path.join(DATA, 'sqlite-ref.sql');
  fs.writeFileSync(script, `PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n.import --csv ${file} plain\n`);
  return timeCommand('sqlite3', [db, `.read ${script}`]);
}

/**
 * The floor of writing this file into repdesk's schema with SQLite alone: the sqlite3 CLI imports
 * the CSV into a plain table, then copies it into `leads` (all its indexes, foreign keys on,
 * synchronous=FULL as repdesk opens it) in one transaction, with the same index strategy as the
 * import (phone and email indexes dropped and rebuilt). No normalising or deduping: phones are cut
 * to their last 9 digits and 15% of rows skipped, which is about what the import keeps. Whatever
 * repdesk does, it cannot be faster than this, so it shows how much of the gap to the plain-table
 * reference is SQLite writing the wider rows and their indexes.
 */
export function sqliteSchemaFloor(file) {
  const db = freshDb('sqlite-floor.db');
  const script = path.join(DATA, 'sqlite-floor.sql');
  fs.writeFileSync(
    script,
    `PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA foreign_keys=ON;
PRAGMA cache_size=-16000;
BEGIN IMMEDIATE;
.import --csv ${file} plain
insert into lists (id, name, kind, created_at, updated_at) values ('01BENCHFLOORLIST0000000000', 'floor', 'leads', 1, 1);
drop index leads_phone_idx;
drop index leads_email_idx;
insert into leads (id, name, phone, phone_raw, phone_type, email, company, city, country, timezone, list_id, status, tags, custom, notes, created_at, updated_at)
  select printf('01BENCHFLOOR%014d', rowid), name, '+886' || substr(phone, -9), phone, 'mobile', nullif(email, ''), company, city, 'TW', 'Asia/Taipei',
         '01BENCHFLOORLIST0000000000', 'new', case when tags = '' then '[]' else json_array(tags) end, '{}', nullif(notes, ''), 1, 1
  from plain where rowid % 20 < 17;
create index leads_phone_idx on leads (phone);
create index leads_email_idx on leads (email);
drop table plain;
COMMIT;
`,
  );
  return timeCommand('sqlite3', [db, `.read ${script}`]);
}

export default function run() {
  const rows = Number(process.env.REPDESK_BENCH_ROWS ?? 1_000_000);
  const runs = Number(process.env.REPDESK_BENCH_RUNS ?? 3);
  const big = generate(path.join(DATA, `leads-${rows}.csv`), rows, 1);
  const small = generate(path.join(DATA, `leads-${rows / 10}.csv`), rows / 10, 2);
  const mb = round(fs.statSync(big).size / 1024 / 1024);
  console.error(`import bench: ${rows} rows, ${mb} MB, data in ${DATA}`);
  const load = () => os.loadavg().map((x) => round(x, 2)).join(' ');

  let lastSummary;
  const main = compare(
    `import leads ${rows} rows (${mb} MB) vs sqlite3 .import --csv`,
    () => {
      const res = importInto(freshDb('import-run.db'), big);
      lastSummary = JSON.parse(res.stdout);
      return res;
    },
    () => sqliteImport(big),
    runs,
  );
  // The same run's floor: SQLite alone writing the file into the leads schema (see sqliteSchemaFloor).
  const floor = [];
  for (let i = 0; i < runs; i++) floor.push(sqliteSchemaFloor(big).ms);
  floor.sort((a, b) => a - b);
  const floorMs = floor[Math.floor(floor.length / 2)];
  report({ name: 'sqlite3 alone writing the file into the leads schema', floorMs: round(floorMs), floorVsPlainImport: round(floorMs / main.referenceMs, 2), repdeskVsFloor: round(main.subjectMs / floorMs, 2), load: load() });
  report({ name: 'import summary', inserted: lastSummary.inserted, duplicates_in_file: lastSummary.duplicates_in_file, rejected: lastSummary.rejected, elapsed_ms_inside: lastSummary.elapsed_ms, load: load() });

  const tSmall = [];
  let smallMb = 0;
  for (let i = 0; i < runs; i++) {
    const res = importInto(freshDb('import-small.db'), small);
    tSmall.push(res.ms);
    smallMb = Math.max(smallMb, res.peakMb ?? 0);
  }
  tSmall.sort((a, b) => a - b);
  const smallMs = tSmall[Math.floor(tSmall.length / 2)];
  report({ name: `linearity: ${rows / 10} vs ${rows} rows`, smallMs: round(smallMs), bigMs: main.subjectMs, ratio: round(main.subjectMs / smallMs, 2), target: '≤ 11', smallPeakMb: round(smallMb), load: load() });

  // 1M more rows (new numbers, plus duplicates of their own) into a database holding the first 1M.
  const loaded = path.join(DATA, 'import-loaded.db');
  if (!fs.existsSync(loaded)) importInto(freshDb('import-loaded.db'), big);
  const second = generate(path.join(DATA, `leads-${rows}-b.csv`), rows, 3, rows);
  const t = [];
  let mem = 0;
  for (let i = 0; i < Math.max(1, runs - 1); i++) {
    const res = importInto(freshDb('import-into-loaded.db', loaded), second);
    t.push(res.ms);
    mem = Math.max(mem, res.peakMb ?? 0);
  }
  t.sort((a, b) => a - b);
  const ref = sqliteImport(second).ms;
  // The same file again into the database that holds it (--force): every row is a duplicate of an
  // existing lead, the case where memory grows with the database rather than the file.
  const again = importInto(freshDb('import-again.db', loaded), big);
  report({ name: `re-import the ${rows}-row file into the DB holding it`, subjectMs: round(again.ms), peakMb: round(again.peakMb ?? 0), target: 'peak < 300 MB', load: load() });
  report({ name: `import ${rows} rows into a DB holding ${lastSummary.inserted} leads`, subjectMs: round(t[Math.floor(t.length / 2)]), sqliteMs: round(ref), ratio: round(t[Math.floor(t.length / 2)] / ref, 2), peakMb: round(mem), load: load() });
}
