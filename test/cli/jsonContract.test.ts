// One --json contract for the commands of follow-ups, care, the session summary, the demo, the queue,
// DNC, leads why and scripts: snake_case keys, and every instant an ISO-8601 string with the user's
// offset (never epoch milliseconds, never UTC "Z"), so a script can read them all the same way.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const NOW = '2026-11-28T09:00:00Z';

/** Every key path that is not snake_case, and every instant that is not ISO with an offset. */
function problems(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => problems(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    // Maps keyed by data (codes, dates) are snake_case or data already; keys only need no capitals.
    return Object.entries(value).flatMap(([k, v]) => {
      const own: string[] = [];
      if (/[A-Z]/.test(k) && !/^[A-Z]{2}$/.test(k)) own.push(`${at}.${k}: camelCase key`);
      if (/_at$/.test(k) && typeof v === 'number') own.push(`${at}.${k}: epoch number`);
      // *_local is the same instant in the lead's zone, with the lead's offset.
      if (k.endsWith('_local')) return typeof v === 'string' && !/[+-]\d\d:\d\d$/.test(v) ? [...own, `${at}.${k}: no offset`] : own;
      return [...own, ...problems(v, `${at}.${k}`)];
    });
  }
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/.test(value)) return [`${at}: ${value} is not ISO with the user's offset`];
  return [];
}

describe('--json contract', () => {
  let db: string;
  const run = (args: string[], as = 'alex') => {
    const res = runCli(['--db', db, '--as', as, '--json', ...args], { env: { REPDESK_NOW: NOW } });
    expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
    return res.json<unknown>();
  };
  beforeAll(() => {
    db = path.join(tempDir(), 'demo.db');
    const res = runCli(['--db', db, '--json', 'demo'], { env: { REPDESK_NOW: NOW } });
    expect(res.code, res.stderr).toBe(0);
    expect(problems(res.json())).toEqual([]);
  });

  it.each([
    [['followups']],
    [['followups', '--all', '--closed'], 'mei.chen'],
    [['care', 'list', '--days', '60']],
    [['care', 'plan', '--days', '60', '--dry-run'], 'mei.chen'],
    [['session', '--summary']],
    [['queue', '--limit', '5']],
    [['queue', '--all', '--limit', '40']],
    [['dnc', 'list', '--removed'], 'mei.chen'],
    [['scripts', 'list']],
    [['scripts', 'show', 'sales-en']],
  ] as [string[], string?][])('%j: snake_case keys, instants with the offset', (args, as) => {
    const body = run(args, as);
    expect(problems(body)).toEqual([]);
  });

  it('leads why, dnc check and followups history too', () => {
    const queue = run(['queue', '--all', '--limit', '40']) as { entries: { lead: { id: string }; dialable: boolean }[] };
    const blocked = queue.entries.find((e) => !e.dialable) ?? queue.entries[0];
    expect(problems(run(['leads', 'why', blocked.lead.id]))).toEqual([]);
    const dnc = run(['dnc', 'list', '--limit', '1'], 'mei.chen') as { phone: string }[];
    const check = run(['dnc', 'check', dnc[0].phone]) as { added_at: string };
    expect(check.added_at).toMatch(/\+08:00$/);
    expect(problems(check)).toEqual([]);
    const [f] = run(['followups']) as { id: string }[];
    expect(run(['followups', 'snooze', f.id, '--for', '2h'])).toBeTruthy();
    const hist = run(['followups', 'history', f.id]) as { history: { after: Record<string, unknown> }[] };
    expect(hist.history.length).toBeGreaterThan(0);
    expect(problems(hist)).toEqual([]);
  });
});
