// queue, leads why and violations list through the binary, on a database seeded directly.
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { insertCall } from '../../src/db/repos/calls.js';
import { insertFollowup } from '../../src/db/repos/followups.js';
import { insertLead, type NewLeadRow } from '../../src/db/repos/leads.js';
import { findUserByName } from '../../src/db/repos/users.js';
import { newId } from '../../src/io/ids.js';
import { cliWorkspace } from '../helpers/cli.js';

const NOW = '2026-11-28T03:00:00Z'; // 11:00 in Taipei, 22:00 in New York
const T = Date.parse(NOW);

let ws: ReturnType<typeof cliWorkspace>;
const run = (args: string[]) => ws.run(args, { env: { REPDESK_NOW: NOW } });

beforeAll(() => {
  ws = cliWorkspace({ user: 'alice', role: 'admin', timezone: 'Asia/Taipei' });
  expect(ws.run(['users', 'add', 'bob', '--role', 'rep']).code).toBe(0);
  const db = openDb(ws.db);
  const alice = findUserByName(db, 'alice')!;
  const bob = findUserByName(db, 'bob')!;
  let n = 0;
  const lead = (p: Partial<NewLeadRow>) => {
    const id = newId(T);
    n++;
    insertLead(db, { id, name: `L${n}`, phone: `+88691200000${n}`, timezone: 'Asia/Taipei', country: 'TW', status: 'new', ownerId: alice.id, createdAt: T, updatedAt: T, ...p });
    return id;
  };
  const chen = lead({ name: '陳大文', company: '大同貿易', status: 'callback' });
  insertFollowup(db, { leadId: chen, repId: alice.id, kind: 'callback', dueAt: T - 3 * 3_600_000 }, T);
  lead({ name: 'Priority Five', priority: 5 });
  lead({ name: 'New York Night', priority: 9, timezone: 'America/New_York', country: 'US', phone: '+12125550100' });
  const busy = lead({ name: 'Busy Lin', status: 'contacted', phone: '+886912345678' });
  insertCall(db, { id: newId(T), leadId: busy, repId: alice.id, startedAt: T - 10 * 60_000, endedAt: T - 9 * 60_000, durationS: 60, disposition: 'busy', createdAt: T, updatedAt: T });
  lead({ name: 'Blocked DNC', dnc: 1 });
  lead({ name: 'Same Name' });
  lead({ name: 'Same Name' });
  // An external call record at 23:00 Taipei on a lead that then was outside its window.
  const late = lead({ name: 'Late Call' });
  const callId = newId(T);
  const at = Date.parse('2026-11-27T15:00:00Z');
  insertCall(db, { id: callId, leadId: late, repId: bob.id, channel: 'robot', externalKey: 'ext-1', startedAt: at, endedAt: at + 60_000, durationS: 60, disposition: 'no_answer', createdAt: T, updatedAt: T });
  db.close();
});

describe('repdesk queue', () => {
  it('lists who to call now and why, in order; --json; --all with reasons', () => {
    const text = run(['queue']);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^#\s+Lead\s+Phone\s+Local time\s+Why now\s+Due$/);
    expect(lines[1]).toMatch(/^1\s+陳大文 \(大同貿易\)\s+\+886912000001\s+11:00\s+overdue callback\s+2026-11-28 08:00$/);
    expect(lines[2]).toMatch(/^2\s+Priority Five\s+.*new, priority 5/);
    expect(text.stdout).not.toContain('New York Night');
    expect(text.stdout).not.toContain('Busy Lin');
    expect(text.stdout).not.toContain('Blocked DNC');

    const json = run(['--json', 'queue', '--limit', '2']).json<{ entries: { rank: number; lead: { name: string }; reason: { kind: string }; dialable: boolean }[] }>();
    expect(json.entries.map((e) => [e.rank, e.lead.name, e.reason.kind, e.dialable])).toEqual([
      [1, '陳大文', 'callback_overdue', true],
      [2, 'Priority Five', 'new', true],
    ]);

    const all = run(['queue', '--all', '--limit', '50']);
    expect(all.stdout).toMatch(/New York Night.*It is 22:00 for the lead \(America\/New_York\); calls are allowed 09:00–20:00 local time\./);
    expect(all.stdout).toMatch(/Busy Lin.*The last call ended "Busy": wait 30 min, until 2026-11-28 11:21\./);

    const recomputed = run(['--json', 'queue', '--recompute', '--limit', '1']);
    expect(recomputed.stderr).toContain('Eligibility recomputed for leads: 2.');
    expect(recomputed.json<{ entries: unknown[] }>().entries).toHaveLength(1);

    const noList = run(['queue', '--list', 'Nope']);
    expect(noList.code).toBe(4);
    expect(noList.stderr).toContain('"Nope"');

    const bad = run(['queue', '--limit', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit');
  });
});

describe('repdesk leads why', () => {
  it('explains reason by reason, by phone in any format, with the next possible time', () => {
    const res = run(['leads', 'why', '0912 345 678']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Busy Lin (+886912345678) is not dialable now:');
    expect(res.stdout).toContain('  • The last call ended "Busy": wait 30 min, until 2026-11-28 11:21.');
    expect(res.stdout).toContain('Next possible: 2026-11-28 11:21 your time (2026-11-28 11:21 for the lead).');
    expect(res.stdout).toContain('Rules for this lead: calls 09:00–20:00 local time, at most 3 a day and 8 in all.');
    expect(res.stdout).toContain('Attempts: 1 today (lead’s day), 1 in all.');

    const json = run(['--json', 'leads', 'why', 'New York Night']).json<{ dialable: boolean; reasons: { code: string; local_time: string }[]; next_eligible_at: string; local_time: string }>();
    // snake_case; the instant in the user's zone (alice, Asia/Taipei) with its offset.
    expect(json).toMatchObject({ dialable: false, local_time: '22:00', next_eligible_at: '2026-11-28T22:00:00+08:00', policy: { window_start: '09:00' } });
    expect(json.reasons).toEqual([expect.objectContaining({ code: 'outside_window', local_time: '22:00' })]);

    const zh = run(['--lang', 'zh-TW', 'leads', 'why', '陳大文']);
    expect(zh.stdout).toContain('陳大文 (+886912000001) 現在可以撥打：當地時間 11:00（Asia/Taipei）。');
    expect(run(['leads', 'why', 'Blocked DNC']).stdout).toContain('The number is on the do-not-call list.\nWaiting will not help');
  });

  it('says clearly when the lead is unknown (4), ambiguous (2) or not the rep’s (5)', () => {
    const none = run(['leads', 'why', 'Nobody Here']);
    expect(none.code).toBe(4);
    const amb = run(['leads', 'why', 'Same Name']);
    expect(amb.code).toBe(2);
    expect(amb.stderr).toContain('matches 2 leads');
    expect(run(['--as', 'bob', 'leads', 'why', 'Busy Lin']).code).toBe(5);
  });
});

describe('repdesk violations list', () => {
  it('judges imported calls (idempotent, team leads only), shows the ledger with the rule broken; filters; a rep sees only their own', () => {
    expect(run(['--as', 'bob', 'violations', 'check']).code).toBe(5);
    expect(run(['--json', 'violations', 'check']).json()).toEqual({ calls: 1, violations: 1, by_rule: { outside_window: 1 } });
    expect(run(['violations', 'check', '--since', '2026-11-27']).stdout).toContain('Imported calls checked: 1; new violations: 0.');
    const res = run(['violations', 'list']);
    expect(res.code, res.stderr).toBe(0);
    // The rule and its detail in the user's language (the code stays in --json).
    expect(res.stdout).toMatch(/2026-11-27 23:00\s+outside calling hours\s+high\s+bob\s+Late Call\s+It is 23:00 for the lead \(Asia\/Taipei\)/);
    const json = run(['--json', 'violations', 'list', '--from', '2026-11-27', '--to', '2026-11-27', '--rule', 'outside_window']).json<{ rule: string; severity: string; rep: string }[]>();
    expect(json).toEqual([expect.objectContaining({ rule: 'outside_window', severity: 'high', rep: 'bob' })]);
    expect(run(['--json', 'violations', 'list', '--from', '2026-11-28']).json()).toEqual([]);
    expect(run(['--as', 'bob', '--json', 'violations', 'list']).json<unknown[]>()).toHaveLength(1);
    const bad = run(['violations', 'list', '--from', '28/11/2026']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('2026-11-30');
  });
});
