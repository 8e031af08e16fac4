import { describe, expect, it } from 'vitest';
import { dialableNow, NEVER, nextEligibleAfterCall, type Attempt, type DialableLead } from '../../src/core/dialable.js';
import { DEFAULT_POLICY, effectiveWindow, overridesFromSettings, policyFor, type Policy } from '../../src/core/policy.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function lead(p: Partial<DialableLead> = {}): DialableLead {
  return {
    id: 'L1',
    phone: '+886912345678',
    timezone: 'Asia/Taipei',
    country: 'TW',
    status: 'new',
    dnc: false,
    consent: null,
    consentAt: null,
    claimedBy: null,
    claimedUntil: null,
    ...p,
  };
}
const call = (when: string, disposition: string | null = 'no_answer', endedAt?: string): Attempt => ({ startedAt: at(when), endedAt: endedAt ? at(endedAt) : null, disposition });
const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);
const P = (p: Partial<Policy> = {}): Policy => ({ ...DEFAULT_POLICY, ...p });

describe('dialableNow: calling window in the lead’s zone', () => {
  it('is dialable inside the window, with the local time', () => {
    const r = dialableNow(lead(), [], P(), at('2026-11-28T02:00:00Z')); // 10:00 Taipei
    expect(r).toMatchObject({ ok: true, reasons: [], localTime: '10:00', zone: 'Asia/Taipei', window: { start: '09:00', end: '20:00' } });
    expect(r.nextEligibleAt).toBe(at('2026-11-28T02:00:00Z'));
  });

  it('is outside before the start and at/after the end, and says when the window opens', () => {
    const early = dialableNow(lead(), [], P(), at('2026-11-28T00:59:00Z')); // 08:59
    expect(early.reasons).toEqual([{ code: 'outside_window', localTime: '08:59', start: '09:00', end: '20:00', zone: 'Asia/Taipei' }]);
    expect(iso(early.nextEligibleAt)).toBe('2026-11-28T01:00:00.000Z');
    const late = dialableNow(lead(), [], P(), at('2026-11-28T12:00:00Z')); // 20:00
    expect(codes(late)).toEqual(['outside_window']);
    expect(iso(late.nextEligibleAt)).toBe('2026-11-29T01:00:00.000Z');
    expect(dialableNow(lead(), [], P(), at('2026-11-28T11:59:00Z')).ok).toBe(true); // 19:59
  });

  it('never goes outside 08:00–21:00 whatever the configuration', () => {
    const wide = P({ windowStart: '06:00', windowEnd: '23:00' });
    expect(effectiveWindow(wide)).toMatchObject({ startText: '08:00', endText: '21:00' });
    expect(codes(dialableNow(lead(), [], wide, at('2026-11-27T23:30:00Z')))).toEqual(['outside_window']); // 07:30
    expect(dialableNow(lead(), [], wide, at('2026-11-28T00:00:00Z')).ok).toBe(true); // 08:00
    expect(codes(dialableNow(lead(), [], wide, at('2026-11-28T13:00:00Z')))).toEqual(['outside_window']); // 21:00
  });

  it('an empty window is never dialable', () => {
    const r = dialableNow(lead(), [], P({ windowStart: '12:00', windowEnd: '12:00' }), at('2026-11-28T04:00:00Z'));
    expect(codes(r)).toEqual(['outside_window']);
    expect(r.nextEligibleAt).toBeNull();
  });

  it('America/New_York across the March DST jump', () => {
    const ny = lead({ timezone: 'America/New_York', country: 'US' });
    // Saturday 7 March 2026, EST (UTC−5): 09:00 local is 14:00Z.
    const sat = dialableNow(ny, [], P(), at('2026-03-07T13:30:00Z'));
    expect(sat).toMatchObject({ ok: false, localTime: '08:30' });
    expect(iso(sat.nextEligibleAt)).toBe('2026-03-07T14:00:00.000Z');
    // Sunday 8 March, clocks jumped at 02:00: 09:00 EDT (UTC−4) is 13:00Z.
    const sun = dialableNow(ny, [], P(), at('2026-03-08T12:30:00Z'));
    expect(sun).toMatchObject({ ok: false, localTime: '08:30' });
    expect(iso(sun.nextEligibleAt)).toBe('2026-03-08T13:00:00.000Z');
    expect(dialableNow(ny, [], P(), at('2026-03-08T13:00:00Z')).ok).toBe(true);
    // From Saturday evening the next opening is Sunday 09:00 EDT, one hour "earlier" in UTC.
    expect(iso(dialableNow(ny, [], P(), at('2026-03-08T01:30:00Z')).nextEligibleAt)).toBe('2026-03-08T13:00:00.000Z');
  });

  it('America/New_York across the November DST change', () => {
    const ny = lead({ timezone: 'America/New_York', country: 'US' });
    // Sunday 1 November 2026: EST from 02:00; 20:00 local is 01:00Z on the 2nd.
    expect(dialableNow(ny, [], P(), at('2026-11-02T00:59:00Z'))).toMatchObject({ ok: true, localTime: '19:59' });
    const after = dialableNow(ny, [], P(), at('2026-11-02T01:00:00Z'));
    expect(after).toMatchObject({ ok: false, localTime: '20:00' });
    expect(iso(after.nextEligibleAt)).toBe('2026-11-02T14:00:00.000Z');
    // Saturday 31 October, still EDT: 09:00 is 13:00Z.
    expect(iso(dialableNow(ny, [], P(), at('2026-10-31T12:00:00Z')).nextEligibleAt)).toBe('2026-10-31T13:00:00.000Z');
  });

  it('Europe/London on the day BST starts', () => {
    const uk = lead({ timezone: 'Europe/London', country: 'GB' });
    expect(iso(dialableNow(uk, [], P(), at('2026-03-29T07:30:00Z')).nextEligibleAt)).toBe('2026-03-29T08:00:00.000Z'); // 08:30 BST
    expect(dialableNow(uk, [], P(), at('2026-03-28T08:30:00Z')).ok).toBe(false); // 08:30 GMT the day before
    expect(dialableNow(uk, [], P(), at('2026-03-28T09:00:00Z')).ok).toBe(true);
  });

  it('Asia/Kolkata, a half-hour zone', () => {
    const india = lead({ timezone: 'Asia/Kolkata', country: 'IN' });
    const r = dialableNow(india, [], P(), at('2026-11-28T03:29:00Z'));
    expect(r).toMatchObject({ ok: false, localTime: '08:59' });
    expect(iso(r.nextEligibleAt)).toBe('2026-11-28T03:30:00.000Z');
    expect(dialableNow(india, [], P(), at('2026-11-28T03:30:00Z'))).toMatchObject({ ok: true, localTime: '09:00' });
  });
});

describe('dialableNow: attempts, caps and retry delays', () => {
  it('counts the daily cap in the lead’s local day, which may differ from the rep’s', () => {
    // Lead in Los Angeles; rep in Taipei. Three calls on Friday 27 Nov LA time (already Saturday in Taipei).
    const la = lead({ timezone: 'America/Los_Angeles', country: 'US' });
    const history = [call('2026-11-27T18:00:00Z', 'busy'), call('2026-11-27T20:00:00Z', 'busy'), call('2026-11-27T22:00:00Z', 'busy')];
    const now = at('2026-11-28T01:00:00Z'); // 17:00 Friday in LA, 09:00 Saturday in Taipei
    const r = dialableNow(la, history, P(), now, { repTimezone: 'Asia/Taipei' });
    expect(r.attemptsToday).toBe(3);
    expect(r.reasons).toEqual([{ code: 'daily_cap', count: 3, cap: 3, resetsAt: at('2026-11-28T08:00:00Z') }]);
    // Resets at LA midnight, then waits for 09:00 LA.
    expect(iso(r.nextEligibleAt)).toBe('2026-11-28T17:00:00.000Z');
    expect(dialableNow(la, history, P(), at('2026-11-28T17:00:00Z')).ok).toBe(true);
  });

  it('resets the daily cap at the lead’s midnight, not UTC midnight', () => {
    const tw = lead();
    // Three calls on 27 Nov Taipei (the last at 23:30Z on the 26th = 07:30 on the 27th… kept inside the day).
    const history = [call('2026-11-27T02:00:00Z', 'busy'), call('2026-11-27T05:00:00Z', 'busy'), call('2026-11-27T11:00:00Z', 'busy')];
    // 23:59 on the 27th in Taipei is 15:59Z: still capped (and outside the window).
    expect(codes(dialableNow(tw, history, P(), at('2026-11-27T15:59:00Z')))).toContain('daily_cap');
    // 00:00 on the 28th in Taipei is 16:00Z on the 27th — same UTC day, yet a new local day.
    expect(codes(dialableNow(tw, history, P(), at('2026-11-27T16:00:00Z')))).toEqual(['outside_window']);
  });

  it('resets the daily cap at the lead’s midnight on a 25-hour DST day (New York, 1 November)', () => {
    const ny = lead({ timezone: 'America/New_York', country: 'US' });
    // 09:30, 10:30 EDT and 11:30 EST on Sunday 1 Nov 2026 (clocks went back at 02:00).
    const history = [call('2026-11-01T13:30:00Z', 'busy'), call('2026-11-01T14:30:00Z', 'busy'), call('2026-11-01T16:30:00Z', 'busy')];
    const r = dialableNow(ny, history, P(), at('2026-11-01T17:00:00Z'));
    expect(r.reasons).toEqual([{ code: 'daily_cap', count: 3, cap: 3, resetsAt: at('2026-11-02T05:00:00Z') }]);
    expect(iso(r.nextEligibleAt)).toBe('2026-11-02T14:00:00.000Z');
    // A call at 23:30 EST on the 1st still counts for the 1st, not the 2nd.
    const late = [...history.slice(0, 2), call('2026-11-02T04:30:00Z', 'interested')];
    expect(dialableNow(ny, late, P(), at('2026-11-02T14:00:00Z')).attemptsToday).toBe(0);
  });

  it('stops at the lifetime cap for good', () => {
    const history = Array.from({ length: 8 }, (_, i) => call(`2026-11-${10 + i}T03:00:00Z`, 'no_answer'));
    const r = dialableNow(lead(), history, P(), at('2026-11-28T03:00:00Z'));
    expect(r.reasons).toEqual([{ code: 'lifetime_cap', count: 8, cap: 8 }]);
    expect(r.nextEligibleAt).toBeNull();
    expect(dialableNow(lead(), history.slice(1), P(), at('2026-11-28T03:00:00Z')).ok).toBe(true);
  });

  it.each([
    ['no_answer', 120],
    ['busy', 30],
    ['voicemail', 1440],
  ])('waits the retry delay of the last disposition (%s: %i min)', (disposition, minutes) => {
    const ended = at('2026-11-28T02:00:00Z');
    const history = [call('2026-11-28T01:58:00Z', disposition, '2026-11-28T02:00:00Z')];
    const before = dialableNow(lead(), history, P(), ended + minutes * 60_000 - 1);
    const reason = before.reasons.find((r) => r.code === 'retry_delay');
    expect(reason).toEqual({ code: 'retry_delay', disposition, minutes, until: ended + minutes * 60_000 });
    const after = dialableNow(lead(), history, P(), ended + minutes * 60_000);
    expect(codes(after)).not.toContain('retry_delay');
  });

  it('uses only the latest call’s disposition, and none for dispositions without a delay', () => {
    const history = [call('2026-11-28T02:30:00Z', 'interested'), call('2026-11-28T01:00:00Z', 'voicemail')];
    expect(dialableNow(lead(), history, P(), at('2026-11-28T03:00:00Z')).ok).toBe(true);
    const custom = P({ retryMinutes: { ...DEFAULT_POLICY.retryMinutes, interested: 60 } });
    expect(codes(dialableNow(lead(), history, custom, at('2026-11-28T03:00:00Z')))).toEqual(['retry_delay']);
  });

  it('a retry delay that ends after the window moves the next time to tomorrow’s opening', () => {
    const history = [call('2026-11-28T11:40:00Z', 'busy')]; // 19:40 Taipei, +30 min = 20:10
    const r = dialableNow(lead(), history, P(), at('2026-11-28T11:45:00Z'));
    expect(codes(r)).toEqual(['retry_delay']);
    expect(iso(r.nextEligibleAt)).toBe('2026-11-29T01:00:00.000Z');
  });
});

describe('dialableNow: the lead’s own state', () => {
  const now = at('2026-11-28T03:00:00Z');

  it('refuses DNC numbers, invalid numbers and final statuses, with no next time', () => {
    const r = dialableNow(lead({ dnc: true }), [], P(), now);
    expect(r).toMatchObject({ ok: false, reasons: [{ code: 'dnc' }], nextEligibleAt: null });
    expect(codes(dialableNow(lead({ phone: null }), [], P(), now))).toEqual(['invalid_number']);
    expect(codes(dialableNow(lead({ status: 'invalid' }), [], P(), now))).toEqual(['invalid_number']);
    expect(dialableNow(lead({ status: 'not_interested' }), [], P(), now).reasons).toEqual([{ code: 'final_status', status: 'not_interested' }]);
    expect(dialableNow(lead({ status: 'callback' }), [], P(), now).ok).toBe(true);
  });

  it('requires consent only when the policy says so', () => {
    expect(dialableNow(lead(), [], P(), now).ok).toBe(true);
    expect(codes(dialableNow(lead(), [], P({ requireConsent: true }), now))).toEqual(['no_consent']);
    expect(dialableNow(lead({ consent: 'web form 2026-10-01' }), [], P({ requireConsent: true }), now).ok).toBe(true);
    expect(dialableNow(lead({ consentAt: 1 }), [], P({ requireConsent: true }), now).ok).toBe(true);
  });

  it('unknown time zone: blocks, or assumes the rep’s zone by policy', () => {
    const r = dialableNow(lead({ timezone: null }), [], P(), now);
    expect(r).toMatchObject({ ok: false, reasons: [{ code: 'unknown_timezone', policy: 'block' }], zone: null, nextEligibleAt: null });
    expect(codes(dialableNow(lead({ timezone: 'Mars/Base' }), [], P(), now))).toEqual(['unknown_timezone']);
    const assume = P({ unknownTimezone: 'assume_rep' });
    expect(dialableNow(lead({ timezone: null }), [], assume, now, { repTimezone: 'Asia/Taipei' })).toMatchObject({ ok: true, zone: 'Asia/Taipei', zoneAssumed: true, localTime: '11:00' });
    expect(codes(dialableNow(lead({ timezone: null }), [], assume, now, { repTimezone: 'Europe/London' }))).toEqual(['outside_window']); // 03:00 in London
    expect(codes(dialableNow(lead({ timezone: null }), [], assume, now, {}))).toEqual(['unknown_timezone']);
  });

  it('skips leads claimed by another rep until the claim expires; the claimer and expired claims pass', () => {
    const claimed = lead({ claimedBy: 'bob', claimedUntil: now + 10 * 60_000 });
    const r = dialableNow(claimed, [], P(), now, { repId: 'alice' });
    expect(r.reasons).toEqual([{ code: 'claimed_by_other_rep', by: 'bob', until: now + 600_000 }]);
    expect(r.nextEligibleAt).toBe(now + 600_000);
    expect(dialableNow(claimed, [], P(), now, { repId: 'bob' }).ok).toBe(true);
    expect(dialableNow(lead({ claimedBy: 'bob', claimedUntil: now }), [], P(), now, { repId: 'alice' }).ok).toBe(true);
  });

  it('skips public holidays of the lead’s country when configured, and finds the next working day', () => {
    const isHoliday = (country: string, date: string) => country === 'TW' && (date === '2026-11-28' || date === '2026-11-29');
    expect(dialableNow(lead(), [], P(), now, { isHoliday }).ok).toBe(true);
    const r = dialableNow(lead(), [], P({ skipHolidays: true }), now, { isHoliday });
    expect(r.reasons).toEqual([{ code: 'holiday', date: '2026-11-28', country: 'TW' }]);
    expect(iso(r.nextEligibleAt)).toBe('2026-11-30T01:00:00.000Z');
    expect(dialableNow(lead({ country: 'US', timezone: 'Asia/Taipei' }), [], P({ skipHolidays: true }), now, { isHoliday }).ok).toBe(true);
  });

  it('lists every reason at once and waits for the latest of them', () => {
    const history = [call('2026-11-28T02:00:00Z', 'voicemail'), call('2026-11-28T01:00:00Z', 'busy'), call('2026-11-28T01:30:00Z', 'busy')];
    const r = dialableNow(lead({ claimedBy: 'bob', claimedUntil: now + 60_000 }), history, P(), now, { repId: 'alice' });
    expect(codes(r)).toEqual(['daily_cap', 'retry_delay', 'claimed_by_other_rep']);
    expect(iso(r.nextEligibleAt)).toBe('2026-11-29T02:00:00.000Z'); // voicemail + 1 day, inside the window
  });
});

describe('nextEligibleAfterCall (stored in leads.next_eligible_at)', () => {
  it('is the retry end, or the next opening, ignoring the lead’s attributes', () => {
    const h = [call('2026-11-28T03:00:00Z', 'no_answer')];
    expect(iso(nextEligibleAfterCall(lead({ dnc: true }), h, P(), at('2026-11-28T03:00:00Z')))).toBe('2026-11-28T05:00:00.000Z');
    expect(iso(nextEligibleAfterCall(lead(), [call('2026-11-28T11:50:00Z', 'busy')], P(), at('2026-11-28T11:50:00Z')))).toBe('2026-11-29T01:00:00.000Z');
  });

  it('is NEVER past the lifetime cap, and the retry end when the zone is unknown', () => {
    const eight = Array.from({ length: 8 }, (_, i) => call(`2026-11-${10 + i}T03:00:00Z`));
    expect(nextEligibleAfterCall(lead(), eight, P(), at('2026-11-28T03:00:00Z'))).toBe(NEVER);
    expect(iso(nextEligibleAfterCall(lead({ timezone: null }), [call('2026-11-28T03:00:00Z', 'busy')], P(), at('2026-11-28T03:00:00Z')))).toBe('2026-11-28T03:30:00.000Z');
    expect(nextEligibleAfterCall(lead({ timezone: null }), [], P(), 5)).toBe(5);
  });
});

describe('policy overrides', () => {
  const overrides = overridesFromSettings([
    ['policy.country.US.window_start', '10:00'],
    ['policy.country.US.daily_cap', 2],
    ['policy.list.Expo 2026.daily_cap', 1],
    ['policy.list.Expo 2026.require_consent', true],
    ['policy.country.US.bogus', 5],
    ['calling.daily_cap', 9],
    ['policy.country.US.window_end', 17],
  ]);

  it('reads per-country and per-list keys, ignoring unknown fields and wrong types', () => {
    expect(overrides).toEqual({ country: { US: { windowStart: '10:00', dailyCap: 2 } }, list: { 'Expo 2026': { dailyCap: 1, requireConsent: true } } });
  });

  it('applies country, then list (the list wins)', () => {
    expect(policyFor(DEFAULT_POLICY, overrides, { country: 'TW' })).toBe(DEFAULT_POLICY);
    expect(policyFor(DEFAULT_POLICY, overrides, { country: 'us' })).toMatchObject({ windowStart: '10:00', dailyCap: 2, requireConsent: false });
    expect(policyFor(DEFAULT_POLICY, overrides, { country: 'US', listName: 'Expo 2026' })).toMatchObject({ windowStart: '10:00', dailyCap: 1, requireConsent: true });
    expect(policyFor(DEFAULT_POLICY, overrides, { country: null, listName: 'Expo 2026' })).toMatchObject({ windowStart: '09:00', dailyCap: 1 });
  });

  it('an overridden window moves the opening time', () => {
    const us = policyFor(DEFAULT_POLICY, overrides, { country: 'US' });
    const r = dialableNow(lead({ timezone: 'America/New_York', country: 'US' }), [], us, at('2026-11-28T14:30:00Z')); // 09:30 EST
    expect(r).toMatchObject({ ok: false, window: { start: '10:00', end: '20:00' } });
    expect(iso(r.nextEligibleAt)).toBe('2026-11-28T15:00:00.000Z');
  });
});
