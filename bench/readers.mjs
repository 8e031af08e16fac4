// Readers benchmark (import files): peak memory and time of reading an NDJSON, a JSON array and an
// XLSX file of N and 10×N lead rows through src/io/tabular/read.ts (built: dist/), with a sink that
// drops the rows, each in its own process. The streaming readers should stay flat (the 10× file
// costs about the same memory); the whole-file way (read it all, JSON.parse / exceljs load), run
// the same way as a reference, grows with the file. CSV is shown for comparison.
// Peak RSS mostly shows how far V8 lets garbage pile up before collecting, so the figures that tell
// are the live heap (heapUsed after a full GC at each batch, in an --expose-gc run) and whether the
// big file still reads with the old generation capped at REPDESK_BENCH_READER_CAP_MB (default 64).
// Knobs: REPDESK_BENCH_READER_ROWS (default 200000), REPDESK_BENCH_RUNS (default 1).
import fs from 'node:fs';
import path from 'node:path';
import { DATA, ROOT, report, round, timeCommand } from './lib.mjs';

const NAMES = ['王小明', '陳美玲', 'John Smith', '林志強', 'Mary Chen', '張淑芬', 'David Lee', '黃建國'];
const CITIES = ['台北市', '新北市', 'Taipei', '高雄市', 'Kaohsiung', '台中市'];

function record(i) {
  return {
    name: `${NAMES[i % NAMES.length]}${i}`,
    phone: `09${String(10_000_000 + ((i * 7919) % 90_000_000)).padStart(8, '0')}`,
    email: `lead${i}@example.com`,
    company: `公司${i % 997}`,
    city: CITIES[i % CITIES.length],
    notes: i % 5 === 0 ? `call back after ${i % 12 + 1} pm, asked about plan ${i % 7}` : '',
  };
}

function writeLines(file, rows, header, line, footer = '') {
  const fd = fs.openSync(file, 'w');
  let buf = header;
  for (let i = 0; i < rows; i++) {
    buf += line(record(i), i);
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf + footer);
  fs.closeSync(fd);
}

async function generate(format, rows) {
  const file = path.join(DATA, `readers-${rows}.${format}`);
  if (fs.existsSync(file) && fs.statSync(file).size > 0) return file;
  const tmp = `${file}.part`;
  if (format === 'ndjson') writeLines(tmp, rows, '', (r) => JSON.stringify(r) + '\n');
  else if (format === 'json') writeLines(tmp, rows, '[\n', (r, i) => (i ? ',\n' : '') + JSON.stringify(r), '\n]\n');
  else if (format === 'csv') writeLines(tmp, rows, Object.keys(record(0)).join(',') + '\n', (r) => Object.values(r).map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',') + '\n');
  else {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true });
    const ws = wb.addWorksheet('Leads');
    ws.addRow(Object.keys(record(0))).commit();
    for (let i = 0; i < rows; i++) ws.addRow(Object.values(record(i))).commit();
    ws.commit();
    await wb.commit();
  }
  fs.renameSync(tmp, file);
  return file;
}

const STREAMING = `
const { readTabular } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'io', 'tabular', 'read.js'))});
let rows = 0;
let liveMb = 0;
const live = () => { if (globalThis.gc) { gc(); liveMb = Math.max(liveMb, process.memoryUsage().heapUsed / 1048576); } };
const r = await readTabular(process.argv[1], {}, { header() {}, rows(b) { rows += b.length; live(); } });
if (rows !== r.rows) throw new Error('rows');
console.log(JSON.stringify({ rows, liveMb, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

const WHOLE = `
import fs from 'node:fs';
const file = process.argv[1];
let rows = 0;
let liveMb = 0;
const live = () => { if (globalThis.gc) { gc(); liveMb = Math.max(liveMb, process.memoryUsage().heapUsed / 1048576); } };
if (file.endsWith('.xlsx')) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file));
  live();
  wb.worksheets[0].eachRow(() => rows++);
  rows--;
} else if (file.endsWith('.ndjson')) {
  const records = fs.readFileSync(file, 'utf8').split('\\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  live();
  rows = records.length;
} else {
  const records = JSON.parse(fs.readFileSync(file, 'utf8'));
  live();
  rows = records.length;
}
console.log(JSON.stringify({ rows, liveMb, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

/** Time and peak RSS of a plain run; live heap (after a full GC at each batch) of an --expose-gc run. */
function measure(code, file) {
  const res = timeCommand(process.execPath, ['--input-type=module', '-e', code, file], { cwd: ROOT });
  const out = JSON.parse(res.stdout.trim().split('\n').pop());
  const gcRun = timeCommand(process.execPath, ['--expose-gc', '--input-type=module', '-e', code, file], { cwd: ROOT });
  const live = JSON.parse(gcRun.stdout.trim().split('\n').pop()).liveMb;
  return { ms: res.ms, peakMb: res.peakMb ?? out.maxRssMb, liveMb: live, rows: out.rows };
}

/** Whether the read completes with the old generation capped at `mb` MB. */
function fitsIn(code, file, mb) {
  return timeCommand(process.execPath, [`--max-old-space-size=${mb}`, '--input-type=module', '-e', code, file], { cwd: ROOT, allowFail: true }).status === 0;
}

const CAP = Number(process.env.REPDESK_BENCH_READER_CAP_MB ?? 64);

export default async function run() {
  const big = Number(process.env.REPDESK_BENCH_READER_ROWS ?? 200_000);
  const small = Math.round(big / 10);
  const runs = Number(process.env.REPDESK_BENCH_RUNS ?? 1);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'io', 'tabular', 'read.js'))) throw new Error('run npm run build first');
  for (const format of ['ndjson', 'json', 'xlsx', 'csv']) {
    const files = { small: await generate(format, small), big: await generate(format, big) };
    const rowOf = {};
    for (const [how, code] of format === 'csv' ? [['streaming', STREAMING]] : [['streaming', STREAMING], ['whole file', WHOLE]]) {
      for (const size of ['small', 'big']) {
        const ms = [];
        let peak = 0;
        let liveMb = 0;
        let rows = 0;
        for (let i = 0; i < runs; i++) {
          const m = measure(code, files[size]);
          ms.push(m.ms);
          peak = Math.max(peak, m.peakMb);
          liveMb = Math.max(liveMb, m.liveMb);
          rows = m.rows;
        }
        rowOf[`${how} ${size}`] = liveMb;
        report({ name: `read ${format} ${how}`, rows, mb: round(fs.statSync(files[size]).size / 1048576), ms: round(Math.min(...ms)), peakMb: round(peak), liveMb: round(liveMb) });
      }
      report({ name: `read ${format} ${how}: live heap ${big} vs ${small} rows`, growthMb: round(rowOf[`${how} big`] - rowOf[`${how} small`]), [`fits ${CAP} MB heap`]: fitsIn(code, files.big, CAP) });
    }
  }
}
