// Exports a team lead opens in Excel or reads from a script: file names that match the format,
// dates Excel understands, `--json`, and the violation ledger in the user's language.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { insertViolation } from '../../src/db/repos/violations.js';
import { cliWorkspace } from '../helpers/cli.js';
import { seedSales, tpe } from '../services/salesFixture.js';

vi.setConfig({ testTimeout: 120_000 });

let ws: ReturnType<typeof cliWorkspace>;
const NOW = new Date(tpe('2026-11-25 12:00')).toISOString();
const run = (args: string[], as = 'alice') => ws.run(['--as', as, ...args], { env: { REPDESK_NOW: NOW } });

beforeAll(() => {
  ws = cliWorkspace();
  const db = openDb(ws.db);
  seedSales(db);
  // A robot call outside calling hours on bob's lead (no rep), and an override recorded with the old key-shaped reasons.
  insertViolation(db, { rule: 'outside_window', severity: 'high', leadId: 'L5', callId: 'c13', repId: null, detail: { code: 'outside_window', localTime: '23:30', start: '09:00', end: '20:00', zone: 'Asia/Taipei' }, occurredAt: tpe('2026-11-24 23:30') }, tpe('2026-11-25 00:00'));
  insertViolation(db, { rule: 'dial_override', severity: 'medium', leadId: 'L1', repId: 'u-bob', detail: { reasons: ['session.why.outside_window', 'daily_cap'], reason: '客戶要求' }, occurredAt: tpe('2026-11-24 20:30') }, tpe('2026-11-25 00:00'));
  db.close();
});

describe('-o FILE names a format', () => {
  it('.xls, an unknown extension, or one contradicting --format is a usage error (exit 2) that names the fix; nothing is written', () => {
    for (const [args, text] of [
      [['-o', path.join(ws.dir, 'x.xls')], '.xlsx'],
      [['-o', path.join(ws.dir, 'x.txt')], '.csv, .tsv, .xlsx'],
      [['-o', path.join(ws.dir, 'x.ndjson'), '--format', 'csv'], '--format ndjson'],
      [['-o', path.join(ws.dir, 'x.csv'), '--format', 'xlsx'], 'rename the file to .xlsx'],
    ] as const) {
      const res = run(['export', 'calls', ...args]);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr).toContain(text);
    }
    expect(fs.readdirSync(ws.dir).filter((f) => /^x\./.test(f))).toEqual([]);
    // A folder: the suggestion has no double slash.
    const dir = run(['export', 'calls', '-o', ws.dir + '/']);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain(`${ws.dir}/export.csv`);
    expect(dir.stderr).not.toContain('//');
    // An unknown extension is fine when --format says what to write.
    expect(run(['export', 'calls', '-o', path.join(ws.dir, 'calls.txt'), '--format', 'tsv']).code).toBe(0);
  });
});

describe('--json', () => {
  it('to stdout writes the rows as JSON; with a non-JSON --format it is refused; with -o it prints the summary', () => {
    const rows = run(['--json', 'export', 'calls', '--columns', 'id,channel']);
    expect(rows.code, rows.stderr).toBe(0);
    const list = rows.json<{ id: string; channel: string }[]>();
    expect(list).toHaveLength(11);
    expect(list[0]).toEqual({ id: 'c1', channel: 'phone' });
    const nd = run(['--json', 'export', 'calls', '--format', 'ndjson', '--columns', 'id']);
    expect(nd.stdout.trim().split('\n')[0]).toBe('{"id":"c1"}');
    const csv = run(['--json', 'export', 'calls', '--format', 'csv']);
    expect(csv.code).toBe(2);
    expect(JSON.parse(csv.stderr).error.key).toBe('export.error.json_format');
    const file = path.join(ws.dir, 'summary.csv');
    const summary = run(['--json', 'export', 'calls', '-o', file]);
    expect(summary.json()).toMatchObject({ file, rows: 11, format: 'csv' });
  });
});

describe('dates for Excel', () => {
  it('XLSX: instants are real date-time cells with the local wall time of the user\'s zone', async () => {
    const file = path.join(ws.dir, 'calls-dates.xlsx');
    expect(run(['export', 'calls', '--columns', 'id,started_at,duration_s', '-o', file]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const c1 = wb.getWorksheet('calls')!.getRow(2);
    expect(c1.getCell(1).value).toBe('c1');
    // 10:00 in Taipei: Excel date cells carry no zone, so the cell holds the local time.
    expect(c1.getCell(2).type).toBe(ExcelJS.ValueType.Date);
    expect((c1.getCell(2).value as Date).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(c1.getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(c1.getCell(3).value).toBe(120);
  });

  it('--excel CSV writes local "YYYY-MM-DD HH:MM:SS"; plain CSV and JSON keep ISO 8601 with the offset', () => {
    const excel = run(['export', 'calls', '--excel', '--columns', 'id,started_at,phone']);
    const rows = Papa.parse<Record<string, string>>(excel.stdout.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows[0]).toEqual({ id: 'c1', started_at: '2026-11-23 10:00:00', phone: "'+886912345678" });
    expect(run(['export', 'calls', '--columns', 'id,started_at']).stdout).toContain('c1,2026-11-23T10:00:00+08:00');
    expect(run(['export', 'calls', '--format', 'json', '--columns', 'started_at']).json<{ started_at: string }[]>()[0].started_at).toBe('2026-11-23T10:00:00+08:00');
  });
});

describe('violations list', () => {
  it('shows rules and details in the user\'s language, old key-shaped override reasons included; robot violations credited to the owner', () => {
    const zh = run(['--lang', 'zh-TW', 'violations', 'list'], 'dave');
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('不在可撥打時段');
    expect(zh.stdout).toContain('客戶當地時間為 23:30');
    expect(zh.stdout).toContain('bob（客戶負責人）');
    expect(zh.stdout).toContain('強制撥打');
    expect(zh.stdout).toContain('每日撥打次數上限');
    expect(zh.stdout).not.toMatch(/outside_window|localTime=|session\.why/);
    const json = run(['--json', 'violations', 'list'], 'dave').json<Record<string, unknown>[]>();
    expect(json[0]).toMatchObject({ occurred_at: '2026-11-24T23:30:00+08:00', rule: 'outside_window', rep: null, credited_to: 'bob', lead_id: 'L5' });
    // The team lead's ledger, export and report agree: 3 violations credited to the north team.
    expect(json).toHaveLength(3);
    expect(run(['export', 'violations', '--format', 'ndjson'], 'dave').stdout.trim().split('\n')).toHaveLength(3);
    expect(run(['--json', 'report', '--from', '2026-11-24', '--to', '2026-11-24'], 'dave').json<{ total: { violations: number } }>().total.violations).toBe(3);
    // Erin (south) sees none of them.
    expect(run(['--json', 'violations', 'list'], 'erin').json()).toEqual([]);
  });
});
