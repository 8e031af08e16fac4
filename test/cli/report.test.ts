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
    const r = res.json<{ reps: { rep: string; counts: Record<string, number>; kpis: Record<string, number>; targets: Record<string, unknown>; daily: unknown }[] }>();
    expect(r.reps[0].counts).toMatchObject({ dials: 7, connects: 5, conversations: 3, talkS: 515, dncRequests: 1, violations: 1, followupsDue: 3, followupsOnTime: 1, gradeALeads: 2, gradeAInSla: 1, dealsWon: 1 });
    expect(r.reps[0].kpis).toEqual({ connectRate: 71.4, avgCallS: 103, followupsOnTimePct: 33.3, gradeASlaPct: 50 });
    expect(r.reps[0].targets.calls).toEqual({ target: 120, actual: 7, pct: 5.8 });
    expect(r.reps[0].daily).toEqual({ dials: [3, 4], conversations: [2, 1] });
  });

  it('a readable table with totals, targets, dispositions and a sparkline chart', () => {
    const res = run(['report', ...RANGE], 'dave');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Report 2026-11-23 – 2026-11-24 (Asia/Taipei), 2 days');
    expect(res.stdout).toMatch(/bob\s+7\s+5\s+71\.4%\s+3\s+8:35\s+1:43\s+1\/3 33\.3%\s+1\s+1\s+1\/2 50%/);
    expect(res.stdout).toMatch(/TEAM TOTAL\s+10\s+7\s+70%\s+4/);
    expect(res.stdout).toContain('7/120 (5.8%)');
    expect(res.stdout).toMatch(/Do-not-call request\s+1\s+10%/);
    expect(res.stdout).toMatch(/bob\s+▆█\s+█▄/);
    expect(res.stdout).not.toContain('erin');
    const zh = run(['--lang', 'zh-TW', 'report', ...RANGE], 'dave');
    expect(zh.stdout).toContain('團隊合計');
    expect(zh.stdout).toContain('要求勿再來電');
  });

  it('week and month periods; CSV format', () => {
    const week = run(['--json', 'report', 'week']).json<{ from: string; to: string; total: { counts: { dials: number } } }>();
    expect([week.from, week.to, week.total.counts.dials]).toEqual(['2026-11-23', '2026-11-29', 11]);
    const csv = run(['report', 'month', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = Papa.parse<Record<string, string>>(csv.stdout, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.rep)).toEqual(['bob', 'carol', 'erin', 'TOTAL']);
    expect(rows[0]).toMatchObject({ dials: '7', connect_rate: '71.4', talk_s: '515', target_calls: '1800' });
    expect(csv.stdout.startsWith('rep,dials,connects,connect_rate')).toBe(true);
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
    expect(run(['report', '--from', '2026-02-30']).code).toBe(2);
    expect(run(['report', '--rep', 'bob', '--team']).code).toBe(2);
  });
});
