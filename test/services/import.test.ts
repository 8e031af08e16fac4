import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { addDnc } from '../../src/db/repos/dnc.js';
import type { User } from '../../src/core/types.js';
import { countsOf, importLeads, type ImportLeadsOptions } from '../../src/services/importLeads.js';
import { REBUILD_MIN_ROWS } from '../../src/db/repos/importLeads.js';
import { rollbackImport } from '../../src/services/importRollback.js';
import { addUser } from '../../src/services/users.js';
import { testDbWithUser } from '../helpers/db.js';
import { tempDir } from '../helpers/cli.js';

const NOW = Date.UTC(2026, 10, 28, 2, 0);
let db: Db;
let admin: User;
let dir: string;
let n = 0;

function file(text: string | Buffer, ext = 'csv'): string {
  const p = path.join(dir, `f${++n}.${ext}`);
  fs.writeFileSync(p, text);
  return p;
}
const run = (f: string, opts: Partial<ImportLeadsOptions> = {}) => importLeads(db, admin, { file: f, ...opts }, NOW);
const leads = () => db.sqlite.prepare('select * from leads order by created_at, id').all() as Record<string, unknown>[];
const count = (sql: string, ...p: unknown[]) => db.sqlite.prepare(sql).pluck().get(...p) as number;

beforeEach(() => {
  ({ db, user: admin } = testDbWithUser('admin'));
  dir = tempDir('repdesk-import-');
});

describe('import leads', () => {
  it('an interrupted import (its signal aborted mid-file) stops with exit 130 and writes nothing; robot and DNC imports too', async () => {
    const ctl = new AbortController();
    const rows = Array.from({ length: 300 }, (_, i) => `客戶${i},09${String(10_000_000 + i).padStart(8, '0')}`);
    const f = file(`name,phone\n${rows.join('\n')}\n`);
    const stopped = await run(f, { signal: ctl.signal, batchSize: 50, onProgress: (done) => done >= 100 && ctl.abort() }).catch((e: unknown) => e);
    expect(stopped).toMatchObject({ kind: 'interrupted', key: 'import.error.interrupted', exitCode: 130 });
    expect(count('select count(*) from leads')).toBe(0);
    expect(count('select count(*) from lists')).toBe(0);
    expect(count("select count(*) from audit_log where action = 'import.leads'")).toBe(0);
    expect(await run(f)).toMatchObject({ inserted: 300, committed: true });
    const { importRobot } = await import('../../src/services/importRobot.js');
    const { importDnc } = await import('../../src/services/dnc.js');
    const robot = file('phone,call time,duration,result\n0911000001,2026-11-27 10:00:00,30,connected\n');
    await expect(importRobot(db, admin, { file: robot, timezone: 'Asia/Taipei', signal: ctl.signal }, NOW)).rejects.toMatchObject({ kind: 'interrupted' });
    await expect(importDnc(db, admin, { file: file('phone\n0911000002\n'), signal: ctl.signal }, NOW)).rejects.toMatchObject({ kind: 'interrupted' });
    expect(count("select count(*) from lists where kind in ('robot', 'dnc')")).toBe(0);
    expect(count('select count(*) from dnc')).toBe(0);
  });

  it('imports, normalises and records the list with checksum, encoding, mapping and counts; audited', async () => {
    const s = await run(file('姓名,手機,Email,公司,生日,標籤\n王小明,0912-345-678,W@X.co,台積電,1990/3/12,VIP\nBob,(02) 2345-6789 ext 5,,Acme,,\n'), { list: 'Expo', source: 'expo', tags: ['2026'] });
    expect(s).toMatchObject({ list: 'Expo', rows: 2, inserted: 2, rejected: 0, committed: true, encoding: 'utf-8', format: 'csv', mapping: { 姓名: 'name', 手機: 'phone', Email: 'email', 公司: 'company', 生日: 'birthday', 標籤: 'tags' } });
    const [a, b] = leads();
    expect(a).toMatchObject({ name: '王小明', phone: '+886912345678', phone_raw: '0912-345-678', phone_type: 'mobile', email: 'w@x.co', birthday: '1990-03-12', tags: '["VIP","2026"]', source: 'expo', timezone: 'Asia/Taipei', country: 'TW', list_id: s.list_id, status: 'new', dnc: 0 });
    expect(b).toMatchObject({ phone: '+886223456789', phone_ext: '5', phone_type: 'fixed_line' });
    const list = db.sqlite.prepare('select * from lists where id = ?').get(s.list_id) as Record<string, string>;
    expect(list).toMatchObject({ name: 'Expo', kind: 'leads', sha256: s.sha256, encoding: 'utf-8', format: 'csv', created_by: admin.id });
    expect(JSON.parse(list.counts)).toMatchObject({ rows: 2, inserted: 2 });
    expect(count("select count(*) from audit_log where action = 'import.leads' and entity_id = ?", s.list_id)).toBe(1);
  });

  it('the default list name is the file name and the local date', async () => {
    const f = file('phone\n0912345678\n');
    const s = await run(f);
    expect(s.list).toBe(`${path.basename(f)} 2026-11-28`);
  });

  it('+886, 0912, 00886, 886… and full-width forms of one number become one lead', async () => {
    const s = await run(file('name,phone\nA,0912345678\nB,+886 912 345 678\nC,００８８６９１２３４５６７８\nD,886-912-345-678\nE,０９１２－３４５－６７８\nF,0922333444\n'));
    expect(s).toMatchObject({ inserted: 2, duplicates_in_file: 4 });
    expect(leads().map((l) => l.phone)).toEqual(['+886912345678', '+886922333444']);
  });

  it('an alternative phone column is a second number of the lead and counts for dedupe', async () => {
    const s = await run(file('name,電話,電話\nA,0912345678,02-2345-6789\nB,0922333444,0912-345-678\nC,,0933111222\n'));
    expect(s).toMatchObject({ inserted: 2, duplicates_in_file: 1, duplicate_headers: ['電話'] });
    expect(count("select count(*) from lead_phones where phone = '+886223456789'")).toBe(1);
    expect(leads()[1]).toMatchObject({ name: 'C', phone: '+886933111222' });
  });

  it('email-only rows dedupe by email', async () => {
    const s = await run(file('name,email\nA,a@x.co\nB,A@X.CO\nC,c@x.co\n'));
    expect(s).toMatchObject({ inserted: 2, duplicates_in_file: 1 });
    const again = await run(file('name,email,note\nA2,a@x.co,\n'));
    expect(again).toMatchObject({ inserted: 0, duplicates_existing: 1 });
  });

  it('rejects invalid rows with line and reason and imports the valid ones', async () => {
    const s = await run(file('name,phone,email\nA,0912345678,\nB,12,\nC,,bad@\nD,,\nE,0922333444,e@x.co,extra\n'));
    expect(s).toMatchObject({ rows: 5, inserted: 1, rejected: 4, committed: true });
    expect(s.rejects.map((r) => [r.line, r.key])).toEqual([
      [3, 'import.reject.bad_phone'],
      [4, 'import.reject.bad_email'],
      [5, 'import.reject.no_contact'],
      [6, 'import.reject.ragged'],
    ]);
  });

  it('a 1 MB field rejects its row only; formula-like cells are kept and counted', async () => {
    const s = await run(file(`name,phone,notes\nA,0912345678,"${'x'.repeat(1024 * 1024)}"\n=HYPERLINK("http://x"),0922333444,@SUM(1)\n`));
    expect(s).toMatchObject({ inserted: 1, rejected: 1, suspicious: 1 });
    expect(s.rejects[0]).toMatchObject({ line: 2, key: 'import.reject.too_long' });
    expect(leads()[0]).toMatchObject({ name: '=HYPERLINK("http://x")', notes: '@SUM(1)' });
  });

  it('GBK, Big5, UTF-16 and BOM files import the same Chinese names', async () => {
    const text = '姓名,電話\r\n王小明,0912345678\r\n陳大文,0922333444\r\n';
    for (const bytes of [iconv.encode(text, 'gbk'), iconv.encode(text, 'big5'), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]) {
      ({ db, user: admin } = testDbWithUser('admin'));
      const s = await run(file(bytes));
      expect(s.inserted).toBe(2);
      expect(leads().map((l) => l.name)).toEqual(['王小明', '陳大文']);
    }
  });

  it('a file without a phone or email column is an error listing the headers and the --map syntax', async () => {
    await expect(run(file('聯絡方式,名字\n0912345678,A\n'))).rejects.toMatchObject({ kind: 'invalid_input', key: 'import.error.no_contact_column', params: { headers: '聯絡方式, 名字' } });
    expect(count('select count(*) from lists')).toBe(0);
    const s = await run(file('聯絡方式,名字\n0912345678,A\n'), { map: '聯絡方式=phone,名字=name' });
    expect(s.inserted).toBe(1);
    await expect(run(file('a,b\n1,2\n'), { map: 'Nope=phone' })).rejects.toMatchObject({ kind: 'usage', key: 'import.error.map_unknown_header' });
  });

  it('--save-mapping and --mapping reuse a mapping', async () => {
    await run(file('聯絡方式,名字\n0912345678,A\n'), { map: '聯絡方式=phone,名字=name', saveMapping: 'vendor-x' });
    const s = await run(file('聯絡方式,名字\n0922333444,B\n'), { mapping: 'vendor-x' });
    expect(s).toMatchObject({ inserted: 1, mapping: { 聯絡方式: 'phone', 名字: 'name' } });
    await expect(run(file('phone\n0933111222\n'), { mapping: 'nope' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('header only and empty files are errors and leave nothing behind', async () => {
    await expect(run(file('name,phone\n'))).rejects.toMatchObject({ key: 'import.error.no_rows' });
    await expect(run(file(''))).rejects.toMatchObject({ key: 'import.error.empty' });
    expect(count('select count(*) from lists')).toBe(0);
  });

  it('importing the same file again is refused unless --force; after a rollback it is allowed', async () => {
    const f = file('name,phone\nA,0912345678\n');
    const first = await run(f);
    await expect(run(f)).rejects.toMatchObject({ kind: 'refused', key: 'import.error.already_imported' });
    expect(count('select count(*) from lists')).toBe(1);
    const forced = await run(f, { force: true });
    expect(forced).toMatchObject({ inserted: 0, duplicates_existing: 1, committed: true });
    rollbackImport(db, admin, forced.list_id!, NOW);
    rollbackImport(db, admin, first.list_id!, NOW);
    expect((await run(f)).inserted).toBe(1);
  });

  describe('duplicates against the database', () => {
    beforeEach(async () => {
      await run(file('name,phone,company,title,tags,預算\n王小明,0912345678,台積電,,VIP,10\n'), { list: 'first' });
    });
    const second = 'name,phone,company,title,tags,預算,行業\nWang,+886912345678,鴻海,經理,新客,20,半導體\n';

    it('skip (default) leaves the lead as it was', async () => {
      const s = await run(file(second));
      expect(s).toMatchObject({ inserted: 0, duplicates_existing: 1, updated: 0, merged: 0 });
      expect(leads()[0]).toMatchObject({ name: '王小明', company: '台積電', tags: '["VIP"]' });
    });

    it('update overwrites with the file’s non-empty values; rollback restores them', async () => {
      const s = await run(file(second), { onDuplicate: 'update' });
      expect(s).toMatchObject({ updated: 1, duplicates_existing: 1 });
      expect(leads()[0]).toMatchObject({ name: 'Wang', company: '鴻海', title: '經理', tags: '["新客"]', custom: '{"預算":"20","行業":"半導體"}' });
      const r = rollbackImport(db, admin, s.list_id!, NOW + 1);
      expect(r).toMatchObject({ restored: 1, removed: 0 });
      expect(leads()[0]).toMatchObject({ name: '王小明', company: '台積電', title: null, tags: '["VIP"]', custom: '{"預算":"10"}' });
    });

    it('--owner fills an empty owner on merge but does not overwrite on update; an owner column does', async () => {
      const bob = addUser(db, admin, { username: 'bob', role: 'rep' }, NOW);
      const carol = addUser(db, admin, { username: 'carol', role: 'rep' }, NOW);
      await run(file(second), { onDuplicate: 'update', owner: 'bob' });
      expect(leads()[0].owner_id).toBeNull();
      await run(file(second + '\n'), { onDuplicate: 'merge', owner: 'bob' });
      expect(leads()[0].owner_id).toBe(bob.id);
      await run(file('phone,owner\n0912345678,carol\n'), { onDuplicate: 'update', owner: 'bob' });
      expect(leads()[0].owner_id).toBe(carol.id);
    });

    it('merge fills empty fields and unions tags', async () => {
      const s = await run(file(second), { onDuplicate: 'merge' });
      expect(s).toMatchObject({ merged: 1 });
      expect(leads()[0]).toMatchObject({ name: '王小明', company: '台積電', title: '經理', tags: '["VIP","新客"]', custom: '{"預算":"10","行業":"半導體"}' });
    });
  });

  it('a number repeated in the file that is already in the database counts once as existing, then as in-file', async () => {
    await run(file('name,phone\nA,0912345678\n'));
    const s = await run(file('name,phone\nA2,0912-345-678\nA3,+886912345678\nB,0922333444\nB2,0922333444\n'), { onDuplicate: 'update' });
    expect(s).toMatchObject({ inserted: 1, duplicates_existing: 1, duplicates_in_file: 2, updated: 1 });
    expect(leads()[0].name).toBe('A2');
  });

  it('every rejected row reaches onReject with its cells; the summary keeps the first 1000', async () => {
    const bad = Array.from({ length: 1005 }, (_, i) => `X${i},12`).join('\n');
    const seen: number[] = [];
    const s = await run(file(`name,phone\n${bad}\n`), { onReject: (r, headers) => { seen.push(r.line); expect(headers).toEqual(['name', 'phone']); expect(r.cells).toEqual([`X${r.line - 2}`, '12']); } });
    expect(s.rejected).toBe(1005);
    expect(s.rejects).toHaveLength(1000);
    expect(s.rejects[0].cells).toBeUndefined();
    expect(seen).toHaveLength(1005);
    expect(seen[1004]).toBe(1006);
  });

  it('rollback removes new leads without history, keeps those with calls and reports it', async () => {
    const s = await run(file('name,phone\nA,0912345678\nB,0922333444\n'), { list: 'L' });
    const b = leads()[1].id as string;
    db.sqlite.prepare("insert into calls (id, lead_id, channel, started_at, duration_s, answers, etiquette, compliance, created_at, updated_at) values ('c1', ?, 'phone', 1, 0, '{}', '[]', '[]', 1, 1)").run(b);
    const r = rollbackImport(db, admin, 'L', NOW);
    expect(r).toMatchObject({ removed: 1, keptWithHistory: 1 });
    expect(leads().map((l) => l.name)).toEqual(['B']);
    expect(() => rollbackImport(db, admin, 'L', NOW)).toThrow(expect.objectContaining({ key: 'import.error.already_rolled_back' }));
    expect(() => rollbackImport(db, admin, 'nope', NOW)).toThrow(expect.objectContaining({ kind: 'not_found' }));
    expect(count("select count(*) from audit_log where action = 'import.rollback'")).toBe(1);
    expect(s.list_id).toBeTruthy();
  });

  it('numbers on the DNC list are imported flagged, or skipped with --skip-dnc; counted either way', async () => {
    db.write(() => addDnc(db, { phone: '+886912345678', reason: 'asked', source: 'manual', addedBy: 'alice' }, NOW));
    const s = await run(file('name,phone\nA,0912-345-678\nB,0922333444\n'));
    expect(s).toMatchObject({ inserted: 2, dnc: 1, dnc_skipped: 0 });
    expect(leads().map((l) => l.dnc)).toEqual([1, 0]);
    ({ db, user: admin } = testDbWithUser('admin'));
    db.write(() => addDnc(db, { phone: '+886912345678', reason: 'asked', source: 'manual', addedBy: 'alice' }, NOW));
    const t = await run(file('name,phone\nA,0912-345-678\nB,0922333444\n'), { skipDnc: true });
    expect(t).toMatchObject({ inserted: 1, dnc: 1, dnc_skipped: 1 });
  });

  it('--strict imports nothing when a row is invalid; --dry-run writes nothing and reports the same counts', async () => {
    const f = file('name,phone\nA,0912345678\nB,12\n');
    const s = await run(f, { strict: true });
    expect(s).toMatchObject({ rejected: 1, inserted: 0, committed: false, list: null });
    expect(count('select count(*) from leads') + count('select count(*) from lists')).toBe(0);
    const d = await run(f, { dryRun: true });
    expect(d).toMatchObject({ rejected: 1, inserted: 1, dry_run: true, committed: false });
    expect(count('select count(*) from leads') + count('select count(*) from lists') + count("select count(*) from audit_log where action like 'import%'")).toBe(0);
  });

  it('--owner, --assign round-robin and an owner column; unknown owners are rejected rows or usage errors', async () => {
    const bob = addUser(db, admin, { username: 'bob', role: 'rep' }, NOW);
    const carol = addUser(db, admin, { username: 'carol', role: 'rep' }, NOW);
    await run(file('phone\n0911000001\n'), { owner: 'bob' });
    await run(file('phone\n0911000002\n0911000003\n0911000004\n'), { assign: 'round-robin:bob,carol' });
    const s = await run(file('phone,負責人\n0911000005,carol\n0911000006,zed\n'), { owner: 'bob' });
    expect(leads().map((l) => l.owner_id)).toEqual([bob.id, bob.id, carol.id, bob.id, carol.id]);
    expect(s.rejects[0]).toMatchObject({ key: 'import.reject.unknown_owner', params: { value: 'zed' } });
    await expect(run(file('phone\n0911000007\n'), { owner: 'zed' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(run(file('phone\n0911000008\n'), { assign: 'bob,carol' })).rejects.toMatchObject({ kind: 'usage', key: 'import.error.assign_syntax' });
  });

  it('--country reads national numbers of another region; birthdays with --date-format and --roc-dates', async () => {
    const s = await run(file('phone,birthday\n(415) 555-0100,12/03/1990\n212-555-0199,03/04/1985\n'), { country: 'US', dateFormat: 'mdy' });
    expect(s.inserted).toBe(2);
    expect(leads().map((l) => [l.phone, l.birthday, l.country])).toEqual([['+14155550100', '1990-12-03', 'US'], ['+12125550199', '1985-03-04', 'US']]);
    const r = await run(file('phone,生日\n0912345678,79/03/12\n'), { rocDates: true });
    expect(r.inserted).toBe(1);
    expect(leads()[2].birthday).toBe('1990-03-12');
  });

  it('staged leads are merged with their indexes; no staging table outlives the import; a failure leaves nothing', async () => {
    const indexes = () => db.sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'leads' order by name").all();
    const temps = () => db.sqlite.prepare("select name from sqlite_temp_master where type = 'table'").pluck().all();
    const before = indexes();
    expect(before.length).toBeGreaterThan(4);
    const s = await run(file('name,phone,alt phone,email\nA,0912345678,0955111222,a@x.tw\nB,0922333444,,\n'));
    expect(s.inserted).toBe(2);
    expect(indexes()).toEqual(before);
    expect(temps()).toEqual([]);
    expect(db.sqlite.prepare('select count(*) from leads indexed by leads_list_idx where list_id = ?').pluck().get(s.list_id)).toBe(2);
    expect(db.sqlite.prepare('select name from leads indexed by leads_phone_idx where phone = ?').pluck().get('+886922333444')).toBe('B');
    expect(db.sqlite.prepare('select name from leads indexed by leads_email_idx where email = ?').pluck().get('a@x.tw')).toBe('A');
    expect(db.sqlite.prepare('select l.name from lead_phones p join leads l on l.id = p.lead_id where p.phone = ?').pluck().get('+886955111222')).toBe('A');
    await expect(run(file('name,phone\nC,0933111222\n"D,0944555666\n'))).rejects.toMatchObject({ key: 'import.error.unclosed_quote' });
    expect(indexes()).toEqual(before);
    expect(temps()).toEqual([]);
    expect(count('select count(*) from leads')).toBe(2);
    // The next import on the same connection stages again from empty.
    const t = await run(file('name,phone\nC,0933111222\n'));
    expect(t.inserted).toBe(1);
    expect(count('select count(*) from leads')).toBe(3);
    // A large import against the table rebuilds the number and email indexes after the merge.
    const big = ['name,phone,email', ...Array.from({ length: REBUILD_MIN_ROWS }, (_, i) => `王${i},09${String(30_000_000 + i)},w${i}@x.tw`)];
    const u = await run(file(big.join('\n') + '\n'));
    expect(u.inserted).toBe(REBUILD_MIN_ROWS);
    expect(indexes()).toEqual(before);
    expect(db.sqlite.prepare('select name from leads indexed by leads_phone_idx where phone = ?').pluck().get('+886930000007')).toBe('王7');
    expect(db.sqlite.prepare('select name from leads indexed by leads_email_idx where email = ?').pluck().get('w19999@x.tw')).toBe('王19999');
    expect(db.sqlite.prepare('select count(*) from leads indexed by leads_phone_idx where phone > ?').pluck().get('')).toBe(REBUILD_MIN_ROWS + 3);
  });

  it('in-file duplicates by any number or email are found among staged rows, at any distance in the file', async () => {
    const rows = ['name,phone,alt phone,email'];
    for (let i = 0; i < 3000; i++) rows.push(`P${i},09${String(10_000_000 + i)},,p${i}@x.tw`);
    rows.push('dupMain,+886910000005,,');
    rows.push('dupEmail,,,p2999@x.tw');
    rows.push('alt,0988000001,0988000002,');
    rows.push('dupAlt,0988000002,,');
    rows.push('newEmail,,,fresh@x.tw');
    rows.push('dupNewEmail,,,FRESH@x.tw');
    const s = await run(file(rows.join('\n') + '\n'), { batchSize: 100 });
    expect(s).toMatchObject({ rows: 3006, inserted: 3002, duplicates_in_file: 4, duplicates_existing: 0 });
    expect(count('select count(*) from leads')).toBe(3002);
    expect(count('select count(*) from lead_phones')).toBe(1);
  });

  it('reports progress by rows and share of the input read (JSON counts both passes), then the writing phase', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ name: `P${i}`, phone: `09${String(10_000_000 + i)}` }));
    for (const [text, ext] of [[['name,phone', ...rows.map((r) => `${r.name},${r.phone}`)].join('\n') + '\n', 'csv'], [JSON.stringify(rows), 'json']] as const) {
      const seen: [number, number | null][] = [];
      const writing: number[] = [];
      const s = await run(file(text, ext), { batchSize: 500, onProgress: (n, f) => seen.push([n, f]), onWriting: (n) => writing.push(n), force: true });
      expect(seen.map(([n]) => n)).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
      const fractions = seen.map(([, f]) => f as number);
      expect(fractions.every((f, i) => f > 0 && f <= 1 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
      expect(fractions.at(-1)).toBe(1);
      // JSON is read twice (headers, then rows): the rows arrive in the second half.
      if (ext === 'json') expect(fractions[0]).toBeGreaterThanOrEqual(0.5);
      expect(writing).toEqual([s.inserted]);
      db.sqlite.exec('delete from leads');
    }
    const writing: number[] = [];
    await run(file('name,phone\nA,0912345678\n'), { dryRun: true, onWriting: (n) => writing.push(n) });
    expect(writing).toEqual([]);
  });

  it('past its memory budget the in-file key index spills to disk: same answers, nothing left behind', async () => {
    const rows = ['name,phone,alt phone,email'];
    for (let i = 0; i < 4000; i++) rows.push(`P${i},09${String(10_000_000 + i)},,p${i}@x.tw`);
    rows.push('dupMain,+886910000005,,', 'dupEmail,,,p3999@x.tw', 'alt,0988000001,0988000002,', 'dupAlt,0988000002,,', 'dupEarly,0910000001,,');
    const text = rows.join('\n') + '\n';
    const temps = () => db.sqlite.prepare("select name from sqlite_temp_master where type = 'table'").pluck().all() as string[];
    let spilled = false;
    const onProgress = () => {
      spilled ||= temps().includes('import_claimed_keys');
    };
    const inMemory = await run(file(text), { batchSize: 500, dryRun: true, onProgress });
    expect(spilled).toBe(false);
    const small = await run(file(text), { batchSize: 500, claimedKeysMemory: 16 * 1024, onProgress, force: true });
    expect(spilled).toBe(true);
    expect(temps()).toEqual([]);
    expect(small).toMatchObject({ rows: 4005, inserted: 4001, duplicates_in_file: 4, duplicates_existing: 0, committed: true });
    expect(countsOf(small)).toEqual(countsOf(inMemory));
    expect(count('select count(*) from leads')).toBe(4001);
    // A dry run that spilled rolls the keys back with everything else.
    spilled = false;
    const fresh = await run(file(text.replace(/,09100/g, ',09200').replace(/@x\.tw/g, '@y.tw')), { batchSize: 500, claimedKeysMemory: 16 * 1024, onProgress, dryRun: true });
    expect(fresh).toMatchObject({ inserted: 4000, duplicates_existing: 2, committed: false });
    expect(spilled).toBe(true);
    expect(temps()).toEqual([]);
  });

  it('update/merge: numbers added to an existing lead are recorded and removed by rollback; its own number is not added again', async () => {
    await run(file('name,phone\nA,0912345678\n'), { list: 'first' });
    const s = await run(file('name,phone,alt phone\nA2,0912-345-678,0955000111\n'), { onDuplicate: 'merge', list: 'second' });
    expect(s).toMatchObject({ duplicates_existing: 1, merged: 1, inserted: 0 });
    expect(db.sqlite.prepare('select phone from lead_phones').pluck().all()).toEqual(['+886955000111']);
    // The added number finds the lead now: a later import counts it as existing.
    const again = await run(file('name,phone\nX,0955000111\n'));
    expect(again).toMatchObject({ duplicates_existing: 1, inserted: 0 });
    const r = rollbackImport(db, admin, 'second', NOW + 1);
    expect(r).toMatchObject({ restored: 1, phonesRemoved: 1, removed: 0 });
    expect(count('select count(*) from lead_phones')).toBe(0);
    expect(leads()).toHaveLength(1);
    expect(leads()[0]).toMatchObject({ name: 'A', phone: '+886912345678' });
    // A row that only repeats the lead's own number changes nothing.
    const same = await run(file('name,phone\nA,+886912345678\n'), { onDuplicate: 'merge' });
    expect(same).toMatchObject({ duplicates_existing: 1, merged: 0 });
    expect(count('select count(*) from lead_phones')).toBe(0);
    expect(count('select count(*) from import_changes where list_id = ?', same.list_id)).toBe(0);
  });

  it('a failure mid-file (bad bytes after valid rows) leaves the database exactly as before', async () => {
    await run(file('name,phone\nKeep,0911999999\n'));
    const before = count('select count(*) from leads');
    const good = 'name,phone\n' + Array.from({ length: 60_000 }, (_, i) => `王${i},09${String(20_000_000 + i)}`).join('\n') + '\n';
    const bad = Buffer.concat([Buffer.from(good), iconv.encode('陳大文,0922333444\n', 'big5')]);
    await expect(run(file(bad), { batchSize: 1000 })).rejects.toMatchObject({ key: 'import.error.bad_bytes' });
    expect(count('select count(*) from leads')).toBe(before);
    expect(count('select count(*) from lists')).toBe(1);
    expect(db.sqlite.inTransaction).toBe(false);
  });
});
