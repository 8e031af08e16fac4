import Papa from 'papaparse';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { cliWorkspace } from '../helpers/cli.js';
import { seedSales, tpe } from '../services/salesFixture.js';

// Each case runs the binary several times; a busy two-core CI machine needs more than the default.
vi.setConfig({ testTimeout: 120_000 });

let ws: ReturnType<typeof cliWorkspace>;
const NOW = new Date(tpe('2026-11-25 12:00')).toISOString();
const run = (args: string[], as = 'alice') => ws.run(['--as', as, ...args], { env: { REPDESK_NOW: NOW } });
const RANGE = ['--from', '2026-11-23', '--to', '2026-11-24'];

beforeAll(() => {
  ws = cliWorkspace();
  const db = openDb(ws.db);
  seedSales(db);
  db.close();
});

describe('repdesk targets', () => {
  it('set by a team lead, listed, validated; a rep may not set them', () => {
    const set = run(['targets', 'set', '--rep', 'bob', '--daily-calls', '60', '--daily-conversations', '15', '--weekly-deals', '3'], 'dave');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('daily calls 60, daily conversations 15, weekly deals won 3');
    const list = run(['--json', 'targets', 'list']).json();
    expect(list).toEqual([
      { rep: 'bob', period: 'day', metric: 'calls', value: 60 },
      { rep: 'bob', period: 'day', metric: 'conversations', value: 15 },
      { rep: 'bob', period: 'week', metric: 'deals', value: 3 },
    ]);
    expect(run(['targets'], 'bob').stdout).toMatch(/bob\s+daily\s+calls\s+60/);
    const bad = run(['targets', 'set', '--rep', 'bob', '--daily-calls', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--daily-calls lots');
    expect(run(['targets', 'set', '--rep', 'bob']).code).toBe(2);
    expect(run(['targets', 'set', '--rep', 'bob', '--daily-calls', '5'], 'bob').code).toBe(5);
    expect(run(['targets', 'set', '--rep', 'nobody', '--daily-calls', '5']).code).toBe(4);
    expect(run(['--lang', 'zh-CN', 'targets', 'list'], 'carol').stdout).toContain('尚未设置目标');
  });
});

describe('repdesk report', () => {
  it('JSON numbers match the hand-computed fixture', () => {
    const res = run(['--json', 'report', ...RANGE, '--rep', 'bob'], 'dave');
    expect(res.code, res.stderr).toBe(0);
    const r = res.json<{ generated_at: string; zone: string; reps: Record<string, unknown>[]; total: Record<string, unknown> }>();
    // One JSON contract: snake_case, rates as fractions 0–1 (*_rate), durations in seconds (*_s),
    // avg_talk_s = talk seconds per connected call, instants ISO 8601 with the user's offset.
    expect(r.generated_at).toBe('2026-11-25T12:00:00+08:00');
    expect(r.reps[0]).toMatchObject({
      rep: 'bob', dials: 7, connects: 5, connect_rate: 0.7143, conversations: 3, talk_s: 515, connected_talk_s: 515, avg_talk_s: 103,
      dnc_requests: 1, violations: 1, followups_due: 3, followups_on_time: 1, followups_pending: 0, followups_on_time_rate: 0.3333,
      grade_a_leads: 2, grade_a_in_sla: 1, grade_a_in_sla_rate: 0.5, deals_won: 1, revenue: 5000,
    });
    expect(r.reps[0]).toHaveProperty('target_calls_rate');
    expect(r.reps[0].daily).toEqual({ dials: [3, 4], conversations: [2, 1] });
    const keys = (o: object): string[] => Object.entries(o).flatMap(([k, v]) => [k, ...(v && typeof v === 'object' && !Array.isArray(v) && k !== 'dispositions' ? keys(v) : [])]);
    for (const k of keys(r)) expect(k, 'snake_case key').toMatch(/^[a-z0-9_]+$/);
    expect(r.total).toMatchObject({ rep: null, dials: 7 });
  });

  it('a readable table with totals, targets, dispositions and a sparkline chart', () => {
    const res = run(['report', ...RANGE], 'dave');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Report 2026-11-23 – 2026-11-24 (Asia/Taipei), 2 days');
    expect(res.stdout).toMatch(/bob\s+7\s+5\s+71\.4%\s+3\s+8:35\s+1:43\s+1\/3 33\.3%\s+1\s+1\s+1\/2 50%/);
    expect(res.stdout).toMatch(/TEAM TOTAL\s+10\s+7\s+70%\s+4/);
    // The team lead's own row: no targets and nothing done shows – like every other empty cell.
    expect(res.stdout).toMatch(/^dave\s+–\s+–\s+–\s+–\s*$/m);
    expect(res.stdout).toContain('7/120 (5.8%)');
    expect(res.stdout).toMatch(/Do-not-call request\s+1\s+10%/);
    expect(res.stdout).toMatch(/bob\s+▆█\s+█▄/);
    expect(res.stdout).not.toContain('erin');
    const zh = run(['--lang', 'zh-TW', 'report', ...RANGE], 'dave');
    expect(zh.stdout).toContain('團隊合計');
    expect(zh.stdout).toContain('要求勿再來電');
  });

  it('week and month periods; CSV format', () => {
    const week = run(['--json', 'report', 'week']).json<{ from: string; to: string; total: { dials: number } }>();
    expect([week.from, week.to, week.total.dials]).toEqual(['2026-11-23', '2026-11-29', 11]);
    const csv = run(['report', 'month', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = Papa.parse<Record<string, string>>(csv.stdout, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.rep)).toEqual(['bob', 'carol', 'erin', 'TOTAL']);
    expect(rows[0]).toMatchObject({ from: '2026-11-01', to: '2026-11-30', dials: '7', connect_rate: '0.7143', talk_s: '515', target_calls: '1800' });
    expect(csv.stdout.startsWith('from,to,zone,rep,dials,connects,connect_rate')).toBe(true);
    // Headers in the language asked for with --lang (the rows stay the same), as export does.
    const zh = run(['--lang', 'zh-TW', 'report', 'month', '--format', 'csv']);
    expect(zh.stdout.startsWith('起日,迄日,時區,業務,撥號,接通,接通率')).toBe(true);
    expect(zh.stdout.split('\r\n').slice(1)).toEqual(csv.stdout.split('\r\n').slice(1));
  });

  it('a rep sees their own report; the team or another rep is refused (exit 5); bad dates exit 2', () => {
    const ownRes = run(['--json', 'report', ...RANGE], 'bob');
    expect(ownRes.code, ownRes.stderr).toBe(0);
    const own = ownRes.json<{ reps: { rep: string }[] }>();
    expect(own.reps.map((r) => r.rep)).toEqual(['bob']);
    const team = run(['report', '--team'], 'bob');
    expect(team.code).toBe(5);
    expect(team.stderr).toContain('team leads');
    expect(run(['report', '--rep', 'carol'], 'bob').code).toBe(5);
    // An unknown user is "not found" (4), as in export.
    const nobody = run(['report', '--rep', 'nobody']);
    expect(nobody.code).toBe(4);
    expect(nobody.stderr).toContain('No user named "nobody"');
    const range = run(['report', '--from', '2026-11-30', '--to', '2026-11-01']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('--from 2026-11-01 --to 2026-11-30');
    expect(run(['report', '--from', '2026-02-30']).code).toBe(2);
    expect(run(['report', '--rep', 'bob', '--team']).code).toBe(2);
  });
});
