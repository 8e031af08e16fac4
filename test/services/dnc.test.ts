import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import type { User } from '../../src/core/types.js';
import { addDnc } from '../../src/db/repos/dnc.js';
import { addToDnc, checkDnc, importDnc, listDnc, removeFromDnc, toE164 } from '../../src/services/dnc.js';
import { importLeads } from '../../src/services/importLeads.js';
import { addUser } from '../../src/services/users.js';
import { testDbWithUser } from '../helpers/db.js';
import { tempDir } from '../helpers/cli.js';

const NOW = Date.UTC(2026, 10, 28, 2, 0);
let db: Db;
let admin: User;
let rep: User;
let dir: string;
const one = (sql: string, ...p: unknown[]) => db.sqlite.prepare(sql).pluck().get(...p);
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

beforeEach(async () => {
  ({ db, user: admin } = testDbWithUser('admin'));
  rep = addUser(db, admin, { username: 'rita', role: 'rep' }, NOW);
  dir = tempDir('repdesk-dnc-');
  await importLeads(db, admin, { file: file('leads.csv', 'name,phone,alt phone\n王小明,0912345678,02-2345-6789\nBob,0922333444,\n') }, NOW);
});

describe('do-not-call list', () => {
  it('add normalises the number, flags leads holding it (main or extra number) and is audited', () => {
    const r = addToDnc(db, rep, { number: '02 2345 6789', reason: '客戶要求' }, NOW);
    expect(r).toEqual({ phone: '+886223456789', added: true, leads_flagged: 1 });
    expect(one("select dnc from leads where name = '王小明'")).toBe(1);
    expect(addToDnc(db, rep, { number: '+886223456789' }, NOW).added).toBe(false);
    expect(one("select count(*) from audit_log where action = 'dnc.add'")).toBe(2);
    expect(() => addToDnc(db, rep, { number: '123' }, NOW)).toThrow(expect.objectContaining({ kind: 'invalid_input', key: 'dnc.error.bad_number' }));
  });

  it('a --country that is not a country is a usage error naming the option, before any number is judged', async () => {
    const bad = expect.objectContaining({ kind: 'usage', key: 'config.error.bad_value', params: { key: '--country', value: 'ZZ', expected: 'config.expected.country' } });
    expect(() => addToDnc(db, admin, { number: '+886 977 000 003', country: 'ZZ' }, NOW)).toThrow(bad);
    expect(() => removeFromDnc(db, admin, { number: '+886 977 000 003', country: 'ZZ' }, NOW)).toThrow(bad);
    expect(() => checkDnc(db, '+886 977 000 003', 'ZZ')).toThrow(bad);
    const f = file('cc.csv', 'phone\n+886 977 000 003\n0912000004\n');
    await expect(importDnc(db, admin, { file: f, country: 'ZZ' }, NOW)).rejects.toEqual(bad);
    expect(one('select count(*) from dnc')).toBe(0);
    // A real one, in any case, still works.
    expect(addToDnc(db, admin, { number: '0912000005', country: 'tw' }, NOW).phone).toBe('+886912000005');
  });

  it('check tells blocked or not, and why; also after removal', () => {
    expect(checkDnc(db, '0912345678')).toMatchObject({ phone: '+886912345678', blocked: false, removed_at: null, leads: [{ name: '王小明' }] });
    addToDnc(db, admin, { number: '0912345678', reason: 'asked', source: 'phone' }, NOW);
    expect(checkDnc(db, '+886 912 345 678')).toMatchObject({ blocked: true, reason: 'asked', source: 'phone', added_by: 'alice', added_at: NOW });
    removeFromDnc(db, admin, { number: '0912345678' }, NOW + 1000);
    expect(checkDnc(db, '0912345678')).toMatchObject({ blocked: false, removed_at: NOW + 1000 });
  });

  it('remove needs a team lead or admin, unflags leads without other blocked numbers, and is audited', () => {
    addToDnc(db, admin, { number: '0912345678' }, NOW);
    addToDnc(db, admin, { number: '0223456789' }, NOW);
    expect(() => removeFromDnc(db, rep, { number: '0912345678' }, NOW)).toThrow(expect.objectContaining({ kind: 'refused' }));
    // Still blocked through its other number.
    expect(removeFromDnc(db, admin, { number: '0912345678', reason: 'consent' }, NOW)).toMatchObject({ leads_unflagged: 0 });
    expect(one("select dnc from leads where name = '王小明'")).toBe(1);
    expect(removeFromDnc(db, admin, { number: '0223456789' }, NOW)).toMatchObject({ leads_unflagged: 1 });
    expect(one("select dnc from leads where name = '王小明'")).toBe(0);
    expect(one("select count(*) from audit_log where action = 'dnc.remove'")).toBe(2);
    expect(() => removeFromDnc(db, admin, { number: '0912345678' }, NOW)).toThrow(expect.objectContaining({ kind: 'not_found' }));
  });

  it('list shows active numbers newest first, removed ones on request', () => {
    addToDnc(db, admin, { number: '0912345678' }, NOW);
    addToDnc(db, admin, { number: '0922333444' }, NOW + 1);
    removeFromDnc(db, admin, { number: '0912345678' }, NOW + 2);
    expect(listDnc(db)).toMatchObject({ total: 1, rows: [{ phone: '+886922333444' }] });
    expect(listDnc(db, { includeRemoved: true }).rows.map((r) => r.phone)).toEqual(['+886922333444', '+886912345678']);
  });

  it('import dnc: numbers normalised, reasons kept, leads flagged, bad rows rejected with line; re-import refused', async () => {
    const f = file('optout.csv', '電話,原因\n0912-345-678,客戶要求\n+886 922 333 444,\n12345,\n0912345678,dup\n');
    const s = await importDnc(db, admin, { file: f, reason: 'opt-out form' }, NOW);
    expect(s).toMatchObject({ rows: 4, added: 2, duplicates_in_file: 1, rejected: 1, committed: true });
    expect(s.rejects[0]).toMatchObject({ line: 4, key: 'import.reject.bad_phone' });
    expect(checkDnc(db, '0922333444')).toMatchObject({ blocked: true, reason: 'opt-out form' });
    expect(checkDnc(db, '0912345678')).toMatchObject({ blocked: true, reason: '客戶要求' });
    expect(one('select count(*) from leads where dnc = 1')).toBe(2);
    await expect(importDnc(db, admin, { file: f }, NOW)).rejects.toMatchObject({ kind: 'refused' });
    await expect(importDnc(db, rep, { file: f, force: true }, NOW)).rejects.toMatchObject({ kind: 'refused' });
  });

  it('import dnc: a one-column file of bare numbers works; dry run writes nothing', async () => {
    const f = file('numbers.txt', '0933111222\n0944555666\n');
    const d = await importDnc(db, admin, { file: f, dryRun: true }, NOW);
    expect(d).toMatchObject({ rows: 2, added: 2, committed: false });
    expect(one('select count(*) from dnc')).toBe(0);
  });

  const snapshot = () => ({
    dnc: db.sqlite.prepare('select phone, reason, source, added_by, list_id, deleted_at, updated_at from dnc order by phone').all(),
    leads: db.sqlite.prepare('select name, dnc, updated_at from leads order by name').all(),
    lists: one("select count(*) from lists where kind = 'dnc'"),
    audit: one("select count(*) from audit_log where action = 'import.dnc'"),
  });

  it('import dnc --strict with a bad row leaves the list, the lead flags and the log as they were', async () => {
    addToDnc(db, admin, { number: '0933111222', reason: 'earlier' }, NOW - 1000);
    removeFromDnc(db, admin, { number: '0933111222' }, NOW - 500);
    const before = snapshot();
    const f = file('strict.csv', 'phone\n0912345678\n0933111222\nnot a number\n0222222222\n');
    const s = await importDnc(db, admin, { file: f, strict: true }, NOW);
    expect(s).toMatchObject({ rows: 4, rejected: 1, added: 0, committed: false, list_id: null });
    expect(snapshot()).toEqual(before);
    // Without --strict the same file goes in, bad row aside.
    expect(await importDnc(db, admin, { file: f }, NOW)).toMatchObject({ added: 3, rejected: 1, committed: true });
    expect(one("select dnc from leads where name = '王小明'")).toBe(1);
  });

  it('import dnc: a failure in the middle of the write leaves the table as before (one transaction)', async () => {
    addToDnc(db, admin, { number: '0922333444', reason: 'earlier' }, NOW - 1000);
    const before = snapshot();
    // The third new number cannot be written: everything the import did before it must go too.
    db.sqlite.exec("create temp trigger boom before insert on dnc when new.phone = '+886944555666' begin select raise(abort, 'disk says no'); end");
    const f = file('fail.csv', 'phone,reason\n0912345678,a\n0933111222,b\n0922333444,c\n0944555666,d\n0955666777,e\n');
    await expect(importDnc(db, admin, { file: f }, NOW)).rejects.toThrow('disk says no');
    expect(snapshot()).toEqual(before);
    db.sqlite.exec('drop trigger boom');
    expect(await importDnc(db, admin, { file: f }, NOW)).toMatchObject({ added: 4, already: 1, committed: true });
  });

  it('import dnc does to each number what adding it alone does (new, already listed, removed and back; main and extra numbers)', async () => {
    // 王小明 is reached only through his extra number here.
    const numbers = ['02-2345-6789', '0922333444', '0933111222'];
    addToDnc(db, admin, { number: '0922333444', reason: 'kept' }, NOW - 2000);
    addToDnc(db, admin, { number: '0933111222', reason: 'old' }, NOW - 2000);
    removeFromDnc(db, admin, { number: '0933111222' }, NOW - 1000);
    // The same numbers through the one-by-one path, in a twin database.
    const twin = testDbWithUser('admin');
    await importLeads(twin.db, twin.user, { file: file('leads2.csv', 'name,phone,alt phone\n王小明,0912345678,02-2345-6789\nBob,0922333444,\n') }, NOW);
    addToDnc(twin.db, twin.user, { number: '0922333444', reason: 'kept' }, NOW - 2000);
    addToDnc(twin.db, twin.user, { number: '0933111222', reason: 'old' }, NOW - 2000);
    removeFromDnc(twin.db, twin.user, { number: '0933111222' }, NOW - 1000);
    for (const n of numbers) addDnc(twin.db, { phone: toE164(twin.db, n), reason: 'form', source: 'import', addedBy: 'alice' }, NOW);

    const s = await importDnc(db, admin, { file: file('mix.csv', 'phone\n' + numbers.join('\n') + '\n'), reason: 'form' }, NOW);
    expect(s).toMatchObject({ rows: 3, added: 2, already: 1, rejected: 0 });
    expect(one("select dnc from leads where name = '王小明'")).toBe(1);
    const state = (d: Db) => ({
      dnc: d.sqlite.prepare('select phone, reason, source, added_by, deleted_at, created_at, updated_at from dnc order by phone').all(),
      leads: d.sqlite.prepare('select name, dnc, updated_at from leads order by name').all(),
    });
    expect(state(db)).toEqual(state(twin.db));
    // New entries carry the import's list; the revived one keeps its first list (none).
    expect(db.sqlite.prepare('select phone, list_id is not null as listed from dnc order by phone').all()).toEqual([
      { phone: '+886223456789', listed: 1 },
      { phone: '+886922333444', listed: 0 },
      { phone: '+886933111222', listed: 0 },
    ]);
  });
});

