// A small, hand-checkable sales team (all in Asia/Taipei, UTC+8) shared by the follow-up, export and
// report tests. Numbers the report must show are worked out by hand in test/services/report.test.ts.
import type { Db } from '../../src/db/client.js';
import { insertCall } from '../../src/db/repos/calls.js';
import { insertFollowup } from '../../src/db/repos/followups.js';
import { insertLead } from '../../src/db/repos/leads.js';
import { findUserByName, insertUser } from '../../src/db/repos/users.js';
import { insertViolation } from '../../src/db/repos/violations.js';
import { addDnc } from '../../src/db/repos/dnc.js';
import { lists } from '../../src/db/schema.js';
import type { Role } from '../../src/core/types.js';

/** Taipei local 'YYYY-MM-DD HH:MM' → epoch ms. */
export const tpe = (s: string): number => {
  const [d, t = '00:00'] = s.split(' ');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi] = t.split(':').map(Number);
  return Date.UTC(y, mo - 1, da, h - 8, mi);
};

export const SEED_AT = tpe('2026-11-01 09:00');

/** Formula triggers, one per call note, in call order c1…c11. */
export const TRIGGER_NOTES = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=tab', '\r=cr', '\n=lf', '＝1', '＋1', '－1', '＠1'];

export interface Seeded {
  ids: Record<string, string>;
}

export function seedSales(db: Db): Seeded {
  const ids: Record<string, string> = {};
  const user = (username: string, role: Role, team: string | null) => {
    const existing = findUserByName(db, username);
    if (existing) return (ids[username] = existing.id);
    insertUser(db, { id: `u-${username}`, username, displayName: username, role, team, timezone: 'Asia/Taipei', lang: null }, SEED_AT);
    return (ids[username] = `u-${username}`);
  };
  db.write(() => {
    user('bob', 'rep', 'north');
    user('carol', 'rep', 'north');
    user('dave', 'lead', 'north');
    user('erin', 'rep', 'south');
    db.orm.insert(lists).values({ id: 'list-expo', name: 'Expo 2026', kind: 'leads', createdAt: SEED_AT, updatedAt: SEED_AT }).run();
    const lead = (id: string, name: string, phone: string, owner: string, extra: Record<string, unknown> = {}) => {
      insertLead(db, { id, name, phone, ownerId: ids[owner], timezone: 'Asia/Taipei', country: 'TW', createdAt: SEED_AT, updatedAt: SEED_AT, ...extra });
      ids[id] = id;
    };
    lead('L1', '王小明', '+886912345678', 'bob', { email: 'wang@example.com', company: '台北貿易, "股份"有限公司', listId: 'list-expo', birthday: '1980-12-05' });
    lead('L2', 'Amy Chen', '+886922000111', 'bob', { listId: 'list-expo', birthday: '1992-02-29' });
    lead('L3', '李四', '+886933000222', 'bob', { intentGrade: 'A' });
    lead('L4', 'Chen Jie', '+8613800138000', 'carol', { country: 'CN', timezone: 'Asia/Shanghai' });
    lead('L5', '張三', '+886944000333', 'bob', { intentGrade: 'A' });
    lead('L6', 'Erin Lead', '+886955000444', 'erin');

    let n = 0;
    const call = (rep: string | null, leadId: string, at: string, durationS: number, disposition: string, extra: Record<string, unknown> = {}) => {
      n++;
      const startedAt = tpe(at);
      insertCall(db, {
        id: `c${n}`,
        leadId,
        repId: rep ? ids[rep] : null,
        startedAt,
        endedAt: startedAt + durationS * 1000,
        durationS,
        disposition,
        notes: TRIGGER_NOTES[n - 1] ?? null,
        createdAt: startedAt,
        updatedAt: startedAt,
        ...extra,
      });
    };
    // Bob, Monday 23 and Tuesday 24 November 2026.
    call('bob', 'L1', '2026-11-23 10:00', 120, 'interested'); // c1
    call('bob', 'L2', '2026-11-23 10:10', 0, 'no_answer'); // c2
    call('bob', 'L3', '2026-11-23 10:20', 60, 'not_interested'); // c3
    call('bob', 'L5', '2026-11-24 09:30', 30, 'wrong_person'); // c4
    call('bob', 'L2', '2026-11-24 09:40', 0, 'busy'); // c5
    call('bob', 'L1', '2026-11-24 09:50', 300, 'callback_requested'); // c6
    call('bob', 'L2', '2026-11-24 10:00', 5, 'dnc_request'); // c7
    // Carol.
    call('carol', 'L4', '2026-11-23 14:00', 0, 'no_answer'); // c8
    call('carol', 'L4', '2026-11-23 14:05', 200, 'interested'); // c9
    call('carol', 'L4', '2026-11-24 14:00', 10, 'hung_up'); // c10
    // Erin, another team.
    call('erin', 'L6', '2026-11-24 15:00', 60, 'interested'); // c11
    // Robot calls grading L3 and L5 as A (no rep): L3 followed up by bob in 80 min, L5 after 3.5 h.
    call(null, 'L3', '2026-11-23 09:00', 40, 'interested', { channel: 'robot', intentGrade: 'A', notes: null }); // c12
    call(null, 'L5', '2026-11-24 06:00', 35, 'interested', { channel: 'robot', intentGrade: 'A', notes: null }); // c13

    const fu = (leadId: string, rep: string, due: string, kind: 'callback' | 'care' = 'callback', note: string | null = null) =>
      insertFollowup(db, { leadId, repId: ids[rep], kind, dueAt: tpe(due), note, actorId: ids[rep] }, SEED_AT).id;
    ids.f1 = fu('L1', 'bob', '2026-11-23 15:00', 'callback', 'send brochure');
    ids.f2 = fu('L2', 'bob', '2026-11-24 11:00');
    ids.f3 = fu('L3', 'bob', '2026-11-24 16:00', 'callback', '問預算');
    ids.f4 = fu('L1', 'bob', '2026-11-30 10:00');
    ids.f5 = fu('L4', 'carol', '2026-11-24 10:00');
    // f1 done on time, f2 done late, f5 done on time.
    db.sqlite.prepare("update followups set status='done', done_at=? where id=?").run(tpe('2026-11-23 14:00'), ids.f1);
    db.sqlite.prepare("update followups set status='done', done_at=? where id=?").run(tpe('2026-11-24 12:00'), ids.f2);
    db.sqlite.prepare("update followups set status='done', done_at=? where id=?").run(tpe('2026-11-24 09:00'), ids.f5);

    insertViolation(db, { rule: 'calling_hours', severity: 'medium', repId: ids.bob, leadId: 'L2', occurredAt: tpe('2026-11-24 21:30') }, SEED_AT);
    addDnc(db, { phone: '+886922000111', reason: 'asked on call', source: 'call', addedBy: 'bob' }, tpe('2026-11-24 10:01'));
    db.sqlite
      .prepare("insert into deals (id, lead_id, rep_id, amount, stage, closed_at, created_at, updated_at) values ('d1','L1',?,5000,'won',?,?,?)")
      .run(ids.bob, tpe('2026-11-24 11:00'), SEED_AT, SEED_AT);
  });
  return { ids };
}
