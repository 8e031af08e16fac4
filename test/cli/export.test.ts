import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { csvLine } from '../../src/core/csv.js';
import { openDb } from '../../src/db/client.js';
import { delimitedCell } from '../../src/io/export/writers.js';
import { BIN, cliEnv, cliWorkspace } from '../helpers/cli.js';
import { seedSales, TRIGGER_NOTES } from '../services/salesFixture.js';

// Each case runs the binary several times; a busy two-core CI machine needs more than the default.
vi.setConfig({ testTimeout: 120_000 });

type Ws = ReturnType<typeof cliWorkspace>;
let ws: Ws;

const parse = (text: string) => Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const lastAudit = (dbFile: string) => {
  const db = openDb(dbFile);
  const row = db.sqlite.prepare("select actor, detail from audit_log where action = 'export' order by id desc limit 1").get() as { actor: string; detail: string };
  db.close();
  return { actor: row.actor, detail: JSON.parse(row.detail) as Record<string, unknown> };
};

beforeAll(() => {
  ws = cliWorkspace();
  const db = openDb(ws.db);
  seedSales(db);
  db.close();
});

describe('repdesk export calls (CSV)', () => {
  it('writes RFC 4180 CSV with neutralised formulas, ISO times with offset, mode 0600, and audits it', () => {
    const file = path.join(ws.dir, 'calls.csv');
    const res = ws.run(['export', 'calls', '-o', file]);
    expect(res.code, res.stderr).toBe(0);
    // Phone calls only by default: the calls the report counts as dials (the robot calls c12, c13 are left out).
    expect(res.stderr).toContain('Exported 11 rows');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('id,started_at,ended_at,duration_s,rep,lead_id,lead_name,phone,channel,disposition,notes\r\n')).toBe(true);
    const rows = parse(text);
    expect(rows).toHaveLength(11);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['phone']));
    // Every trigger character, read back by a CSV parser, is defused by a leading apostrophe.
    const notes = Object.fromEntries(rows.map((r) => [r.id, r.notes]));
    TRIGGER_NOTES.forEach((note, i) => expect(notes[`c${i + 1}`], JSON.stringify(note)).toBe("'" + note));
    const c1 = rows.find((r) => r.id === 'c1')!;
    expect(c1).toMatchObject({ started_at: '2026-11-23T10:00:00+08:00', ended_at: '2026-11-23T10:02:00+08:00', duration_s: '120', rep: 'bob', lead_name: '王小明', disposition: 'interested' });
    expect(c1.phone).toBe("'+886912345678");
    const audit = lastAudit(ws.db);
    expect(audit.actor).toBe('alice');
    expect(audit.detail).toMatchObject({ entity: 'calls', format: 'csv', rows: 11, sha256: sha(file), file, bytes: fs.statSync(file).size, zone: 'Asia/Taipei' });
    expect(audit.detail.filters).toEqual({ channel: 'phone' });
    expect(audit.detail.columns).toEqual(['id', 'started_at', 'ended_at', 'duration_s', 'rep', 'lead_id', 'lead_name', 'phone', 'channel', 'disposition', 'notes']);
  });

  it('--excel writes a UTF-8 BOM and CRLF, and CJK survives the round trip; --lang translates headers', () => {
    const file = path.join(ws.dir, 'excel.csv');
    const res = ws.run(['--lang', 'zh-TW', 'export', 'leads', '--excel', '--columns', 'id,name,company', '-o', file]);
    expect(res.code, res.stderr).toBe(0);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n').length).toBeGreaterThan(5);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(text.slice(1).startsWith('編號,姓名,公司\r\n')).toBe(true);
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(rows.find((r) => r[0] === 'L1')).toEqual(['L1', '王小明', '台北貿易, "股份"有限公司']);
  });

  it('filters by dates in the rep\'s zone, rep, list and disposition; --columns picks columns', () => {
    const one = ws.run(['export', 'calls', '--from', '2026-11-24', '--to', '2026-11-24', '--rep', 'bob', '--columns', 'id']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout.trim().split('\r\n')).toEqual(['id', 'c4', 'c5', 'c6', 'c7']);
    const disp = ws.run(['export', 'calls', '--disposition', 'interested', '--columns', 'id']);
    expect(disp.stdout.trim().split('\r\n')).toEqual(['id', 'c1', 'c9', 'c11']);
    const all = ws.run(['export', 'calls', '--disposition', 'interested', '--channel', 'all', '--columns', 'id']);
    expect(all.stdout.trim().split('\r\n')).toEqual(['id', 'c12', 'c1', 'c9', 'c13', 'c11']);
    const list = ws.run(['export', 'leads', '--list', 'Expo 2026', '--columns', 'id']);
    expect(list.stdout.trim().split('\r\n')).toEqual(['id', 'L1', 'L2']);
    const bad = ws.run(['export', 'calls', '--columns', 'id,nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown column "nope"');
    expect(bad.stderr).toContain('started_at');
    expect(ws.run(['export', 'calls', '--from', '2026-13-01']).code).toBe(2);
    expect(ws.run(['export', 'calls', '--list', 'Nope']).code).toBe(4);
    expect(ws.run(['export', 'dnc', '--rep', 'bob']).code).toBe(2);
  });

  it('masks phones and emails', () => {
    const res = ws.run(['export', 'leads', '--mask', '--columns', 'id,phone,email', '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    const rows = res.json<{ id: string; phone: string; email: string | null }[]>();
    expect(rows.find((r) => r.id === 'L1')).toEqual({ id: 'L1', phone: '+886912***678', email: 'w***@example.com' });
    expect(res.stdout).not.toContain('912345678');
    expect(lastAudit(ws.db).detail.masked).toBe(true);
  });
});

describe('other formats', () => {
  it('JSON is an array of objects with stable keys, numbers as numbers; NDJSON one object a line', () => {
    const json = ws.run(['export', 'calls', '--rep', 'carol', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const rows = json.json<Record<string, unknown>[]>();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      id: 'c8', started_at: '2026-11-23T14:00:00+08:00', ended_at: '2026-11-23T14:00:00+08:00', duration_s: 0, rep: 'carol',
      lead_id: 'L4', lead_name: 'Chen Jie', phone: '+8613800138000', channel: 'phone', disposition: 'no_answer', notes: '＝1',
    });
    const nd = ws.run(['export', 'followups', '--format', 'ndjson', '--columns', 'id,status,due_at']);
    const lines = nd.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(Object.keys(lines[0])).toEqual(['id', 'status', 'due_at']);
    const empty = ws.run(['export', 'calls', '--from', '2030-01-01', '--format', 'json']);
    expect(empty.json()).toEqual([]);
  });

  it('XLSX reads back with exceljs; a formula-like text stays text', async () => {
    const file = path.join(ws.dir, 'calls.xlsx');
    const res = ws.run(['--json', 'export', 'calls', '--channel', 'all', '-o', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ rows: 13, format: 'xlsx', sha256: sha(file) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('calls')!;
    expect(sheet.rowCount).toBe(14);
    expect(sheet.getRow(1).getCell(1).value).toBe('id');
    expect(sheet.getRow(2).getCell(1).value).toBe('c12');
    const c1 = sheet.getRow(3);
    expect(c1.getCell(1).value).toBe('c1');
    expect(c1.getCell(4).value).toBe(120);
    expect(c1.getCell(7).value).toBe('王小明');
    expect(c1.getCell(11).value).toBe('=1+1');
    expect(c1.getCell(11).type).toBe(ExcelJS.ValueType.String);
  });

  it('XLSX streams to a redirected stdout', async () => {
    const file = path.join(ws.dir, 'piped.xlsx');
    const res = spawnSync('bash', ['-c', `node ${JSON.stringify(BIN)} --db ${JSON.stringify(ws.db)} export dnc --format xlsx > ${JSON.stringify(file)}`], { env: cliEnv({ REPDESK_DATA_DIR: ws.dir }), encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.getWorksheet('dnc')!.getRow(2).getCell(1).value).toBe('+886922000111');
    expect(lastAudit(ws.db).detail).toMatchObject({ file: '-', format: 'xlsx', rows: 1, sha256: sha(file) });
  });

  it('TSV uses tabs', () => {
    const res = ws.run(['export', 'dnc', '--format', 'tsv', '--columns', 'phone,reason']);
    expect(res.stdout).toBe("phone\treason\r\n'+886922000111\tasked on call\r\n");
  });
});

describe('the CSV/TSV fast path writes what csvLine writes', () => {
  const TRICKY = [
    '', 'a', 'plain text', '王小明', '=1+1', '+886912345678', '-5', '@SUM(A1)', '\t=tab', '\r=cr', '\n=lf', '＝1', '＋1', '－1', '＠1',
    'a,b', 'a"b', '"', '""', 'a\nb', 'a\rb', 'a\tb', '=a,"b"', '\t', ',', "'already", '台北貿易, "股份"有限公司', 'x\uD800y', '\uD83D\uDE00 emoji',
  ];

  it('delimitedCell equals csvLine cell by cell, for commas and tabs', () => {
    for (const d of [',', '\t'] as const) {
      for (const text of TRICKY) expect(delimitedCell(text, d), JSON.stringify([d, text])).toBe(csvLine([text], d, ''));
    }
  });

  it('every row of every entity equals csvLine over the JSON export of the same values, odd stored types included', () => {
    const odd = cliWorkspace();
    const db = openDb(odd.db);
    seedSales(db);
    // Values of unexpected types take the general path: a fractional duration, a blob note, text in an
    // instant column, a user id that no longer exists, a negative-year instant, CJK and quotes.
    db.sqlite.pragma('foreign_keys = OFF');
    db.sqlite.exec(`
      update calls set duration_s = 12.5 where id = 'c2';
      update calls set notes = x'3d2c22e78e8b22' where id = 'c3';
      update calls set ended_at = 'soon' where id = 'c4';
      update calls set rep_id = 'u-gone' where id = 'c5';
      update calls set ended_at = -62198755200000 where id = 'c6';
      update calls set notes = '"quoted", 台北' || char(10) || 'second line' where id = 'c7';
    `);
    db.close();
    for (const entity of ['calls', 'leads', 'followups', 'dnc', 'violations', 'audit']) {
      const all = odd.run(['export', entity, '--columns', 'id']); // the audit log gets rows too
      expect(all.code, all.stderr).toBe(0);
      for (const extra of [[], ['--mask']]) {
        const json = odd.run(['export', entity, '--format', 'ndjson', ...extra]);
        expect(json.code, json.stderr).toBe(0);
        const values = json.stdout.split('\n').filter(Boolean).map((l) => Object.values(JSON.parse(l) as Record<string, string | number | null>));
        for (const [format, d] of [['csv', ','], ['tsv', '\t']] as const) {
          const out = odd.run(['export', entity, '--format', format, ...extra]);
          expect(out.code, out.stderr).toBe(0);
          const header = out.stdout.slice(0, out.stdout.indexOf('\r\n') + 2);
          const expected = values.map((v) => csvLine(v, d, '\r\n'));
          if (entity === 'audit') {
            // Each export appends an audit row, so this one sees rows the JSON export did not: compare by id.
            const lines = new Set(out.stdout.slice(header.length).split(/(?<=\r\n)/));
            expect(expected.length).toBeGreaterThan(5);
            for (const line of expected) expect(lines.has(line), line).toBe(true);
          } else expect(out.stdout, `${entity} ${format} ${extra.join(' ')}`).toBe(header + expected.join(''));
        }
      }
    }
  });
});

describe('permissions', () => {
  it('a rep exports only their own calls; another rep\'s or the team\'s data is refused (exit 5)', () => {
    const own = ws.run(['--as', 'bob', 'export', 'calls', '--columns', 'id,rep']);
    expect(own.code, own.stderr).toBe(0);
    const rows = parse(own.stdout);
    expect(rows.map((r) => r.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    const other = ws.run(['--as', 'bob', 'export', 'calls', '--rep', 'carol']);
    expect(other.code).toBe(5);
    expect(other.stderr).toContain('only their own');
    expect(ws.run(['--as', 'bob', 'export', 'dnc']).code).toBe(5);
    expect(ws.run(['--as', 'bob', 'export', 'audit']).code).toBe(5);
  });

  it('a team lead sees the team, not other teams', () => {
    const res = ws.run(['--as', 'dave', 'export', 'calls', '--columns', 'id']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).not.toContain('c11');
    expect(res.stdout).toContain('c9');
    expect(ws.run(['--as', 'dave', 'export', 'calls', '--rep', 'erin']).code).toBe(5);
  });
});

describe('files and pipes', () => {
  it('refuses to overwrite without --force (exit 2), replaces with it', () => {
    const file = path.join(ws.dir, 'exists.csv');
    fs.writeFileSync(file, 'keep me');
    const res = ws.run(['export', 'calls', '-o', file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--force');
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    expect(ws.run(['export', 'calls', '-o', file, '--force']).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('c11');
  });

  it('an unwritable path is a clear error (exit 1) and leaves no partial file', () => {
    const dir = path.join(ws.dir, 'ro');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o500);
    const missing = ws.run(['export', 'calls', '-o', path.join(ws.dir, 'no', 'such', 'x.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot write');
    expect(missing.stderr).not.toContain('    at ');
    if (process.getuid?.() !== 0) {
      const ro = ws.run(['export', 'calls', '-o', path.join(dir, 'x.csv')]);
      expect(ro.code).toBe(1);
      expect(ro.stderr).toContain('EACCES');
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(ws.dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('`export … | head -1` exits quietly and still audits what was sent', () => {
    // Enough rows to overflow the pipe buffer, so the write really meets a closed pipe.
    const db = openDb(ws.db);
    const ins = db.sqlite.prepare("insert into calls (id, lead_id, rep_id, started_at, duration_s, notes, created_at, updated_at) values (?, 'L1', 'u-bob', ?, 1, ?, 1, 1)");
    db.write(() => {
      for (let i = 0; i < 20_000; i++) ins.run(`bulk${String(i).padStart(6, '0')}`, Date.UTC(2026, 0, 1) + i * 1000, 'x'.repeat(80));
    });
    db.close();
    const res = spawnSync('bash', ['-c', `set -o pipefail; node ${JSON.stringify(BIN)} --db ${JSON.stringify(ws.db)} export calls | head -1`], { env: cliEnv({ REPDESK_DATA_DIR: ws.dir }), encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe('id,started_at,ended_at,duration_s,rep,lead_id,lead_name,phone,channel,disposition,notes\r\n');
    expect(res.stderr).toBe('');
    const audit = lastAudit(ws.db);
    expect(audit.detail.interrupted).toBe(true);
    expect(audit.detail.file).toBe('-');
  });
});
