// Readers keep memory bounded: the live heap (after a full GC at every batch) while reading a file
// of 10× the rows stays where it was. Each read runs in its own process (--expose-gc, tsx).
// bench/readers.mjs gives the figures at 200k rows for NDJSON, JSON and XLSX, with peak RSS.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

let dir: string;
let probe: string;

const record = (i: number) => ({ name: `測試客戶${i}`, phone: `09${10_000_000 + i}`, email: `lead${i}@example.com`, city: ['台北市', 'Taipei', '高雄市'][i % 3], notes: i % 4 ? '' : `call back after ${(i % 12) + 1} pm` });

function writeLines(file: string, rows: number, head: string, line: (i: number) => string, tail = ''): string {
  const fd = fs.openSync(file, 'w');
  let buf = head;
  for (let i = 0; i < rows; i++) {
    buf += line(i);
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf + tail);
  fs.closeSync(fd);
  return file;
}

/** Rows read and the largest live heap (MB) seen while reading `file` in a fresh process. */
function liveHeap(file: string): { rows: number; liveMb: number } {
  const res = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', probe, file], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout.trim().split('\n').pop()!);
}

beforeAll(() => {
  dir = tempDir('repdesk-readers-mem-');
  probe = path.join(dir, 'probe.mts');
  fs.writeFileSync(
    probe,
    `import { readTabular } from ${JSON.stringify(path.join(ROOT, 'src', 'io', 'tabular', 'read.ts'))};
let rows = 0;
let liveMb = 0;
await readTabular(process.argv[2], { batchSize: 2000 }, { header() {}, rows(b) { rows += b.length; globalThis.gc(); liveMb = Math.max(liveMb, process.memoryUsage().heapUsed / 1048576); } });
console.log(JSON.stringify({ rows, liveMb }));
`,
  );
});

describe('memory stays flat as files grow', () => {
  it('NDJSON and JSON arrays: 200k rows need no more live heap than 20k', () => {
    for (const [ext, head, sep, tail] of [['ndjson', '', '\n', '\n'], ['json', '[\n', ',\n', '\n]\n']] as const) {
      const make = (n: number) => writeLines(path.join(dir, `${n}.${ext}`), n, head, (i) => (i && sep !== '\n' ? sep : '') + JSON.stringify(record(i)) + (sep === '\n' ? '\n' : ''), ext === 'json' ? tail : '');
      const small = liveHeap(make(20_000));
      const big = liveHeap(make(200_000));
      expect([small.rows, big.rows]).toEqual([20_000, 200_000]);
      // Holding the 200k records (about 25 MB of text) would add well over 50 MB.
      expect(big.liveMb - small.liveMb, `${ext}: ${small.liveMb.toFixed(1)} → ${big.liveMb.toFixed(1)} MB`).toBeLessThan(5);
    }
  }, 600_000);

  it('XLSX: rows stream from the sheet (40k rows with few distinct texts need no more than 4k)', async () => {
    // Distinct texts live in the workbook's shared-strings table, which the format makes every
    // reader keep; repeated texts keep that table small, so what is measured here is the rows.
    const make = async (n: number) => {
      const file = path.join(dir, `${n}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
      const ws = wb.addWorksheet('Leads');
      ws.addRow(['name', 'phone', 'city', 'notes']).commit();
      for (let i = 0; i < n; i++) ws.addRow([['王小明', '陳美玲', 'John Smith'][i % 3], 912_000_000 + i, ['台北市', 'Taipei'][i % 2], i % 2 ? 'call back' : '']).commit();
      await wb.commit();
      return file;
    };
    const small = liveHeap(await make(4_000));
    const big = liveHeap(await make(40_000));
    expect([small.rows, big.rows]).toEqual([4_000, 40_000]);
    // The whole-workbook load kept every row's cells: about 2 KB a row, 70+ MB more here.
    expect(big.liveMb - small.liveMb, `${small.liveMb.toFixed(1)} → ${big.liveMb.toFixed(1)} MB`).toBeLessThan(8);
  }, 600_000);
});
