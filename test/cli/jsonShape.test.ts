// The --json contract of the commands built from camelCase objects: snake_case keys, the report's
// metric names and definitions (session --summary), instants left to the commands (ISO with offset).
import { describe, expect, it } from 'vitest';
import { snakeCase, snakeKeys } from '../../src/cli/jsonShape.js';
import { summaryJson } from '../../src/cli/commands/session.js';
import { summaryMaths } from '../../src/core/session.js';
import type { TodaySummary } from '../../src/services/session.js';

describe('--json shape helpers', () => {
  it('snake_cases keys at every depth and leaves values alone', () => {
    expect(snakeCase('dueLeadLocal')).toBe('due_lead_local');
    expect(snakeCase('talkTimeS')).toBe('talk_time_s');
    expect(snakeCase('already_snake')).toBe('already_snake');
    expect(snakeKeys({ robotCalls: 3, countries: ['TW', 'US'], nested: { windowStart: '09:00', list: [{ leadId: 'L1', note: 'keepMe' }] }, none: null })).toEqual({
      robot_calls: 3,
      countries: ['TW', 'US'],
      nested: { window_start: '09:00', list: [{ lead_id: 'L1', note: 'keepMe' }] },
      none: null,
    });
  });
});

describe('session --summary --json', () => {
  // The figures with their maths, as todaySummary builds them.
  const summary = (f: Omit<TodaySummary, 'connectRate' | 'avgCallS'>): TodaySummary => ({ ...f, ...summaryMaths(f) });
  const base: TodaySummary = summary({
    rep: 'alex',
    date: '2026-11-28',
    zone: 'Asia/Taipei',
    calls: 2,
    conversations: 1,
    connected: 1,
    talkTimeS: 372,
    followupsSet: 1,
    dealsOpened: 0,
    dealsWon: 0,
    revenue: 0,
    targets: { calls: 40 },
  });

  it('uses the report names: talk_s, connect_rate as a 0–1 fraction, avg_talk_s over connected calls', () => {
    const j = summaryJson(base);
    expect(j).toEqual({
      rep: 'alex',
      date: '2026-11-28',
      zone: 'Asia/Taipei',
      calls: 2,
      connected: 1,
      conversations: 1,
      talk_s: 372,
      connect_rate: 0.5,
      avg_talk_s: 372,
      followups_set: 1,
      deals_opened: 0,
      deals_won: 0,
      revenue: 0,
      targets: { calls: 40 },
    });
    expect(Object.keys(j).filter((k) => /[A-Z]/.test(k))).toEqual([]);
  });

  it('has no rate or average without calls or connected calls', () => {
    expect(summaryJson(summary({ ...base, calls: 0, connected: 0, talkTimeS: 0 }))).toMatchObject({ connect_rate: null, avg_talk_s: null });
    expect(summaryJson(summary({ ...base, calls: 3, connected: 0, talkTimeS: 0 }))).toMatchObject({ connect_rate: 0, avg_talk_s: null });
  });
});
