import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { setSetting } from '../../src/db/repos/settings.js';
import type { User } from '../../src/core/types.js';
import { importLeads } from '../../src/services/importLeads.js';
import { importRobot } from '../../src/services/importRobot.js';
import { rollbackImport } from '../../src/services/importRollback.js';
import { addUser } from '../../src/services/users.js';
import { testDbWithUser } from '../helpers/db.js';
import { tempDir } from '../helpers/cli.js';

// Friday 2026-11-27 14:00 in Taipei.
const NOW = Date.UTC(2026, 10, 27, 6, 0);
let db: Db;
let admin: User;
let dir: string;
let n = 0;
const file = (text: string) => {
  const p = path.join(dir, `r${++n}.csv`);
  fs.writeFileSync(p, text);
  return p;
};
const all = (sql: string, ...p: unknown[]) => db.sqlite.prepare(sql).all(...p) as Record<string, unknown>[];
const one = (sql: string, ...p: unknown[]) => db.sqlite.prepare(sql).pluck().get(...p);

const ROBOT = [
  '被叫號碼,呼叫時間,通話時長,呼叫結果,掛斷方,意向等級,對話輪次,通話摘要,錄音連結',
  '0912345678,2026-11-27 10:00:00,95,已接通,客戶,A,6,想了解方案,https://rec/1',
  '0922333444,2026-11-27 10:05:00,1:10,已接通,機器人,有意向,4,,',
  '0933111222,2026-11-27 10:10:00,40,已接通,客戶,B級,3,下週再聯絡,',
  '0944555666,2026-11-27 10:15:00,20,已接通,客戶,拒絕,2,不要再打來,',
  '0955666777,2026-11-27 10:20:00,0,空號,,,,,',
  '0966777888,2026-11-27 10:25:00,0,關機,,,,,',
  '0977888999,2026-11-27 10:30:00,0,無人接聽,,,,,',
  'abc,2026-11-27 10:35:00,0,無人接聽,,,,,',
  '0988999000,someday,0,無人接聽,,,,,',
].join('\n') + '\n';

beforeEach(() => {
  ({ db, user: admin } = testDbWithUser('admin'));
  dir = tempDir('repdesk-robot-');
});

describe('import robot', () => {
  it('records robot calls, sets grades, marks numbers, sends refusals to DNC and creates follow-ups', async () => {
    const bob = addUser(db, admin, { username: 'bob', role: 'rep' }, NOW);
    await importLeads(db, admin, { file: file('name,phone\n王小明,0912345678\n'), owner: 'bob' }, NOW);
    const s = await importRobot(db, admin, { file: file(ROBOT), timezone: 'Asia/Taipei' }, NOW);
    expect(s).toMatchObject({ rows: 9, calls: 7, leads_created: 6, grades_set: 4, followups: 3, dnc: 1, invalid_numbers: 1, powered_off: 1, rejected: 2, committed: true });
    expect(s.rejects.map((r) => [r.line, r.key])).toEqual([[9, 'import.reject.bad_phone'], [10, 'import.reject.bad_call_time']]);

    const wang = all("select * from leads where phone = '+886912345678'")[0];
    expect(wang).toMatchObject({ name: '王小明', intent_grade: 'A', owner_id: bob.id });
    const call = all('select * from calls where lead_id = ?', wang.id)[0];
    expect(call).toMatchObject({ channel: 'robot', started_at: Date.UTC(2026, 10, 27, 2, 0), duration_s: 95, disposition: 'interested', hung_up_by: '客戶', intent_grade: 'A', rounds: 6, summary: '想了解方案', recording_url: 'https://rec/1', external_key: '+886912345678@2026-11-27T02:00:00.000Z' });

    const fus = all("select f.*, l.phone from followups f join leads l on l.id = f.lead_id where f.kind = 'robot' order by l.phone");
    expect(fus.map((f) => [f.phone, f.due_at, f.rep_id])).toEqual([
      ['+886912345678', NOW + 2 * 3600_000, bob.id],
      ['+886922333444', NOW + 2 * 3600_000, null],
      ['+886933111222', Date.UTC(2026, 10, 30, 2, 0), null], // Monday 10:00 Taipei
    ]);
    expect(one("select count(*) from dnc where phone = '+886944555666' and source = 'robot' and deleted_at is null")).toBe(1);
    expect(all("select dnc, intent_grade from leads where phone = '+886944555666'")[0]).toEqual({ dnc: 1, intent_grade: 'F' });
    expect(all("select status from leads where phone = '+886955666777'")[0]).toEqual({ status: 'invalid' });
    expect(all("select tags from leads where phone = '+886966777888'")[0]).toEqual({ tags: '["powered_off"]' });
    expect(one("select count(*) from audit_log where action = 'import.robot'")).toBe(1);
    // Eligibility is recomputed from the new calls (no answer at 10:30 Taipei: retry delay applies).
    expect(one("select next_eligible_at from leads where phone = '+886977888999'")).toBeGreaterThan(Date.UTC(2026, 10, 27, 2, 30));
  });

  it('robot calls that broke a calling rule go into the violation ledger, once', async () => {
    const { addDnc } = await import('../../src/db/repos/dnc.js');
    addDnc(db, { phone: '+886912000111', reason: 'customer request', source: 'manual', addedBy: 'alice' }, Date.UTC(2026, 10, 1));
    const text = [
      'phone,call_time,result',
      '0912000111,2026-11-27 10:00:00,no answer', // on the DNC list since 1 November
      '0912000222,2026-11-27 22:30:00,no answer', // 22:30 in Taipei: outside every calling window
      '0912000333,2026-11-27 11:00:00,no answer', // fine
    ].join('\n') + '\n';
    const s = await importRobot(db, admin, { file: file(text), timezone: 'Asia/Taipei' }, NOW);
    expect(s.violations).toBe(2);
    const rules = all('select v.rule, l.phone from violations v join leads l on l.id = v.lead_id order by l.phone').map((r) => `${r.phone} ${r.rule}`);
    expect(rules).toEqual(['+886912000111 dnc', '+886912000222 outside_window']);
    await importRobot(db, admin, { file: file(text), timezone: 'Asia/Taipei', force: true }, NOW + 60_000);
    expect(one('select count(*) from violations')).toBe(2);
  });

  it('is idempotent by phone and call time: a re-import (--force) adds nothing', async () => {
    await importRobot(db, admin, { file: file(ROBOT), timezone: 'Asia/Taipei' }, NOW);
    const f = file(ROBOT.replace('被叫號碼', '被叫號碼 ')); // another file, same calls
    const again = await importRobot(db, admin, { file: f, timezone: 'Asia/Taipei' }, NOW + 60_000);
    expect(again).toMatchObject({ calls: 0, already_imported: 7, followups: 0, leads_created: 0 });
    expect(one('select count(*) from calls')).toBe(7);
    expect(one('select count(*) from followups')).toBe(3);
  });

  it('the same file twice is refused unless --force', async () => {
    const f = file(ROBOT);
    await importRobot(db, admin, { file: f, timezone: 'Asia/Taipei' }, NOW);
    await expect(importRobot(db, admin, { file: f, timezone: 'Asia/Taipei' }, NOW)).rejects.toMatchObject({ kind: 'refused' });
    expect((await importRobot(db, admin, { file: f, timezone: 'Asia/Taipei', force: true }, NOW)).already_imported).toBe(7);
  });

  it('grade A hours and grade B time come from the configuration', async () => {
    setSetting(db, 'robot.grade_a_hours', 4, NOW);
    setSetting(db, 'robot.grade_b_time', '09:30', NOW);
    await importRobot(db, admin, { file: file(ROBOT), timezone: 'Asia/Taipei' }, NOW);
    const due = all("select l.intent_grade as g, f.due_at as due from followups f join leads l on l.id = f.lead_id order by l.phone").map((r) => [r.g, r.due]);
    expect(due).toEqual([['A', NOW + 4 * 3600_000], ['A', NOW + 4 * 3600_000], ['B', Date.UTC(2026, 10, 30, 1, 30)]]);
  });

  it('missing phone or call time columns are an error naming them; --map fixes it', async () => {
    const text = 'number,when\n0912345678,2026-11-27 10:00\n';
    await expect(importRobot(db, admin, { file: file(text) }, NOW)).rejects.toMatchObject({ key: 'import.error.robot_columns', params: { missing: 'call_time' } });
    const s = await importRobot(db, admin, { file: file(text), map: 'when=call_time', timezone: 'Asia/Taipei' }, NOW);
    expect(s.calls).toBe(1);
  });

  it('--strict and --dry-run write nothing; a rep may not import robot results', async () => {
    const s = await importRobot(db, admin, { file: file(ROBOT), strict: true, timezone: 'Asia/Taipei' }, NOW);
    expect(s).toMatchObject({ committed: false, calls: 0, rejected: 2 });
    const d = await importRobot(db, admin, { file: file(ROBOT), dryRun: true, timezone: 'Asia/Taipei' }, NOW);
    expect(d).toMatchObject({ committed: false, calls: 7 });
    expect(one('select count(*) from calls') as number + (one('select count(*) from leads') as number) + (one('select count(*) from lists') as number)).toBe(0);
    const rep = addUser(db, admin, { username: 'rita', role: 'rep' }, NOW);
    await expect(importRobot(db, rep, { file: file(ROBOT) }, NOW)).rejects.toMatchObject({ kind: 'refused' });
  });

  it('rollback of a robot list removes its calls, open follow-ups and the leads it created', async () => {
    await importLeads(db, admin, { file: file('name,phone\n王小明,0912345678\n') }, NOW);
    const s = await importRobot(db, admin, { file: file(ROBOT), timezone: 'Asia/Taipei' }, NOW);
    const r = rollbackImport(db, admin, s.list_id!, NOW);
    expect(r).toMatchObject({ callsRemoved: 7, followupsRemoved: 3, removed: 6 });
    expect(one('select count(*) from calls')).toBe(0);
    expect(one('select count(*) from leads')).toBe(1);
  });
});
