import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { addScript } from '../../src/services/scripts.js';
import { insertDeal } from '../../src/db/repos/session.js';
import { testDbWithUser } from '../helpers/db.js';
import { addUser } from '../../src/services/users.js';
import {
  claimLead,
  discardDraft,
  leadPrep,
  emptyDraft,
  fallbackQueue,
  loadDraft,
  productFor,
  recordOverride,
  recordSkip,
  usableScripts,
  releaseAllClaims,
  saveDraft,
  saveWrapUp,
  todaySummary,
  type CallDraft,
} from '../../src/services/session.js';
import { findLeadById, insertLead } from '../../src/db/repos/leads.js';
import { insertCall } from '../../src/db/repos/calls.js';
import { listViolations } from '../../src/db/repos/violations.js';
import { listAudit } from '../../src/db/repos/audit.js';
import { findDnc } from '../../src/db/repos/dnc.js';
import { insertFollowup, openFollowupsForLead } from '../../src/db/repos/followups.js';
import { AppError } from '../../src/core/errors.js';
import type { Db } from '../../src/db/client.js';
import type { User } from '../../src/core/types.js';
import { lists, products, targets } from '../../src/db/schema.js';
import { setSetting } from '../../src/db/repos/settings.js';

const NOW = Date.UTC(2026, 10, 28, 2, 0); // 10:00 in Taipei

function setup() {
  const { db, user } = testDbWithUser('rep', 'alice');
  const bob = addUser(db, null, { username: 'bob', role: 'rep', timezone: 'Asia/Taipei' }, NOW);
  const lead = (id: string, extra: Record<string, unknown> = {}) =>
    insertLead(db, { id, name: `客戶${id}`, phone: `+88691200000${id.slice(-1)}`, timezone: 'Asia/Taipei', ownerId: user.id, priority: 10, createdAt: NOW, updatedAt: NOW, ...extra });
  lead('L1', { priority: 30 });
  lead('L2', { priority: 20 });
  lead('L3', { priority: 10 });
  return { db, user, bob };
}

function draft(db: Db, leadId: string, patch: Partial<CallDraft> = {}): CallDraft {
  const l = findLeadById(db, leadId)!;
  return { ...emptyDraft(l, NOW - 5 * 60_000), stage: 'wrapup', endedAt: NOW - 60_000, ...patch };
}

const errKey = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as AppError).key;
  }
  return null;
};

describe('claims', () => {
  it('a lead claimed by one rep is refused to another until the claim expires', () => {
    const { db, user, bob } = setup();
    expect(claimLead(db, user, 'L1', NOW).ok).toBe(true);
    const other = claimLead(db, bob, 'L1', NOW + 60_000);
    expect(other).toMatchObject({ ok: false, holder: 'alice' });
    // the holder renews freely
    expect(claimLead(db, user, 'L1', NOW + 60_000).ok).toBe(true);
    // default claim is 15 minutes: after that bob may take it
    expect(claimLead(db, bob, 'L1', NOW + 60_000 + 16 * 60_000).ok).toBe(true);
  });

  it('the fallback queue hides leads claimed by others but not by me; release frees them', () => {
    const { db, user, bob } = setup();
    claimLead(db, bob, 'L1', NOW);
    expect(fallbackQueue(db, user, NOW).map((l) => l.id)).toEqual(['L2', 'L3']);
    claimLead(db, user, 'L2', NOW);
    expect(fallbackQueue(db, user, NOW).map((l) => l.id)).toEqual(['L2', 'L3']);
    expect(releaseAllClaims(db, bob)).toBe(1);
    expect(fallbackQueue(db, user, NOW).map((l) => l.id)).toEqual(['L1', 'L2', 'L3']);
  });

  it('claiming an unknown lead is not found', () => {
    const { db, user } = setup();
    expect(errKey(() => claimLead(db, user, 'nope', NOW))).toBe('session.error.no_lead');
  });
});

describe('drafts', () => {
  it('one draft per rep, overwritten on every save, gone after discard', () => {
    const { db, user, bob } = setup();
    saveDraft(db, user, draft(db, 'L1', { notes: '第一' }), NOW);
    saveDraft(db, user, draft(db, 'L1', { notes: '第一 第二' }), NOW + 1000);
    expect(loadDraft(db, user)).toMatchObject({ leadId: 'L1', notes: '第一 第二', savedAt: NOW + 1000 });
    expect(loadDraft(db, bob)).toBeNull();
    discardDraft(db, user);
    expect(loadDraft(db, user)).toBeNull();
  });
});

describe('saveWrapUp', () => {
  it('writes call, answers, follow-up, lead state and audit, fulfils due callbacks, removes the draft', () => {
    const { db, user } = setup();
    const due = insertFollowup(db, { leadId: 'L1', repId: user.id, kind: 'callback', dueAt: NOW - 3600_000 }, NOW - 86400_000);
    const robot = insertFollowup(db, { leadId: 'L1', repId: user.id, kind: 'robot', dueAt: NOW + 1800_000 }, NOW - 86400_000);
    const care = insertFollowup(db, { leadId: 'L1', repId: user.id, kind: 'birthday', dueAt: NOW + 86400_000 }, NOW - 86400_000);
    claimLead(db, user, 'L1', NOW);
    const d = draft(db, 'L1', { notes: '客戶想要報價', answers: { budget: '50k' }, etiquette: ['greeting'], disposition: 'callback_requested', callbackAt: NOW + 86400_000 });
    saveDraft(db, user, d, NOW);
    const res = saveWrapUp(db, user, d, NOW);
    const call = db.sqlite.prepare('select * from calls where id = ?').get(res.callId) as Record<string, unknown>;
    expect(call).toMatchObject({ lead_id: 'L1', rep_id: user.id, disposition: 'callback_requested', notes: '客戶想要報價', duration_s: 240, answers: '{"budget":"50k"}' });
    const open = openFollowupsForLead(db, 'L1');
    expect(open.map((f) => f.id).sort()).toEqual([res.followupId, care.id].sort());
    expect(open.some((f) => f.id === robot.id)).toBe(false);
    expect(open.find((f) => f.id === res.followupId)).toMatchObject({ kind: 'callback', dueAt: NOW + 86400_000, note: '客戶想要報價' });
    expect(open.some((f) => f.id === due.id)).toBe(false);
    const lead = findLeadById(db, 'L1')!;
    expect(lead).toMatchObject({ status: 'callback', attemptsTotal: 1, lastDisposition: 'callback_requested', claimedBy: null });
    expect(listAudit(db).map((a) => a.action)).toContain('call.wrapup');
    expect(loadDraft(db, user)).toBeNull();
  });

  it('a disposition needing a callback refuses to save without one, and nothing is written', () => {
    const { db, user } = setup();
    const d = draft(db, 'L1', { disposition: 'interested' });
    saveDraft(db, user, d, NOW);
    expect(errKey(() => saveWrapUp(db, user, d, NOW))).toBe('session.error.callback_required');
    expect(errKey(() => saveWrapUp(db, user, draft(db, 'L1'), NOW))).toBe('session.error.no_disposition');
    expect(errKey(() => saveWrapUp(db, user, draft(db, 'L1', { disposition: 'nonsense' }), NOW))).toBe('session.error.bad_disposition');
    expect(errKey(() => saveWrapUp(db, user, draft(db, 'L1', { disposition: 'busy', callbackAt: NOW - 3600_000 }), NOW))).toBe('session.error.callback_past');
    expect(db.sqlite.prepare('select count(*) n from calls').get()).toEqual({ n: 0 });
    expect(loadDraft(db, user)).not.toBeNull();
  });

  it('a do-not-call request adds the number to the DNC list at once and closes the lead', () => {
    const { db, user } = setup();
    const res = saveWrapUp(db, user, draft(db, 'L2', { disposition: 'dnc_request' }), NOW);
    expect(res.dncAdded).toBe(true);
    expect(findDnc(db, '+886912000002')).toMatchObject({ source: 'call', addedBy: 'alice' });
    expect(findLeadById(db, 'L2')).toMatchObject({ dnc: true, status: 'closed' });
    expect(listAudit(db).map((a) => a.action)).toContain('dnc.add');
  });

  it('the DNC toggle works with any disposition; retry delays set the next eligible time', () => {
    const { db, user } = setup();
    saveWrapUp(db, user, draft(db, 'L3', { disposition: 'busy', dnc: true }), NOW);
    expect(findDnc(db, '+886912000003')).toBeDefined();
    saveWrapUp(db, user, draft(db, 'L1', { disposition: 'no_answer' }), NOW);
    // the dialable rules (services/leadState) count the retry delay from the end of the call
    expect(findLeadById(db, 'L1')).toMatchObject({ status: 'contacted', nextEligibleAt: NOW - 60_000 + 120 * 60_000, dnc: false });
  });

  it('saves a survey, opens and advances a deal', () => {
    const { db, user } = setup();
    const first = saveWrapUp(db, user, draft(db, 'L1', { disposition: 'interested', callbackAt: NOW + 3600_000, deal: { dealId: null, stage: 'qualified', amount: 5000 }, survey: { kind: 'csat', score: 5 } }), NOW);
    expect(first.dealId).toBeTruthy();
    saveWrapUp(db, user, draft(db, 'L1', { disposition: 'not_interested', deal: { dealId: first.dealId, stage: 'lost', amount: null } }), NOW + 1000);
    expect(db.sqlite.prepare('select stage from deals').all()).toEqual([{ stage: 'lost' }]);
    expect(db.sqlite.prepare('select stage from deal_stages order by at, id').all()).toEqual([{ stage: 'qualified' }, { stage: 'lost' }]);
    expect(db.sqlite.prepare('select kind, score from surveys').all()).toEqual([{ kind: 'csat', score: 5 }]);
    expect(findLeadById(db, 'L1')!.status).toBe('not_interested');
  });

  it('a conversation with mandatory etiquette missing is refused (nothing written) unless the customer hung up', () => {
    const { db, user } = setup();
    const missing = { etiquetteMissing: ['introduce', 'purpose'], hungUpBy: 'rep' as const };
    expect(errKey(() => saveWrapUp(db, user, draft(db, 'L1', { disposition: 'not_interested', ...missing }), NOW))).toBe('session.error.etiquette_missing');
    expect(db.sqlite.prepare('select count(*) n from calls').get()).toEqual({ n: 0 });
    expect(loadDraft(db, user)).toBeNull(); // (the draft was never saved in this test; the UI keeps its own)
    // the customer hung up: saved, and the steps are excused (no violation)
    saveWrapUp(db, user, draft(db, 'L1', { disposition: 'not_interested', ...missing, hungUpBy: 'customer' }), NOW);
    expect(listViolations(db)).toEqual([]);
    // marked done in the wrap-up: saved, and the call's compliance flags say so
    saveWrapUp(db, user, draft(db, 'L2', { disposition: 'not_interested', etiquette: ['greeting', 'introduce'], etiquetteAttested: ['introduce'] }), NOW);
    expect(db.sqlite.prepare("select compliance from calls where lead_id = 'L2'").get()).toEqual({ compliance: JSON.stringify(['etiquette_attested:introduce']) });
  });

  it('skipped etiquette is logged on a connected call that is not a conversation, never on busy or no answer', () => {
    const { db, user } = setup();
    saveWrapUp(db, user, draft(db, 'L1', { disposition: 'wrong_person', etiquetteMissing: ['purpose'], hungUpBy: 'rep' }), NOW);
    saveWrapUp(db, user, draft(db, 'L2', { disposition: 'busy', etiquetteMissing: ['greeting', 'purpose'], hungUpBy: 'rep' }), NOW);
    saveWrapUp(db, user, draft(db, 'L3', { disposition: 'hung_up', etiquetteMissing: ['purpose'], hungUpBy: 'customer' }), NOW);
    expect(listViolations(db).map((v) => [v.rule, v.leadId, v.detail.step])).toEqual([['etiquette_skipped', 'L1', 'purpose']]);
  });

  it('a callback kept outside the lead\'s calling window is on the wrap-up\'s audit entry (lead time)', () => {
    const { db, user } = setup();
    // 2026-11-28 21:30 Taipei
    saveWrapUp(db, user, draft(db, 'L1', { disposition: 'callback_requested', callbackAt: Date.UTC(2026, 10, 28, 13, 30) }), NOW);
    saveWrapUp(db, user, draft(db, 'L2', { disposition: 'callback_requested', callbackAt: Date.UTC(2026, 10, 28, 6, 0) }), NOW);
    const details = listAudit(db).filter((a) => a.action === 'call.wrapup').map((a) => [a.detail.leadId, a.detail.callbackOutsideWindow ?? null]);
    expect(details.sort()).toEqual([['L1', '21:30'], ['L2', null]]);
  });

  it('the prep card carries the calling window that applies to the lead (its country override included)', () => {
    const { db } = setup();
    setSetting(db, 'policy.country.GB.window_end', '19:00', NOW);
    insertLead(db, { id: 'UK1', name: 'Liam', phone: '+447700900123', country: 'GB', timezone: 'Europe/London', ownerId: null, createdAt: NOW, updatedAt: NOW });
    expect(leadPrep(db, 'L1').window).toEqual({ start: '09:00', end: '20:00' });
    expect(leadPrep(db, 'UK1').window).toEqual({ start: '09:00', end: '19:00' });
  });

  it('is one transaction: a failure in the middle leaves no call behind', () => {
    const { db, user } = setup();
    db.sqlite.exec(`create trigger boom before insert on followups begin select raise(abort, 'boom'); end;`);
    expect(() => saveWrapUp(db, user, draft(db, 'L1', { disposition: 'callback_requested', callbackAt: NOW + 3600_000 }), NOW)).toThrow();
    expect(db.sqlite.prepare('select count(*) n from calls').get()).toEqual({ n: 0 });
    expect(findLeadById(db, 'L1')!.attemptsTotal).toBe(0);
  });
});

describe('override and summary', () => {
  it('an override stores reason codes, never UI message keys', () => {
    const { db, user } = setup();
    recordOverride(db, user, 'L1', ['session.why.outside_window', 'daily_cap'], 'asked for it', NOW);
    expect(listViolations(db)[0].detail).toMatchObject({ reasons: ['outside_window', 'daily_cap'] });
    expect(listAudit(db).find((a) => a.action === 'session.override')!.detail).toMatchObject({ reasons: ['outside_window', 'daily_cap'] });
  });

  it('an override needs a reason and is logged as a violation', () => {
    const { db, user } = setup();
    expect(errKey(() => recordOverride(db, user, 'L1', ['outside_window'], '  ', NOW))).toBe('session.error.override_reason');
    recordOverride(db, user, 'L1', ['outside_window'], 'customer asked for 21:30', NOW);
    expect(listViolations(db)[0]).toMatchObject({ rule: 'dial_override', severity: 'medium', leadId: 'L1', detail: { reasons: ['outside_window'], reason: 'customer asked for 21:30' } });
  });

  it("today's summary counts this rep's calls in their local day, against daily targets", () => {
    const { db, user, bob } = setup();
    db.orm.insert(targets).values({ id: 't1', repId: user.id, period: 'day', metric: 'calls', value: 60, createdAt: NOW, updatedAt: NOW }).run();
    saveWrapUp(db, user, { ...draft(db, 'L1', { disposition: 'callback_requested', callbackAt: NOW + 3600_000 }), startedAt: NOW - 300_000, endedAt: NOW - 180_000 }, NOW);
    saveWrapUp(db, user, { ...draft(db, 'L2', { disposition: 'no_answer' }), startedAt: NOW - 100_000, endedAt: NOW - 40_000 }, NOW);
    saveWrapUp(db, bob as User, draft(db, 'L3', { disposition: 'no_answer' }), NOW);
    // yesterday (Taipei) does not count
    saveWrapUp(db, user, { ...draft(db, 'L3', { disposition: 'busy' }), startedAt: NOW - 11 * 3600_000, endedAt: NOW - 11 * 3600_000 + 30_000 }, NOW);
    const s = todaySummary(db, user, NOW);
    expect(s).toMatchObject({ date: '2026-11-28', calls: 2, conversations: 1, connected: 1, talkTimeS: 180, followupsSet: 1, connectRate: 0.5, avgCallS: 180, targets: { calls: 60 } });
  });
});

describe("today's follow-ups set", () => {
  it('counts only the follow-ups the rep set in wrap-ups, not those a robot import created', () => {
    const { db, user } = setup();
    saveWrapUp(db, user, draft(db, 'L1', { disposition: 'callback_requested', callbackAt: NOW + 3600_000 }), NOW);
    // a robot import today: a robot call and its follow-up, owned by the same rep
    insertCall(db, { id: 'R1', leadId: 'L2', repId: user.id, channel: 'robot', startedAt: NOW - 60_000, endedAt: NOW, durationS: 60, disposition: 'interested', createdAt: NOW, updatedAt: NOW });
    insertFollowup(db, { leadId: 'L2', repId: user.id, kind: 'robot', dueAt: NOW + 7200_000, callId: 'R1' }, NOW);
    // a follow-up set by hand (no call) is not a wrap-up's either
    insertFollowup(db, { leadId: 'L3', repId: user.id, kind: 'callback', dueAt: NOW + 7200_000 }, NOW);
    expect(todaySummary(db, user, NOW).followupsSet).toBe(1);
  });
});

describe('saveWrapUp on a busy database', () => {
  it('fails with a busy error (nothing written, the draft kept) and succeeds on retry', async () => {
    const { tempDir } = await import('../helpers/cli.js');
    const { openDb } = await import('../../src/db/client.js');
    const { initWorkspace } = await import('../../src/services/users.js');
    const path = await import('node:path');
    const file = path.join(tempDir(), 'busy.db');
    const a = openDb(file, { busyTimeoutMs: 50 });
    const { user } = initWorkspace(a, { username: 'alice', role: 'rep', country: 'TW', timezone: 'Asia/Taipei' }, NOW);
    insertLead(a, { id: 'L1', name: '王小明', phone: '+886912000001', timezone: 'Asia/Taipei', ownerId: user.id, createdAt: NOW, updatedAt: NOW });
    const d = draft(a, 'L1', { disposition: 'no_answer', notes: '忙線中' });
    saveDraft(a, user, d, NOW);
    const b = openDb(file);
    b.sqlite.prepare('begin immediate').run();
    try {
      let err: unknown = null;
      try {
        saveWrapUp(a, user, d, NOW);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).kind).toBe('busy');
    } finally {
      b.sqlite.prepare('rollback').run();
      b.close();
    }
    expect(a.sqlite.prepare('select count(*) n from calls').get()).toEqual({ n: 0 });
    expect(loadDraft(a, user)).toMatchObject({ notes: '忙線中' });
    expect(saveWrapUp(a, user, d, NOW).callId).toBeTruthy();
    expect(loadDraft(a, user)).toBeNull();
    a.close();
  });
});

describe('skipping a lead', () => {
  it('records the reason as a queue.skip audit entry in one immediate write transaction', () => {
    const { db, user } = setup();
    const write = vi.spyOn(db, 'write');
    let inTx: boolean | null = null;
    const insert = db.sqlite.prepare.bind(db.sqlite);
    vi.spyOn(db.sqlite, 'prepare').mockImplementation((sql: string) => {
      if (/insert into "audit_log"/i.test(sql)) inTx = db.sqlite.inTransaction;
      return insert(sql);
    });
    const id = recordSkip(db, user, 'L2', { reason: '  need to prepare first ', code: 'prepare' }, NOW);
    expect(write).toHaveBeenCalledTimes(1);
    expect(inTx).toBe(true);
    const entry = listAudit(db).find((a) => a.id === id)!;
    expect(entry).toMatchObject({ actor: 'alice', action: 'queue.skip', entity: 'lead', entityId: 'L2', at: NOW, detail: { reason: 'need to prepare first', code: 'prepare', repId: user.id } });
    // the lead itself is untouched
    expect(findLeadById(db, 'L2')).toMatchObject({ status: 'new', attemptsTotal: 0, nextEligibleAt: 0 });
  });

  it('needs a reason and a lead; nothing is written otherwise', () => {
    const { db, user } = setup();
    expect(errKey(() => recordSkip(db, user, 'L1', { reason: ' ', code: 'other' }, NOW))).toBe('session.error.skip_reason');
    expect(errKey(() => recordSkip(db, user, 'NOPE', { reason: 'duplicate', code: 'duplicate' }, NOW))).toBe('session.error.no_lead');
    expect(listAudit(db).filter((a) => a.action === 'queue.skip')).toEqual([]);
  });
});

describe('scripts for a lead', () => {
  const EN = fs.readFileSync(path.join(ROOT, 'examples/scripts/sales-en.yaml'), 'utf8');
  const ZH = fs.readFileSync(path.join(ROOT, 'examples/scripts/sales-zh-TW.yaml'), 'utf8');
  const variant = (base: string, id: string, name: string, head: string) =>
    base.replace(/^id: .*$/m, `id: ${id}`).replace(/^name: .*$/m, `name: ${name}`).replace(/^products: .*$/m, head);

  function world() {
    const { db, user } = setup();
    const boss = addUser(db, null, { username: 'boss', role: 'lead', timezone: 'Asia/Taipei' }, NOW);
    db.orm.insert(lists).values({ id: 'LIST1', name: 'Expo 2026', kind: 'leads', createdAt: NOW, updatedAt: NOW }).run();
    for (const [id, code, name] of [['P1', 'cloudledger-pro', 'CloudLedger Pro'], ['P2', 'payroll', 'Payroll Plus']]) {
      db.orm.insert(products).values({ id, code, name, price: 990, currency: 'TWD', highlights: JSON.stringify([`${name} highlight`]), createdAt: NOW, updatedAt: NOW }).run();
    }
    for (const source of [
      EN,
      ZH,
      variant(EN, 'payroll-en', 'Payroll pitch', 'products: [payroll]'),
      variant(EN, 'expo-en', 'Expo follow-up', 'lists: [Expo 2026]\nproducts: [cloudledger-pro]'),
    ]) {
      expect(addScript(db, boss, source, NOW).status).toBe('added');
    }
    return { db, user };
  }
  const order = (xs: { scriptId: string; match: { by: string; value: string | null } }[]) => xs.map((x) => `${x.scriptId}:${x.match.by}:${x.match.value ?? ''}`);

  it("ranks by the lead's list, then the product they want, then their language; each with why", () => {
    const { db } = world();
    insertLead(db, { id: 'L9', name: '林小姐', phone: '+886912000009', country: 'TW', listId: 'LIST1', custom: JSON.stringify({ product: 'Payroll Plus' }), createdAt: NOW, updatedAt: NOW });
    const lead = findLeadById(db, 'L9')!;
    expect(order(usableScripts(db, lead, 'en'))).toEqual(['expo-en:list:Expo 2026', 'payroll-en:product:payroll', 'sales-zh-TW:language:zh-TW', 'sales-en:any:']);
    // without the list, the product decides; without the product, the language
    db.sqlite.prepare(`update leads set list_id = null where id = 'L9'`).run();
    expect(order(usableScripts(db, findLeadById(db, 'L9')!, 'en'))[0]).toBe('payroll-en:product:payroll');
    db.sqlite.prepare(`update leads set custom = '{}' where id = 'L9'`).run();
    expect(order(usableScripts(db, findLeadById(db, 'L9')!, 'en'))[0]).toBe('sales-zh-TW:language:zh-TW');
  });

  it("a deal's product counts as the lead's product; the product sheet follows the script", () => {
    const { db, user } = world();
    insertLead(db, { id: 'L8', name: 'Liam Clark', phone: '+442079460008', country: 'GB', createdAt: NOW, updatedAt: NOW });
    insertDeal(db, { leadId: 'L8', repId: user.id, amount: 100, currency: 'TWD', productId: 'P2', stage: 'qualified' }, NOW);
    const lead = findLeadById(db, 'L8')!;
    const ranked = usableScripts(db, lead, 'en');
    expect(order(ranked)).toEqual(['payroll-en:product:payroll', 'sales-en:language:en', 'expo-en:language:en', 'sales-zh-TW:any:']);
    expect(productFor(db, lead, ranked[0])).toEqual({ name: 'Payroll Plus', price: '990 TWD', highlights: ['Payroll Plus highlight'] });
    expect(productFor(db, lead, ranked[1])!.name).toBe('CloudLedger Pro');
    expect(productFor(db, lead, null)!.name).toBe('Payroll Plus');
  });

  it('a deal opened in the wrap-up records the product the call was about, and its currency', () => {
    const { db, user } = world();
    insertLead(db, { id: 'L7', name: 'Ada', phone: '+886912000007', country: 'TW', status: 'new', createdAt: NOW, updatedAt: NOW });
    const script = (id: string) => ({ scriptId: id, scriptVersion: 1 });
    const deal = (res: { dealId: string | null }) => db.sqlite.prepare('select product_id as productId, currency from deals where id = ?').get(res.dealId);
    // The payroll script sells payroll; the expo script sells CloudLedger Pro.
    const a = saveWrapUp(db, user, draft(db, 'L7', { ...script('payroll-en'), disposition: 'interested', callbackAt: NOW + 86_400_000, deal: { dealId: null, stage: 'qualified', amount: 990 } }), NOW);
    expect(deal(a)).toEqual({ productId: 'P2', currency: 'TWD' });
    const b = saveWrapUp(db, user, draft(db, 'L7', { ...script('expo-en'), disposition: 'interested', callbackAt: NOW + 86_400_000, deal: { dealId: null, stage: 'new', amount: null } }), NOW + 1000);
    expect(deal(b)).toEqual({ productId: 'P1', currency: 'TWD' });
    // No script: the lead's own product, from their newest deal; a lead with none gets none.
    const c = saveWrapUp(db, user, draft(db, 'L7', { scriptId: null, scriptVersion: null, disposition: 'interested', callbackAt: NOW + 86_400_000, deal: { dealId: null, stage: 'new', amount: null } }), NOW + 2000);
    expect(deal(c)).toEqual({ productId: 'P1', currency: 'TWD' });
    insertLead(db, { id: 'L6', name: 'Bo', phone: '+886912000006', country: 'TW', status: 'new', createdAt: NOW, updatedAt: NOW });
    const d = saveWrapUp(db, user, draft(db, 'L6', { scriptId: null, scriptVersion: null, disposition: 'interested', callbackAt: NOW + 86_400_000, deal: { dealId: null, stage: 'new', amount: null } }), NOW + 3000);
    expect(deal(d)).toEqual({ productId: null, currency: null });
  });
});
