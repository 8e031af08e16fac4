import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { spoolToTempFile } from '../../src/io/files.js';
import { chooseEncoding } from '../../src/io/tabular/decode.js';
import { readTabular, type RawRow, type ReadOptions, type TabularMeta } from '../../src/io/tabular/read.js';
import { tempDir } from '../helpers/cli.js';

const CSV = '姓名,電話,公司\r\n王小明,0912-345-678,台灣積體電路製造\r\n陳大文,0922 333 444,鴻海精密工業\r\n林美麗,+886 933 111 222,中華電信股份有限公司\r\n';
let dir: string;

async function read(file: string, opts: ReadOptions = {}) {
  let meta: TabularMeta | undefined;
  const rows: RawRow[] = [];
  let batches = 0;
  const res = await readTabular(file, opts, {
    header: (m) => (meta = m),
    rows: (b) => {
      batches++;
      rows.push(...b);
    },
  });
  return { meta: meta!, rows, res, batches };
}

function write(name: string, data: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}

beforeAll(() => {
  dir = tempDir('repdesk-tabular-');
});

describe('encodings', () => {
  it.each([
    ['utf-8', Buffer.from(CSV, 'utf8'), 'utf-8'],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]), 'utf-8-bom'],
    ['GBK', iconv.encode(CSV, 'gbk'), 'gb18030'],
    ['GB18030', iconv.encode(CSV, 'gb18030'), 'gb18030'],
    ['Big5', iconv.encode(CSV, 'big5'), 'big5'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(CSV, 'utf-16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(CSV, 'utf-16be')]), 'utf-16be'],
    ['UTF-16LE without BOM', iconv.encode(CSV, 'utf-16le'), 'utf-16le'],
  ])('%s decodes to the same rows and reports %s', async (label, bytes, encoding) => {
    const { meta, rows } = await read(write(`${label}.csv`, bytes));
    expect(meta.encoding).toBe(encoding);
    expect(meta.headers).toEqual(['姓名', '電話', '公司']);
    expect(rows.map((r) => r.cells[0])).toEqual(['王小明', '陳大文', '林美麗']);
    expect(rows[2].cells[2]).toBe('中華電信股份有限公司');
  });

  it('a guessed encoding is marked as guessed; UTF-8 and BOMs are not', async () => {
    expect((await read(write('g.csv', iconv.encode(CSV, 'big5')))).meta.encodingGuessed).toBe(true);
    expect((await read(write('u.csv', CSV))).meta.encodingGuessed).toBe(false);
  });

  it('--encoding overrides detection; a wrong one is an error naming the likely encoding, never garbled rows', async () => {
    const big5 = write('b.csv', iconv.encode(CSV, 'big5'));
    expect((await read(big5, { encoding: 'big5' })).rows[0].cells[0]).toBe('王小明');
    await expect(read(big5, { encoding: 'utf-8' })).rejects.toMatchObject({ kind: 'invalid_input', key: 'import.error.bad_bytes', params: { encoding: 'utf-8', likely: 'big5' } });
    await expect(read(big5, { encoding: 'klingon' })).rejects.toMatchObject({ kind: 'usage', key: 'import.error.bad_encoding' });
  });

  it('a UTF-8 file that turns bad after the first megabyte fails as a whole', async () => {
    const good = 'name,phone\n' + '王小明,0912345678\n'.repeat(80_000);
    const p = write('late-bad.csv', Buffer.concat([Buffer.from(good), iconv.encode('陳大文,0922333444\n', 'big5')]));
    await expect(read(p)).rejects.toMatchObject({ key: 'import.error.bad_bytes' });
  });

  it('multi-byte characters split across read chunks survive (GBK and UTF-8, > 1 MB)', async () => {
    const big = 'name,phone\n' + Array.from({ length: 60_000 }, (_, i) => `測試客戶${i},09${String(10_000_000 + i)}`).join('\n') + '\n';
    for (const [enc, bytes] of [['utf-8', Buffer.from(big)], ['gb18030', iconv.encode(big, 'gb18030')]] as const) {
      const { rows, batches } = await read(write(`big-${enc}.csv`, bytes), { batchSize: 10_000, encoding: enc === 'gb18030' ? 'gb18030' : undefined });
      expect(rows.length).toBe(60_000);
      expect(rows[59_999].cells[0]).toBe('測試客戶59999');
      expect(rows.every((r) => r.cells[0].startsWith('測試客戶'))).toBe(true);
      expect(batches).toBe(6);
    }
  });

  it('chooseEncoding refuses binary bytes', () => {
    const bin = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7) % 256));
    expect(() => chooseEncoding(bin, undefined, 'x.bin')).toThrow(expect.objectContaining({ key: 'import.error.binary' }));
  });
});

describe('formats', () => {
  it('CRLF, TSV, semicolon and pipe files are sniffed', async () => {
    for (const [name, delim, format] of [['c.csv', ',', 'csv'], ['t.tsv', '\t', 'tsv'], ['s.csv', ';', 'ssv'], ['p.txt', '|', 'psv']] as const) {
      const text = ['name', 'phone', 'city'].join(delim) + '\r\n' + ['王小明', '0912345678', '台北'].join(delim) + '\r\n' + ['Bob', '0922333444', 'Tainan'].join(delim) + '\r\n';
      const { meta, rows } = await read(write(name, text));
      expect(meta.format).toBe(format);
      expect(rows.map((r) => r.cells)).toEqual([['王小明', '0912345678', '台北'], ['Bob', '0922333444', 'Tainan']]);
    }
  });

  it('line numbers count the header, blank lines and newlines inside quoted fields', async () => {
    const text = 'name,notes\n\n"A","line one\nline two"\nB,x\n\n"C","three\r\nlines\r\nhere"\nD,y\n';
    const { rows } = await read(write('lines.csv', text));
    expect(rows.map((r) => [r.cells[0], r.line])).toEqual([['A', 3], ['B', 5], ['C', 7], ['D', 10]]);
  });

  it('an unclosed quote is an error with its line', async () => {
    const text = 'name,phone\nA,0912345678\n"B,0922333444\nC,0933111222\n';
    await expect(read(write('q.csv', text))).rejects.toMatchObject({ kind: 'invalid_input', key: 'import.error.unclosed_quote', params: { line: 3 } });
  });

  it('ragged rows and a 1 MB field are passed on as they are (the importer rejects them with a reason)', async () => {
    const huge = 'x'.repeat(1024 * 1024);
    const text = `name,phone\nA,0912345678,extra\nB\n"${huge}",0933111222\n`;
    const { rows } = await read(write('ragged.csv', text));
    expect(rows.map((r) => r.cells.length)).toEqual([3, 1, 2]);
    expect(rows[2].cells[0].length).toBe(1024 * 1024);
  });

  it('empty files, old .xls files and binary files are refused with the file named', async () => {
    await expect(read(write('empty.csv', ''))).rejects.toMatchObject({ key: 'import.error.empty' });
    await expect(read(write('blank.csv', '\n\n'))).rejects.toMatchObject({ key: 'import.error.empty' });
    await expect(read(write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])))).rejects.toMatchObject({ key: 'import.error.xls' });
    const bin = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 13 + 1) % 256));
    await expect(read(write('photo.csv', bin))).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(read(path.join(dir, 'missing.csv'))).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('a header-only file has headers and no rows', async () => {
    const { meta, rows } = await read(write('header.csv', 'name,phone\r\n'));
    expect(meta.headers).toEqual(['name', 'phone']);
    expect(rows).toEqual([]);
  });

  it('JSON arrays and NDJSON (union of keys, values as text)', async () => {
    const json = write('a.json', JSON.stringify([{ name: '王小明', phone: '0912345678' }, { name: 'Bob', email: 'b@x.co', age: 41, vip: true }]));
    const j = await read(json);
    expect(j.meta.format).toBe('json');
    expect(j.meta.headers).toEqual(['name', 'phone', 'email', 'age', 'vip']);
    expect(j.rows[1].cells).toEqual(['Bob', '', 'b@x.co', '41', 'true']);
    const nd = await read(write('a.ndjson', '{"name":"A","phone":"0912345678"}\n\n{"name":"B","phone":"0922333444"}\n'));
    expect(nd.meta.format).toBe('ndjson');
    expect(nd.rows.map((r) => r.line)).toEqual([1, 3]);
    await expect(read(write('bad.ndjson', '{"a":1}\n{oops\n'))).rejects.toMatchObject({ key: 'import.error.bad_ndjson', params: { line: 2, column: 2 } });
    await expect(read(write('tail.ndjson', '{"a":1}\n{"a":1,}\n'))).rejects.toMatchObject({ key: 'import.error.bad_ndjson', params: { line: 2, column: 8 } });
    // Where the engine names no position, the record is still named, without the engine's English.
    const noPosition = await read(write('word.ndjson', '{"a":1}\n{"a":x}\n')).catch((e: unknown) => e);
    expect(noPosition).toMatchObject({ params: { line: 2 } });
    expect(JSON.stringify(noPosition)).not.toMatch(/Unexpected|Expected|JSON at/);
    await expect(read(write('obj.json', '{"a":1}'))).rejects.toMatchObject({ kind: 'invalid_input' });
  });

  it('XLSX: first sheet or --sheet; numbers and dates become text', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover').addRow(['nothing here']);
    const ws = wb.addWorksheet('名單');
    ws.addRow(['姓名', '電話', '生日']);
    ws.addRow(['王小明', 912345678, new Date(Date.UTC(1990, 2, 12))]);
    ws.addRow(['陳大文', '0922-333-444']);
    const p = path.join(dir, 'leads.xlsx');
    await wb.xlsx.writeFile(p);
    const first = await read(p);
    expect(first.meta.headers).toEqual(['nothing here']);
    const named = await read(p, { sheet: '名單' });
    expect(named.meta.format).toBe('xlsx');
    expect(named.rows.map((r) => r.cells)).toEqual([['王小明', '912345678', '1990-03-12'], ['陳大文', '0922-333-444', '']]);
    expect(named.rows[0].line).toBe(2);
    await expect(read(p, { sheet: 'Nope' })).rejects.toMatchObject({ kind: 'not_found', params: { sheets: 'Cover, 名單' } });
    // An XLSX saved with a .csv name is still read as XLSX (content wins over a wrong extension).
    fs.copyFileSync(p, path.join(dir, 'really-xlsx.csv'));
    expect((await read(path.join(dir, 'really-xlsx.csv'), { sheet: '名單' })).meta.format).toBe('xlsx');
  });

  it('stdin spooled to a private temp file reads like the file itself, named stdin, then is removed', async () => {
    const text = 'name\tphone\n王小明\t0912345678\n';
    const spooled = await spoolToTempFile(Readable.from([Buffer.from(text.slice(0, 7)), Buffer.from(text.slice(7))]));
    expect(fs.readFileSync(spooled.path, 'utf8')).toBe(text);
    expect(fs.statSync(spooled.path).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(spooled.path)).mode & 0o777).toBe(0o700);
    const fromSpool = await read('-', { stdin: { spooledPath: spooled.path } });
    const fromBytes = await read('-', { stdin: Buffer.from(text) });
    expect(fromSpool.meta.fileName).toBe('stdin');
    expect(fromSpool.rows.map((r) => r.cells)).toEqual(fromBytes.rows.map((r) => r.cells));
    expect(fromSpool.res.sha256).toBe(fromBytes.res.sha256);
    spooled.remove();
    expect(fs.existsSync(path.dirname(spooled.path))).toBe(false);
  });

  it('stdin (-) is read like a file', async () => {
    const { meta, rows, res } = await read('-', { stdin: Buffer.from('name\tphone\n王小明\t0912345678\n') });
    expect(meta.fileName).toBe('stdin');
    expect(meta.format).toBe('tsv');
    expect(rows[0].cells).toEqual(['王小明', '0912345678']);
    expect(res.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('encodings that are not taken on a guess', () => {
  it('a Latin-1 file is an error naming the likely encoding, not a garbled Chinese import', async () => {
    const p = path.join(tempDir('repdesk-latin-'), 'l.csv');
    fs.writeFileSync(p, iconv.encode('name,city\nJosé Müller,Zürich\nFrançois,Besançon\n', 'latin1'));
    await expect(readTabular(p, {}, { header: () => {}, rows: () => {} })).rejects.toMatchObject({ key: 'import.error.undecodable' });
    let first = '';
    await readTabular(p, { encoding: 'latin1' }, { header: () => {}, rows: (b) => (first ||= b[0].cells[0]) });
    expect(first).toBe('José Müller');
  });

  it('a short GBK file of traditional characters (which chardet calls Big5) still decodes right', async () => {
    const p = path.join(tempDir('repdesk-gbk-'), 'g.csv');
    fs.writeFileSync(p, iconv.encode('姓名,電話\r\n王小明,0912345678\r\n', 'gbk'));
    let meta: TabularMeta | undefined;
    const rows: RawRow[] = [];
    await readTabular(p, {}, { header: (m) => (meta = m), rows: (b) => rows.push(...b) });
    expect(meta!.encoding).toBe('gb18030');
    expect(meta!.headers).toEqual(['姓名', '電話']);
    expect(rows[0].cells[0]).toBe('王小明');
  });
});

describe('a file cut in the middle of a character', () => {
  it('is an error at the end of the file, not a crash', async () => {
    const p = path.join(tempDir('repdesk-cut-'), 'cut.csv');
    fs.writeFileSync(p, Buffer.from('name,phone\n王小明,0912345678\n王').subarray(0, -1));
    await expect(readTabular(p, {}, { header: () => {}, rows: () => {} })).rejects.toMatchObject({ key: 'import.error.bad_bytes' });
  });
});

describe('streamed JSON, NDJSON and XLSX', () => {
  it('a JSON array larger than a read chunk: every record, keys of the last record among the headers, record numbers', async () => {
    const records = Array.from({ length: 40_000 }, (_, i) => ({ name: `測試客戶${i}`, phone: `09${10_000_000 + i}`, note: 'a, "quoted" ] } note' }));
    const last = { name: 'Last', phone: '0999999999', vip: 'yes' };
    const p = write('big.json', '[\n' + [...records, last].map((r) => JSON.stringify(r)).join(',\n') + '\n]\n');
    expect(fs.statSync(p).size).toBeGreaterThan(2 * 1024 * 1024);
    const { meta, rows, res } = await read(p);
    expect(meta.headers).toEqual(['name', 'phone', 'note', 'vip']);
    expect(rows.length).toBe(40_001);
    expect(res.rows).toBe(40_001);
    expect(rows[39_999]).toEqual({ line: 40_000, cells: ['測試客戶39999', '0910039999', 'a, "quoted" ] } note', ''] });
    expect(rows[40_000].cells).toEqual(['Last', '0999999999', '', 'yes']);
    expect(res.sha256).toBe(createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
  });

  it('NDJSON: a bad line far past the first chunk is named by its line, and nothing reaches the sink', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ name: `客戶${i}`, phone: `09${10_000_000 + i}` }));
    lines.splice(45_000, 0, '', '{"name": "broken"');
    const p = write('late-bad.ndjson', lines.join('\r\n') + '\r\n');
    let header = false;
    let got = 0;
    await expect(readTabular(p, {}, { header: () => (header = true), rows: (b) => (got += b.length) })).rejects.toMatchObject({ key: 'import.error.bad_ndjson', params: { line: 45_002 } });
    expect([header, got]).toEqual([false, 0]);
    const good = write('good.ndjson', lines.filter((l) => l !== '{"name": "broken"').join('\n'));
    const { rows } = await read(good);
    expect(rows.length).toBe(50_000);
    expect(rows[45_000]).toEqual({ line: 45_002, cells: ['客戶45000', '0910045000'] });
  });

  it.each([
    ['[{"a":1}\n{"a":2}]', 'import.error.json_missing_comma', { line: 2, found: '"{"' }],
    ['[{"a":1},\n]', 'import.error.json_missing_record', { line: 2 }],
    ['[{"a":1},\n{"a":2}', 'import.error.json_unclosed', {}],
    ['[{"a":1}]\n]', 'import.error.json_trailing', { line: 2 }],
    ['[{"a":1},\n{"a": oops}]', 'import.error.bad_json_record', { line: 2 }],
    ['[{"a":1},\n{"a": 1 2}]', 'import.error.bad_ndjson', { line: 2, column: 9 }],
    ['[{"a":1}, 7]', 'import.error.json_not_object', { line: 2 }],
    ['{"a":1}', 'import.error.json_not_array', {}],
    ['[]', 'import.error.empty', {}],
  ])('JSON %j → %s', async (text, key, params) => {
    await expect(read(write('e.json', text))).rejects.toMatchObject({ kind: 'invalid_input', key, params });
  });

  async function workbook(rows: number): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover').addRow(['nothing here']);
    const ws = wb.addWorksheet('名單');
    ws.addRow(['姓名', '電話', '生日']);
    ws.addRow(['王小明', 912345678, new Date(Date.UTC(1990, 2, 12))]);
    for (let i = 0; i < rows; i++) ws.addRow([`客戶${i}`, `09${10_000_000 + i}`]);
    return wb;
  }

  /** The same workbook with its parts stored in another order (other spreadsheet programs do). */
  async function reordered(wb: ExcelJS.Workbook, first: string[], name: string): Promise<string> {
    const zip = await JSZip.loadAsync((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const out = new JSZip();
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    for (const n of [...first, ...names.filter((x) => !first.includes(x))]) out.file(n, await zip.file(n)!.async('uint8array'));
    return write(name, await out.generateAsync({ type: 'nodebuffer' }));
  }

  it('XLSX: the same rows whatever order the parts are stored in (sheet before or after styles and names)', async () => {
    const wb = await workbook(3);
    const asWritten = path.join(dir, 'order-a.xlsx');
    await wb.xlsx.writeFile(asWritten);
    const early = await reordered(wb, ['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml'], 'order-b.xlsx');
    const stylesLast = await reordered(wb, ['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'], 'order-c.xlsx');
    // The sheet before the sheet names: exceljs itself reads the missing names and used to fail.
    const namesLast = await reordered(wb, ['[Content_Types].xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'], 'order-d.xlsx');
    for (const p of [asWritten, early, stylesLast, namesLast]) {
      const { meta, rows } = await read(p, { sheet: '名單' });
      expect(meta.headers, p).toEqual(['姓名', '電話', '生日']);
      expect(rows.slice(0, 2).map((r) => [r.line, ...r.cells]), p).toEqual([
        [2, '王小明', '912345678', '1990-03-12'],
        [3, '客戶0', '0910000000', ''],
      ]);
      expect((await read(p)).meta.headers).toEqual(['nothing here']);
      await expect(read(p, { sheet: 'Nope' }), p).rejects.toMatchObject({ kind: 'not_found', params: { sheets: 'Cover, 名單' } });
    }
  });

  it('XLSX: an error of the sink comes through as it is; a damaged file is bad_xlsx', async () => {
    const p = path.join(dir, 'sink.xlsx');
    await (await workbook(2)).xlsx.writeFile(p);
    const mine = new Error('sink says no');
    await expect(readTabular(p, { sheet: '名單' }, { header: () => {}, rows: () => { throw mine; } })).rejects.toBe(mine);
    const bytes = fs.readFileSync(p);
    const cut = write('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(read(cut)).rejects.toMatchObject({ kind: 'invalid_input' });
  });
});
