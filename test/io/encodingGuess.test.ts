// GBK/GB18030 against Big5 on short files (which decode cleanly as both), and what the user is told
// when a guessed encoding leaves the import without a phone or email column.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.js';
import { COMMON_HAN, SIMPLIFIED, SIMPLIFIED_WORDS, TRADITIONAL, TRADITIONAL_WORDS } from '../../src/io/tabular/commonHan.js';
import { chooseEncoding } from '../../src/io/tabular/decode.js';
import { readTabular, type RawRow, type ReadOptions, type TabularMeta } from '../../src/io/tabular/read.js';
import { importLeads } from '../../src/services/importLeads.js';
import { tempDir } from '../helpers/cli.js';
import { testDbWithUser } from '../helpers/db.js';

const NOW = Date.UTC(2026, 10, 28, 2, 0);
let dir: string;
let n = 0;

beforeAll(() => {
  dir = tempDir('repdesk-encguess-');
});

function write(bytes: Buffer, name = `f${++n}.csv`): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

async function read(file: string, opts: ReadOptions = {}) {
  let meta: TabularMeta | undefined;
  const rows: RawRow[] = [];
  await readTabular(file, opts, { header: (m) => (meta = m), rows: (b) => void rows.push(...b) });
  return { meta: meta!, rows };
}

const SHORT_GBK = ['姓名,电话\r\n张伟,13800138001\r\n', '客户名称,手机号码\n李娜,13912345678\n', '姓名,手机', '姓名,手机\n', '公司,地址,邮箱\n'];
// The first four were read right before (chardet leaned to Big5) and guard against leaning to GBK
// now; the last two were read as GBK.
const SHORT_BIG5 = [
  '姓名,電話\n王小明,0912345678\n',
  '客戶名稱,手機號碼\n陳大文,0922333444\n',
  '姓名,電話',
  '負責人,職稱,聯絡電話\n林美麗,經理,02-2345-6789\n',
  '縣市,姓名,手機\n嘉義市,蔣偉強,0912345678\n新竹縣,楊睿秀,0922333444\n',
  '公司,電話\n高雄源達實業股份有限公司,07-1234567\n',
];

describe('GBK or Big5 on short files', () => {
  it.each(SHORT_GBK)('GBK %j is read as gb18030, its text intact', async (text) => {
    const bytes = iconv.encode(text, 'gbk');
    expect(chooseEncoding(bytes, undefined, 'x.csv')).toEqual({ name: 'gb18030', decoder: 'gb18030', guessed: true });
    const { meta, rows } = await read(write(bytes));
    expect(meta.encoding).toBe('gb18030');
    expect(meta.headers.join(',')).toBe(text.split(/\r?\n/)[0]);
    expect(rows.map((r) => r.cells.join(','))).toEqual(text.split(/\r?\n/).slice(1).filter(Boolean));
  });

  it.each(SHORT_BIG5)('Big5 %j is read as big5, its text intact', async (text) => {
    const bytes = iconv.encode(text, 'big5');
    expect(chooseEncoding(bytes, undefined, 'x.csv')).toEqual({ name: 'big5', decoder: 'big5', guessed: true });
    const { meta, rows } = await read(write(bytes));
    expect(meta.encoding).toBe('big5');
    expect(meta.headers.join(',')).toBe(text.split(/\r?\n/)[0]);
    expect(rows.map((r) => r.cells.join(','))).toEqual(text.split(/\r?\n/).slice(1).filter(Boolean));
  });

  it('longer files: mostly-ASCII with a few Chinese cells, many rows, and a sample cut mid-character', async () => {
    const mixed = (name: string, note: string, phone: (i: number) => string) =>
      'name,phone,company,email,notes\n' +
      Array.from({ length: 300 }, (_, i) => `${i % 10 === 0 ? name : 'Li Na'},${phone(i)},ACME Ltd,a${i}@x.com,${i % 25 === 0 ? note : 'ok'}`).join('\n') +
      '\n';
    const gbk = mixed('张伟', '已回访', (i) => `1380013${String(i).padStart(4, '0')}`);
    const big5 = mixed('陳美玲', '已回電', (i) => `09123${String(i).padStart(5, '0')}`);
    const cn = '客户名称,联系人,手机,地址,备注\n' + Array.from({ length: 400 }, (_, i) => `深圳市华鑫科技有限公司,刘洋,139${String(10_000_000 + i)},广东省深圳市南山区科技园${i}号,有意向，下周回访`).join('\n') + '\n';
    const tw = '客戶名稱,聯絡人,手機,地址,備註\n' + Array.from({ length: 400 }, (_, i) => `台灣積體電路製造股份有限公司,陳大文,09${String(10_000_000 + i)},新竹科學園區力行六路${i}號,對產品有興趣`).join('\n') + '\n';
    // More than the 64 KiB sample, so the sample ends inside a character; the same four characters
    // on every line (測試客戶 read as GBK has as many common characters as read as Big5).
    const repeated = 'name,phone\n' + Array.from({ length: 8000 }, (_, i) => `測試客戶${i},09${String(10_000_000 + i)}`).join('\n') + '\n';
    for (const [text, enc, want] of [[gbk, 'gbk', 'gb18030'], [big5, 'big5', 'big5'], [cn, 'gbk', 'gb18030'], [tw, 'big5', 'big5'], [repeated, 'big5', 'big5'], [repeated, 'gb18030', 'gb18030']] as const) {
      const { meta, rows } = await read(write(iconv.encode(text, enc)));
      expect(meta.encoding, `${enc}: ${text.slice(0, 30)}`).toBe(want);
      expect(rows.map((r) => r.cells.join(',')).join('\n') + '\n').toBe(text.slice(text.indexOf('\n') + 1));
    }
  });

  it('Korean, Japanese and German files are refused naming their encoding, never read as Chinese', () => {
    for (const [text, enc] of [
      ['이름,전화번호,회사\n김민준,010-1234-5678,삼성전자\n이서연,010-9876-5432,현대자동차\n', 'euc-kr'],
      ['氏名,電話番号,会社\n山田太郎,090-1234-5678,株式会社トヨタ\n佐藤花子,080-9876-5432,ソニー株式会社\n', 'shift_jis'],
      ['Name,Straße,Telefon\nJürgen Größe,Hauptstraße 5,030123456\nÖzlem Şahin,Bahnhofstraße 9,040998877\n', 'windows-1252'],
    ] as const) {
      expect(() => chooseEncoding(iconv.encode(text, enc), undefined, 'x.csv'), enc).toThrow(
        expect.objectContaining({ kind: 'invalid_input', key: 'import.error.undecodable', params: expect.objectContaining({ likely: enc === 'windows-1252' ? 'latin1' : enc }) }),
      );
    }
  });

  it('a tiny GBK file whose bytes are also valid UTF-8 is read as gb18030; UTF-8 with accents stays UTF-8', async () => {
    // 职位 in GBK is D6B0 CEBB: two valid two-byte UTF-8 characters (ְλ).
    for (const text of ['QQ,职位\n', '状态,QQ\n']) {
      const bytes = iconv.encode(text, 'gbk');
      expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toBe(text);
      expect(chooseEncoding(bytes, undefined, 'x.csv'), text).toEqual({ name: 'gb18030', decoder: 'gb18030', guessed: true });
      expect((await read(write(bytes))).meta.headers.join(',')).toBe(text.trim());
    }
    // Accented names read as GBK touch Latin letters (M眉ller) or make no common word: still UTF-8.
    for (const text of ['Name,Phone\nMüller,030123\nJosé García,+34911\n', 'café,naïve,résumé\n', 'ü ö\n', 'Ελλάδα,Αθήνα\n', 'Москва\n', '£100,€20\n', 'name,phone\n']) {
      expect(chooseEncoding(Buffer.from(text), undefined, 'x.csv'), text).toEqual({ name: 'utf-8', decoder: 'utf-8', guessed: false });
    }
    expect(chooseEncoding(iconv.encode('QQ,职位\n', 'gbk'), 'utf-8', 'x.csv').name).toBe('utf-8');
  });

  it('a short GBK file forced to UTF-8 names gb18030 as the likely encoding', async () => {
    const p = write(iconv.encode('姓名,电话\r\n张伟,13800138001\r\n', 'gbk'));
    await expect(read(p, { encoding: 'utf-8' })).rejects.toMatchObject({ key: 'import.error.bad_bytes', params: { encoding: 'utf-8', likely: 'gb18030' } });
  });
});

describe('the common-character list', () => {
  it('pairs each simplified character with its traditional form, line for line, each in its encoding', () => {
    const s = SIMPLIFIED.trim().split('\n');
    const tr = TRADITIONAL.trim().split('\n');
    expect(tr.map((l) => [...l].length)).toEqual(s.map((l) => [...l].length));
    const inGb2312 = (c: string) => {
      const b = iconv.encode(c, 'gbk');
      return b.length === 2 && b[0] >= 0xa1 && b[1] >= 0xa1 && iconv.decode(b, 'gbk') === c;
    };
    const inBig5 = (c: string) => iconv.decode(iconv.encode(c, 'big5'), 'big5') === c;
    const han = (x: string) => [...x].filter((c) => /\p{Script=Han}/u.test(c));
    expect(han(SIMPLIFIED + SIMPLIFIED_WORDS).filter((c) => !inGb2312(c))).toEqual([]);
    expect(han(TRADITIONAL + TRADITIONAL_WORDS).filter((c) => !inBig5(c))).toEqual([]);
    expect(new Set(han(SIMPLIFIED)).size).toBe(han(SIMPLIFIED).length);
    for (const w of ['姓名', '電話', '电话', '手機', '手机', '地址', '公司', '郵箱', '邮箱', '備註', '备注', '客戶', '客户', '名稱', '名称', '標籤', '标签', '城市', '生日', '負責人', '负责人', '職稱', '职位', '聯絡', '联系', '國家', '国家']) {
      expect([...w].every((c) => COMMON_HAN.has(c)), w).toBe(true);
    }
  });
});

describe('import leads with a guessed encoding', () => {
  it('the short GBK file of the report imports with --country CN, its encoding reported as guessed', async () => {
    const { db, user } = testDbWithUser('admin');
    const s = await importLeads(db, user, { file: write(iconv.encode('姓名,电话\r\n张伟,13800138001\r\n', 'gbk'), 'gbk-tiny.csv'), country: 'CN' }, NOW);
    expect(s).toMatchObject({ inserted: 1, rejected: 0, encoding: 'gb18030', encoding_guessed: true, mapping: { 姓名: 'name', 电话: 'phone' } });
    expect(db.sqlite.prepare('select name, phone from leads').get()).toEqual({ name: '张伟', phone: '+8613800138001' });
  });

  it('no phone or email column under a guessed encoding: the error names the guess and the --encoding to try', async () => {
    const { db, user } = testDbWithUser('admin');
    const gbk = write(iconv.encode('姓名,备注\n张伟,老客户\n', 'gbk'));
    const err = await importLeads(db, user, { file: gbk, country: 'CN' }, NOW).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid_input', key: 'import.error.no_contact_column_guessed', params: { headers: '姓名, 备注', encoding: 'gb18030', other: 'big5' } });
    const { key, params } = err as { key: string; params: Record<string, string> };
    for (const [lang, words] of [['en', ['guessed as gb18030', '--encoding big5', '姓名, 备注', '--map']], ['zh-TW', ['gb18030', '--encoding big5']], ['zh-CN', ['gb18030', '--encoding big5']]] as const) {
      const text = t(key, params, lang);
      for (const w of words) expect(text, lang).toContain(w);
    }
    const big5 = write(iconv.encode('姓名,備註\n王小明,老客戶\n', 'big5'));
    await expect(importLeads(db, user, { file: big5 }, NOW)).rejects.toMatchObject({ key: 'import.error.no_contact_column_guessed', params: { encoding: 'big5', other: 'gb18030' } });
    // Not guessed (UTF-8, or --encoding): the plain message.
    await expect(importLeads(db, user, { file: write(Buffer.from('姓名,备注\n张伟,老客户\n')) }, NOW)).rejects.toMatchObject({ key: 'import.error.no_contact_column' });
    await expect(importLeads(db, user, { file: gbk, encoding: 'gbk' }, NOW)).rejects.toMatchObject({ key: 'import.error.no_contact_column' });
  });
});
