import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { insertFollowup } from '../../src/db/repos/followups.js';
import { cliWorkspace } from '../helpers/cli.js';
import { seedSales, SEED_AT, tpe } from '../services/salesFixture.js';

// Each case runs the binary several times; a busy two-core CI machine needs more than the default.
vi.setConfig({ testTimeout: 120_000 });

// Tuesday 24 November 2026, 13:00 in Taipei.
const NOW = new Date(tpe('2026-11-24 13:00')).toISOString();
let ws: ReturnType<typeof cliWorkspace>;
const run = (args: string[], as = 'bob') => ws.run(['--as', as, ...args], { env: { REPDESK_NOW: NOW } });

interface FuJson {
  id: string;
  lead: { id: string; name: string; timezone: string | null };
  rep: string;
  kind: string;
  status: string;
  due_at: string;
  due_lead_local: string | null;
  overdue: boolean;
  note: string | null;
}

beforeAll(() => {
  ws = cliWorkspace();
  const db = openDb(ws.db);
  seedSales(db);
  db.write(() => {
    insertFollowup(db, { leadId: 'L5', repId: 'u-bob', kind: 'callback', dueAt: tpe('2026-11-24 09:00'), note: 'second overdue' }, SEED_AT);
    insertFollowup(db, { leadId: 'L2', repId: 'u-bob', kind: 'birthday', dueAt: tpe('2026-11-23 11:00'), note: 'first overdue' }, SEED_AT);
  });
  db.close();
});

describe('repdesk followups', () => {
  it('lists mine by default: overdue first (oldest first), then due today; marks overdue; not later ones', () => {
    const res = run(['followups']);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/ID\s+Due\s+Lead's time\s+Lead\s+Kind\s+Note/);
    expect(lines.slice(1).map((l) => l.match(/(first overdue|second overdue|問預算)/)?.[1])).toEqual(['first overdue', 'second overdue', '問預算']);
    expect(lines[1]).toContain('OVERDUE');
    expect(lines[1]).toContain('2026-11-23 11:00');
    expect(lines[3]).not.toContain('OVERDUE');
    expect(res.stdout).not.toContain('2026-11-30');
    const json = run(['--json', 'followups']).json<FuJson[]>();
    expect(json.map((f) => f.overdue)).toEqual([true, true, false]);
    expect(json[2]).toMatchObject({ kind: 'callback', status: 'open', due_at: '2026-11-24T16:00:00+08:00', lead: { id: 'L3', name: '李四' }, note: '問預算', rep: 'bob' });
  });

  it('adds by name, by phone in another format, with WHEN words in three languages', () => {
    const a = run(['followups', 'add', '王小明', '--at', 'tomorrow 10:00', '--note', 'send quote']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('王小明, due 2026-11-25 10:00');
    const b = run(['--json', 'followups', 'add', '0912-345-678', '--at', '明天下午3點']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.json<FuJson[]>()[0]).toMatchObject({ lead: { id: 'L1' }, due_at: '2026-11-25T15:00:00+08:00', kind: 'callback' });
    const c = run(['--json', 'followups', 'add', '+886 933 000 222', '--at', '下周一', '--kind', 'survey']);
    expect(c.json<FuJson[]>()[0]).toMatchObject({ lead: { id: 'L3' }, due_at: '2026-11-30T09:00:00+08:00', kind: 'survey' });
    const tomorrow = run(['--json', 'followups', '--due', 'tomorrow']).json<FuJson[]>();
    expect(tomorrow.map((f) => f.due_at)).toEqual(['2026-11-25T10:00:00+08:00', '2026-11-25T15:00:00+08:00']);
    const week = run(['--json', 'followups', '--due', 'week']).json<FuJson[]>();
    expect(week).toHaveLength(7);
    expect(run(['--json', 'followups', '--due', '2026-11-30']).json<FuJson[]>()).toHaveLength(2);
    expect(run(['--json', 'followups', '--kind', 'care']).json<FuJson[]>().map((f) => f.note)).toEqual(['first overdue']);
    expect(run(['--json', 'followups', '--due', 'overdue']).json<FuJson[]>()).toHaveLength(2);
  });

  it('refuses an ambiguous WHEN with examples (exit 2), and unknown or ambiguous leads', () => {
    const res = run(['followups', 'add', '王小明', '--at', '12/03 10:00']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('ambiguous');
    expect(res.stderr).toContain('Examples: 2026-11-25 10:30');
    const zh = run(['--lang', 'zh-TW', 'followups', 'add', '王小明', '--at', '明天3點']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('上午還是下午');
    expect(run(['followups', 'add', 'Nobody Here', '--at', '+2h']).code).toBe(4);
    const amb = run(['followups', 'add', 'Chen', '--at', '+2h'], 'alice');
    expect(amb.code).toBe(2);
    expect(amb.stderr).toContain('matches 2 leads');
    // A rep cannot put follow-ups on another rep's lead.
    expect(run(['followups', 'add', 'Chen Jie', '--at', '+2h']).code).toBe(5);
  });

  it('done, snooze, reschedule, cancel by short id, with history of who changed what', () => {
    const [first] = run(['--json', 'followups', '--due', 'overdue']).json<FuJson[]>();
    const short = first.id.slice(-8);
    const snoozed = run(['--json', 'followups', 'snooze', short, '--for', '2h']);
    expect(snoozed.code, snoozed.stderr).toBe(0);
    expect(snoozed.json<FuJson[]>()[0].due_at).toBe('2026-11-24T15:00:00+08:00');
    const until = run(['--json', 'followups', 'snooze', short, '--until', 'tomorrow 9am']);
    expect(until.json<FuJson[]>()[0].due_at).toBe('2026-11-25T09:00:00+08:00');
    expect(run(['followups', 'snooze', short]).code).toBe(2);
    expect(run(['followups', 'snooze', short, '--for', 'a while']).code).toBe(2);
    const moved = run(['followups', 'reschedule', short, 'next monday 9am']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('now due 2026-11-30 09:00');
    const done = run(['followups', 'done', short, '--note', 'called, happy birthday']);
    expect(done.code, done.stderr).toBe(0);
    const again = run(['followups', 'done', short]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already done');
    const hist = run(['--json', 'followups', 'history', short]).json<{ history: { action: string; actor: string; before: Record<string, unknown>; after: Record<string, unknown> }[] }>();
    expect(hist.history.map((h) => h.action)).toEqual(['create', 'snooze', 'snooze', 'reschedule', 'done']);
    // snake_case fields, instants as ISO strings in the user's zone (like every other --json instant).
    expect(hist.history[0]).toMatchObject({ action: 'create', after: { due_at: '2026-11-23T11:00:00+08:00', kind: 'birthday' } });
    expect(hist.history[1]).toMatchObject({ actor: 'bob', before: { due_at: '2026-11-23T11:00:00+08:00' }, after: { due_at: '2026-11-24T15:00:00+08:00' } });
    expect(hist.history[4].after).toMatchObject({ status: 'done', note: 'first overdue\ncalled, happy birthday' });
    expect(String(hist.history[4].after.done_at)).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const table = run(['followups', 'history', short]);
    expect(table.stdout).toContain('rescheduled');
    expect(table.stdout).toContain('due: 2026-11-30 09:00');
    expect(table.stdout).toContain('due: 2026-11-23 11:00; kind: birthday; note: first overdue');
    // In Chinese: actions, field names and kinds translated, times in the user's zone.
    const zh = run(['--lang', 'zh-CN', 'followups', 'history', short]);
    expect(zh.stdout).toContain('创建');
    expect(zh.stdout).toContain('推迟');
    expect(zh.stdout).toContain('改期');
    expect(zh.stdout).toContain('到期：2026-11-23 11:00；类型：生日问候；备注：first overdue');
    expect(zh.stdout).toContain('状态：已完成');
    expect(zh.stdout).not.toMatch(/\b(create|snooze|reschedule|done|dueAt|kind)\b/);

    const [second] = run(['--json', 'followups', '--due', 'overdue']).json<FuJson[]>();
    const cancel = run(['followups', 'cancel', second.id, '--reason', 'bought elsewhere']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(run(['--json', 'followups', 'history', second.id]).json<{ history: { after: Record<string, unknown> }[] }>().history[1].after).toEqual({ status: 'cancelled', reason: 'bought elsewhere' });
    expect(run(['--json', 'followups', '--closed', '--due', '2026-11-24']).json<FuJson[]>().map((f) => f.status).sort()).toEqual(['cancelled', 'done', 'open']);
    expect(run(['followups', 'done', 'ZZZZZZZZ']).code).toBe(4);
  });

  it('a rep sees and changes only their own; a team lead sees the team with the lead\'s local time', () => {
    expect(run(['followups', '--all']).code).toBe(5);
    expect(run(['followups', '--rep', 'carol']).code).toBe(5);
    const team = run(['--json', 'followups', '--all', '--due', '2026-11-24', '--closed'], 'dave').json<FuJson[]>();
    expect(new Set(team.map((f) => f.rep))).toEqual(new Set(['bob', 'carol']));
    const carols = team.find((f) => f.rep === 'carol')!;
    expect(carols.due_lead_local).toBe('2026-11-24T10:00:00+08:00');
    expect(carols.lead.timezone).toBe('Asia/Shanghai');
    const table = run(['followups', '--rep', 'carol', '--closed', '--due', '2026-11-24'], 'dave');
    expect(table.stdout).toContain('10:00 Asia/Shanghai');
    expect(table.stdout).toContain('done');
    expect(run(['followups', 'cancel', carols.id]).code).toBe(5);
  });
});
