import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { Db } from '../../src/db/client.js';
import { insertCall } from '../../src/db/repos/calls.js';
import { addDnc } from '../../src/db/repos/dnc.js';
import { insertFollowup } from '../../src/db/repos/followups.js';
import { insertLead, findLeadById, type NewLeadRow } from '../../src/db/repos/leads.js';
import { setSetting } from '../../src/db/repos/settings.js';
import { insertUser } from '../../src/db/repos/users.js';
import { newId } from '../../src/io/ids.js';
import { refreshAllEligibility, refreshLeadEligibility } from '../../src/services/leadState.js';
import { buildQueue, explainLead, resolveLead } from '../../src/services/queue.js';
import { testDbWithUser } from '../helpers/db.js';

const NOW = Date.parse('2026-11-28T03:00:00Z'); // 11:00 in Taipei, 22:00 (Fri) in New York
let seq = 0;

function addLead(db: Db, p: Partial<NewLeadRow> = {}): string {
  const id = newId(NOW);
  seq++;
  insertLead(db, {
    id,
    name: `Lead ${seq}`,
    phone: `+8869123${String(10000 + seq).slice(-5)}`,
    timezone: 'Asia/Taipei',
    country: 'TW',
    status: 'new',
    priority: 0,
    createdAt: NOW - 86_400_000,
    updatedAt: NOW - 86_400_000,
    ...p,
  });
  return id;
}

function addCall(db: Db, leadId: string, startedAt: number, disposition: string, repId: string | null = null) {
  insertCall(db, { id: newId(startedAt), leadId, repId, startedAt, endedAt: startedAt + 60_000, durationS: 60, disposition, createdAt: startedAt, updatedAt: startedAt });
}

function setup() {
  const { db, user } = testDbWithUser('rep', 'alice', 'Asia/Taipei');
  const bob = insertUser(db, { id: newId(NOW), username: 'bob', displayName: 'Bob', role: 'rep', team: null, timezone: 'Asia/Taipei', lang: null }, NOW);
  return { db, alice: user, bob };
}

const names = (db: Db, ids: string[]) => ids.map((id) => findLeadById(db, id)!.name);

describe('buildQueue', () => {
  it('ranks overdue callbacks, due callbacks, robot A, robot B, new by priority, then retries', () => {
    const { db, alice } = setup();
    const retryOld = addLead(db, { ownerId: alice.id, status: 'contacted', name: 'retry-old', nextEligibleAt: NOW - 3_600_000 });
    addCall(db, retryOld, NOW - 5 * 3_600_000, 'no_answer', alice.id);
    const retryNew = addLead(db, { ownerId: alice.id, status: 'contacted', name: 'retry-new', nextEligibleAt: NOW - 60_000 });
    addCall(db, retryNew, NOW - 4 * 3_600_000, 'no_answer', alice.id);
    addCall(db, retryNew, NOW - 3 * 3_600_000, 'busy', alice.id);
    addLead(db, { ownerId: alice.id, name: 'new-low', priority: 1 });
    addLead(db, { ownerId: alice.id, name: 'new-high', priority: 9 });
    addLead(db, { ownerId: null, name: 'pool-mid', priority: 5 });
    const robotB = addLead(db, { ownerId: alice.id, status: 'contacted', name: 'robot-b', intentGrade: 'B' });
    insertFollowup(db, { leadId: robotB, repId: alice.id, kind: 'robot', dueAt: NOW - 10 * 60_000 }, NOW);
    const robotA = addLead(db, { ownerId: alice.id, status: 'contacted', name: 'robot-a', intentGrade: 'A' });
    insertFollowup(db, { leadId: robotA, repId: alice.id, kind: 'robot', dueAt: NOW + 2 * 3_600_000 }, NOW); // due within 2 h: shown at once
    const cbDue = addLead(db, { ownerId: alice.id, status: 'callback', name: 'cb-due' });
    insertFollowup(db, { leadId: cbDue, repId: alice.id, kind: 'callback', dueAt: NOW - 5 * 60_000 }, NOW);
    const cbLate = addLead(db, { ownerId: alice.id, status: 'callback', name: 'cb-overdue' });
    insertFollowup(db, { leadId: cbLate, repId: alice.id, kind: 'callback', dueAt: NOW - 2 * 3_600_000 }, NOW);
    const cbFuture = addLead(db, { ownerId: alice.id, status: 'callback', name: 'cb-future' });
    insertFollowup(db, { leadId: cbFuture, repId: alice.id, kind: 'callback', dueAt: NOW + 3_600_000 }, NOW);

    const q = buildQueue(db, { rep: alice, now: NOW, limit: 50 });
    expect(q.entries.map((e) => [e.lead.name, e.reason.kind])).toEqual([
      ['cb-overdue', 'callback_overdue'],
      ['cb-due', 'callback_due'],
      ['robot-a', 'robot_a'],
      ['robot-b', 'robot_b'],
      ['new-high', 'new'],
      ['pool-mid', 'new'],
      ['new-low', 'new'],
      ['retry-old', 'retry'],
      ['retry-new', 'retry'],
    ]);
    expect(q.entries.every((e) => e.dialable.ok && e.localTime === '11:00')).toBe(true);
    expect(q.entries.find((e) => e.lead.name === 'retry-new')!.reason).toMatchObject({ kind: 'retry', attempt: 3, dueAt: NOW - 60_000 });
    expect(q.entries[0].reason.followupId).toBeTruthy();
    // limit cuts the ranked list.
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 3 }).entries.map((e) => e.lead.name)).toEqual(['cb-overdue', 'cb-due', 'robot-a']);
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 0 }).entries).toEqual([]);
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 50, includePool: false }).entries.map((e) => e.lead.name)).not.toContain('pool-mid');
  });

  it('keeps out DNC, deleted, other reps’ and not-yet-eligible leads; other zones outside their window', () => {
    const { db, alice, bob } = setup();
    addLead(db, { ownerId: alice.id, name: 'ok' });
    addLead(db, { ownerId: alice.id, name: 'dnc', dnc: 1 });
    addLead(db, { ownerId: alice.id, name: 'deleted', deletedAt: NOW - 1 });
    addLead(db, { ownerId: bob.id, name: 'bobs' });
    addLead(db, { ownerId: alice.id, name: 'later', status: 'contacted', nextEligibleAt: NOW + 60_000 });
    addLead(db, { ownerId: alice.id, name: 'ny-night', timezone: 'America/New_York', country: 'US', priority: 50 });
    addLead(db, { ownerId: alice.id, name: 'closed', status: 'not_interested' });
    addLead(db, { ownerId: alice.id, name: 'no-zone', timezone: null, priority: 40 });
    expect(names(db, buildQueue(db, { rep: alice, now: NOW, limit: 10 }).entries.map((e) => e.lead.id))).toEqual(['ok']);
  });

  it('skips leads claimed by another rep, and lists them with the reason when blocked ones are asked for', () => {
    const { db, alice, bob } = setup();
    addLead(db, { ownerId: null, name: 'claimed', claimedBy: bob.id, claimedUntil: NOW + 600_000, priority: 5 });
    addLead(db, { ownerId: null, name: 'expired-claim', claimedBy: bob.id, claimedUntil: NOW - 1 });
    addLead(db, { ownerId: null, name: 'mine', claimedBy: alice.id, claimedUntil: NOW + 600_000 });
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 10 }).entries.map((e) => e.lead.name).sort()).toEqual(['expired-claim', 'mine']);
    const all = buildQueue(db, { rep: alice, now: NOW, limit: 10, includeBlocked: true }).entries;
    const claimed = all.find((e) => e.lead.name === 'claimed')!;
    expect(claimed.dialable).toMatchObject({ ok: false, reasons: [{ code: 'claimed_by_other_rep', by: bob.id }] });
  });

  it('applies caps and retry delays from history exactly, even when the stored eligibility is stale', () => {
    const { db, alice } = setup();
    const capped = addLead(db, { ownerId: alice.id, status: 'contacted', name: 'capped' });
    for (const h of [1, 1.5, 2]) addCall(db, capped, NOW - h * 3_600_000, 'interested', alice.id);
    const busy = addLead(db, { ownerId: alice.id, status: 'contacted', name: 'busy' });
    addCall(db, busy, NOW - 10 * 60_000, 'busy', alice.id);
    const blocked = buildQueue(db, { rep: alice, now: NOW, limit: 10, includeBlocked: true }).entries;
    expect(blocked.map((e) => [e.lead.name, e.dialable.reasons.map((r) => r.code)])).toEqual([
      ['capped', ['daily_cap']],
      ['busy', ['retry_delay']],
    ]);
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 10 }).entries).toEqual([]);
  });

  it('follows per-country overrides and require-consent from config', () => {
    const { db, alice } = setup();
    addLead(db, { ownerId: alice.id, name: 'tw' });
    addLead(db, { ownerId: alice.id, name: 'tw-consent', consent: 'web form' });
    setSetting(db, 'policy.country.TW.window_start', '11:30', NOW);
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 10 }).entries).toEqual([]);
    setSetting(db, 'policy.country.TW.window_start', '10:30', NOW);
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 10 }).entries).toHaveLength(2);
    setSetting(db, 'calling.require_consent', true, NOW);
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 10 }).entries.map((e) => e.lead.name)).toEqual(['tw-consent']);
  });

  it('filters by list, and a filter that matches nothing still stops at maxScan', () => {
    const { db, alice } = setup();
    db.sqlite.prepare(`insert into lists (id, name, kind, created_at, updated_at) values ('LST1', 'Expo', 'leads', 0, 0)`).run();
    addLead(db, { ownerId: alice.id, name: 'in-list', listId: 'LST1' });
    addLead(db, { ownerId: alice.id, name: 'other', priority: 9 });
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 10, filter: { listId: 'LST1' } }).entries.map((e) => e.lead.name)).toEqual(['in-list']);
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 10, filter: { listId: 'none' }, maxScan: 1 })).toMatchObject({ entries: [], truncated: true });
  });

  it('stops at maxScan and says so', () => {
    const { db, alice } = setup();
    for (let i = 0; i < 5; i++) addLead(db, { ownerId: alice.id, dnc: 0, consent: null, name: `x${i}`, phone: null });
    const q = buildQueue(db, { rep: alice, now: NOW, limit: 10, maxScan: 3 });
    expect(q).toMatchObject({ entries: [], examined: 3, truncated: true });
  });
});

describe('refreshLeadEligibility', () => {
  it('stores the next eligible instant from the history and the configured retry delays', () => {
    const { db, alice } = setup();
    const id = addLead(db, { ownerId: alice.id, status: 'contacted' });
    addCall(db, id, NOW, 'no_answer', alice.id);
    expect(refreshLeadEligibility(db, id, NOW)).toBe(NOW + 60_000 + 120 * 60_000);
    expect(findLeadById(db, id)!.nextEligibleAt).toBe(NOW + 60_000 + 120 * 60_000);
    setSetting(db, 'calling.retry.no_answer', 30, NOW);
    expect(refreshLeadEligibility(db, id, NOW)).toBe(NOW + 60_000 + 30 * 60_000);
    expect(refreshAllEligibility(db, NOW)).toBe(1);
    expect(refreshLeadEligibility(db, 'nope', NOW)).toBeNull();
  });
});

describe('explainLead / resolveLead', () => {
  it('finds a lead by id, by phone in any format, or by a unique name', () => {
    const { db, alice } = setup();
    const id = addLead(db, { ownerId: alice.id, name: '王小明', phone: '+886912345678' });
    addLead(db, { ownerId: alice.id, name: '王小美' });
    expect(resolveLead(db, id).id).toBe(id);
    expect(resolveLead(db, id.toLowerCase()).id).toBe(id);
    expect(resolveLead(db, '0912-345-678').id).toBe(id);
    expect(resolveLead(db, '+886 912 345 678').id).toBe(id);
    expect(resolveLead(db, '０９１２３４５６７８').id).toBe(id);
    expect(resolveLead(db, '王小明').id).toBe(id);
    const amb = (() => {
      try {
        resolveLead(db, '王小');
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(amb).toMatchObject({ kind: 'usage', key: 'queue.error.lead_ambiguous', params: { count: 2 } });
    expect(() => resolveLead(db, 'nobody')).toThrow(expect.objectContaining({ kind: 'not_found' }));
    expect(() => resolveLead(db, '0999 000 000')).toThrow(expect.objectContaining({ kind: 'not_found' }));
    expect(() => resolveLead(db, '100%_x')).toThrow(expect.objectContaining({ kind: 'not_found' }));
  });

  it('explains reasons, the policy in force and the last call; refuses another rep’s lead', () => {
    const { db, alice, bob } = setup();
    const id = addLead(db, { ownerId: alice.id, status: 'contacted', name: 'Lin' });
    addCall(db, id, NOW - 30 * 60_000, 'no_answer', alice.id);
    const ex = explainLead(db, 'Lin', alice, NOW);
    expect(ex.dialable.reasons.map((r) => r.code)).toEqual(['retry_delay']);
    expect(ex.dialable.nextEligibleAt).toBe(NOW - 30 * 60_000 + 60_000 + 120 * 60_000);
    expect(ex.policy).toMatchObject({ windowStart: '09:00', windowEnd: '20:00', dailyCap: 3, lifetimeCap: 8 });
    expect(ex.lastCall).toEqual({ at: NOW - 30 * 60_000, disposition: 'no_answer' });
    expect(() => explainLead(db, 'Lin', bob, NOW)).toThrow(expect.objectContaining({ kind: 'refused' }));
  });
});

describe('violations', () => {
  it('records a call made while not dialable with each rule it broke, judged at the call’s start', async () => {
    const { recordCallViolations, listViolationRows } = await import('../../src/services/violations.js');
    const { db, alice, bob } = setup();
    const id = addLead(db, { ownerId: bob.id, status: 'contacted', dnc: 1, phone: '+886911111111' });
    const earlier = Date.parse('2026-11-27T13:00:00Z'); // 21:00 Taipei
    addDnc(db, { phone: '+886911111111', reason: 'asked', source: 'call', addedBy: null }, earlier - 1);
    addCall(db, id, earlier - 3_600_000, 'busy', bob.id);
    const callId = newId(earlier);
    insertCall(db, { id: callId, leadId: id, repId: bob.id, startedAt: earlier, endedAt: earlier + 60_000, durationS: 60, disposition: 'no_answer', createdAt: NOW, updatedAt: NOW });
    expect(recordCallViolations(db, { id: callId, leadId: id, repId: bob.id, startedAt: earlier }, NOW)).toEqual(['dnc', 'outside_window']);
    expect(recordCallViolations(db, { id: callId, leadId: id, repId: bob.id, startedAt: earlier }, NOW)).toEqual([]); // never twice
    // A number put on the DNC list after the call, and a status the call itself set, are not held against it.
    const later = addLead(db, { ownerId: bob.id, status: 'not_interested', phone: '+886922222222' });
    const laterCall = newId(NOW);
    insertCall(db, { id: laterCall, leadId: later, repId: bob.id, startedAt: NOW - 60_000, endedAt: NOW, durationS: 60, disposition: 'dnc_request', createdAt: NOW, updatedAt: NOW });
    addDnc(db, { phone: '+886922222222', reason: 'asked', source: 'call', addedBy: null }, NOW);
    expect(recordCallViolations(db, { id: laterCall, leadId: later, repId: bob.id, startedAt: NOW - 60_000 }, NOW)).toEqual([]);
    const ok = addLead(db, { ownerId: bob.id });
    const okCall = newId(NOW);
    insertCall(db, { id: okCall, leadId: ok, repId: bob.id, startedAt: NOW, endedAt: NOW + 60_000, durationS: 60, disposition: 'no_answer', createdAt: NOW, updatedAt: NOW });
    expect(recordCallViolations(db, { id: okCall, leadId: ok, repId: bob.id, startedAt: NOW }, NOW)).toEqual([]);

    // An admin sees every violation (a team lead without a team would see only their own: services/scope.ts).
    const all = listViolationRows(db, { ...alice, role: 'admin' });
    expect(all.map((v) => [v.rule, v.severity, v.repName]).sort()).toEqual([
      ['dnc', 'high', 'bob'],
      ['outside_window', 'high', 'bob'],
    ]);
    expect(all.find((v) => v.rule === 'outside_window')!.detail).toMatchObject({ localTime: '21:00', zone: 'Asia/Taipei' });
    expect(listViolationRows(db, alice)).toEqual([]); // a rep sees only their own
    expect(listViolationRows(db, bob, { rule: 'dnc' }).map((v) => v.rule)).toEqual(['dnc']);
    expect(listViolationRows(db, bob, { from: earlier + 1 })).toEqual([]);
  });

  it('leads why shows an open callback', () => {
    const { db, alice } = setup();
    const id = addLead(db, { ownerId: alice.id, status: 'callback', name: 'Cb' });
    insertFollowup(db, { leadId: id, repId: alice.id, kind: 'callback', dueAt: NOW + 3_600_000 }, NOW);
    expect(explainLead(db, 'Cb', alice, NOW).openCallback).toEqual({ dueAt: NOW + 3_600_000 });
    // …and the lead does not come up as a retry before it.
    expect(buildQueue(db, { rep: alice, now: NOW, limit: 10 }).entries).toEqual([]);
  });
});
