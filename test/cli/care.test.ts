import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { cliWorkspace } from '../helpers/cli.js';
import { seedSales, tpe } from '../services/salesFixture.js';

// Each case runs the binary several times; a busy two-core CI machine needs more than the default.
vi.setConfig({ testTimeout: 120_000 });

let ws: ReturnType<typeof cliWorkspace>;
const NOW = new Date(tpe('2026-11-25 12:00')).toISOString();
const run = (args: string[], as = 'alice') => ws.run(['--as', as, ...args], { env: { REPDESK_NOW: NOW } });

interface PlanJson {
  created: number;
  existing: number;
  dry_run: boolean;
  tasks: { lead: string; kind: string; date: string; due_at: string; detail: string; created: boolean }[];
}

beforeAll(() => {
  ws = cliWorkspace();
  const db = openDb(ws.db);
  seedSales(db);
  // L1 customer (birthday 5 Dec), L2 interested (born 29 Feb), L3 customer quiet since June, L4 carol's customer (CN).
  db.sqlite.prepare("update leads set status = 'customer', last_call_at = ? where id = 'L1'").run(tpe('2026-11-24 09:50'));
  db.sqlite.prepare("update leads set status = 'interested' where id = 'L2'").run();
  db.sqlite.prepare("update leads set status = 'customer', last_call_at = ? where id = 'L3'").run(tpe('2026-06-01 10:00'));
  db.sqlite.prepare("update leads set status = 'customer', birthday = '1990-12-01', last_call_at = ? where id = 'L4'").run(tpe('2026-11-24 14:00'));
  db.close();
});

describe('repdesk care', () => {
  it('plan --dry-run shows the plan and changes nothing', () => {
    const res = run(['--json', 'care', 'plan', '--days', '40', '--dry-run'], 'bob');
    expect(res.code, res.stderr).toBe(0);
    const plan = res.json<PlanJson>();
    expect(plan.dry_run).toBe(true);
    expect(plan.tasks.map((t) => `${t.lead} ${t.kind} ${t.date}`)).toEqual([
      'L3 checkin 2026-11-25',
      'L1 birthday 2026-12-05',
      'L1 holiday 2026-12-31',
      'L3 holiday 2026-12-31', // L2 is on the DNC list: no greetings
    ]);
    // The check-in is due now (10:00 has passed today); greetings at 10:00 in the lead's zone.
    expect(plan.tasks[0]).toMatchObject({ due_at: '2026-11-25T12:00:00+08:00', detail: '177' });
    expect(plan.tasks[1].due_at).toBe('2026-12-05T10:00:00+08:00');
    expect(plan.tasks[2].detail).toBe('new_year');
    expect(run(['--json', 'care', 'list', '--days', '40'], 'bob').json()).toEqual([]);
    // English singular and plural, no "(s)".
    expect(run(['care', 'plan', '--days', '1', '--dry-run'], 'bob').stdout).toContain('Dry run: 1 care follow-up would be created, 0 already planned (next 1 day).');
    expect(run(['care', 'list', '--days', '1'], 'bob').stdout).toContain('No care follow-ups in the next 1 day.');
  });

  it('plan creates follow-ups once; running it again creates nothing new', () => {
    const first = run(['--json', 'care', 'plan', '--days', '40'], 'bob').json<PlanJson>();
    expect([first.created, first.existing]).toEqual([4, 0]);
    const again = run(['care', 'plan', '--days', '40'], 'bob');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 care follow-ups created, 4 already planned (next 40 days)');
    const list = run(['--json', 'care', 'list', '--days', '40'], 'bob').json<{ kind: string; note: string; lead: { name: string } }[]>();
    expect(list.map((f) => f.note)).toEqual(['Check-in: no contact for 177 days', 'Birthday greeting for 王小明', 'New Year greeting', 'New Year greeting']);
    // The next 14 days only hold the check-in and the birthday.
    const table = run(['care', 'list'], 'bob');
    expect(table.stdout).toContain('Birthday greeting for 王小明');
    expect(table.stdout).not.toContain('New Year');
    // They are follow-ups like any other.
    expect(run(['--json', 'followups', '--due', '2026-12-05', '--kind', 'birthday'], 'bob').json<unknown[]>()).toHaveLength(1);
  });

  it('a team lead plans for the team, in their language; a rep cannot list the team', () => {
    const res = run(['--lang', 'zh-TW', 'care', 'plan', '--days', '40'], 'dave');
    expect(res.code, res.stderr).toBe(0);
    // Carol's customer in China: birthday 1 December; New Year greeting on 31 December.
    expect(res.stdout).toContain('Chen Jie 生日問候');
    expect(res.stdout).toContain('已建立 2 筆關懷跟進，4 筆先前已排定');
    expect(run(['care', 'list', '--all'], 'bob').code).toBe(5);
    expect(run(['care', 'plan', '--days', '0']).code).toBe(2);
  });
});
