// Reducer tests per screen: pure state in, state and requested effects out.
import { describe, expect, it } from 'vitest';
import { emptyDraft } from '../../src/services/session.js';
import { EDIT_HINTS, hints, keyName, resolveKey } from '../../src/ui/keymap.js';
import { initialState, QUEUE_REFRESH_MS, reduce } from '../../src/ui/state/app.js';
import { visibleRows } from '../../src/ui/state/queue.js';
import { RETRY_MS } from '../../src/ui/state/wrap.js';
import type { Action, AppState } from '../../src/ui/types.js';
import { demoScript, DISPOSITIONS, lead, NOW, row } from './fakeApi.js';

const base = (over: Partial<AppState> = {}): AppState => ({
  ...initialState({ now: NOW, zone: 'Asia/Taipei', repName: 'Alice', lang: 'en', dispositions: DISPOSITIONS, cols: 100, rows: 30, draft: null, today: null }),
  effects: [],
  ...over,
});
const SPECIAL = new Set(['enter', 'esc', 'up', 'down', 'backspace', 'space', 'ctrl+g', 'ctrl+c']);
const key = (s: AppState, ...names: string[]) => names.reduce((st, n) => reduce(st, { type: 'key', name: n, text: SPECIAL.has(n) ? (n === 'space' ? ' ' : '') : n }), s);
const act = (s: AppState, a: Action) => reduce(s, a);

const L1 = lead('L1', '王小明', { tags: ['vip'], intentGrade: 'A' });
const L2 = lead('L2', 'Liam Clark', { phone: '+447700900123', company: 'Taylor' });
const L3 = lead('L3', '陳美玲', { intentGrade: 'C' });
const blocked = row(lead('L4', 'Blocked Bo'), { dialable: { ok: false, reasons: ['session.why.dnc'] } });
const loaded = () => act(base(), { type: 'queue/loaded', rows: [row(L1, { listName: 'Expo 2026' }), row(L2), row(L3), blocked] });

describe('queue reducer', () => {
  it('starts by asking for the queue; moves within bounds', () => {
    expect(initialState({ now: NOW, zone: 'Asia/Taipei', repName: 'A', lang: 'en', dispositions: [], cols: 80, rows: 24, draft: null, today: null }).effects).toEqual([{ type: 'loadQueue' }, { type: 'loadToday' }]);
    let s = loaded();
    expect(visibleRows(s).map((r) => r.lead.id)).toEqual(['L1', 'L2', 'L3']);
    s = key(s, 'down', 'down', 'down', 'down');
    expect(s.queue.cursor).toBe(2);
    s = key(s, 'up', 'k');
    expect(s.queue.cursor).toBe(0);
  });

  it('open requests a claim of the selected lead', () => {
    const s = key(loaded(), 'j', 'enter');
    expect(s.effects).toEqual([{ type: 'open', row: expect.objectContaining({ lead: expect.objectContaining({ id: 'L2' }) }) }]);
  });

  it('search by name or by digits of the number', () => {
    expect(visibleRows(key(loaded(), '/', '小明', 'enter')).map((r) => r.lead.id)).toEqual(['L1']);
    expect(visibleRows(key(loaded(), '/', '7', '7', '0', '0', '9', 'enter')).map((r) => r.lead.id)).toEqual(['L2']);
    const esc = key(loaded(), '/', 'x', 'esc');
    expect(esc.queue.search).toBe('');
    expect(esc.edit).toBeNull();
  });

  it('filter by list, tag and grade', () => {
    expect(visibleRows(key(loaded(), 'f', 'list:expo', 'enter')).map((r) => r.lead.id)).toEqual(['L1']);
    expect(visibleRows(key(loaded(), 'f', 'tag:vip', 'enter')).map((r) => r.lead.id)).toEqual(['L1']);
    expect(visibleRows(key(loaded(), 'f', 'grade:c', 'enter')).map((r) => r.lead.id)).toEqual(['L3']);
  });

  it('skip asks why: a quick pick records its code and words, hides the lead, and asks for the audit entry', () => {
    let s = key(loaded(), 's');
    expect(s.queue.skipping).toEqual({ leadId: 'L1', name: '王小明' });
    expect(visibleRows(s).map((r) => r.lead.id)).toEqual(['L1', 'L2', 'L3']); // nothing skipped yet
    expect(hints(s).map((h) => h.key)).toEqual(['1-4', 't', 'Esc']);
    expect(resolveKey(s, 'j')).toBeNull(); // the queue keys wait while the reason is asked
    s = key(s, '2');
    expect(s.queue.skipping).toBeNull();
    expect(s.queue.skipped).toEqual({ L1: 'prepare first' });
    expect(s.effects).toEqual([{ type: 'skip', leadId: 'L1', name: '王小明', reason: 'prepare first', code: 'prepare' }]);
    expect(s.flash?.text).toBe('Skipped 王小明: prepare first');
    expect(visibleRows(s).map((r) => r.lead.id)).toEqual(['L2', 'L3']);
    // for the rest of the session: a refresh of the queue does not bring it back
    s = act(s, { type: 'queue/loaded', rows: [row(L1), row(L2), row(L3)] });
    expect(visibleRows(s).map((r) => r.lead.id)).toEqual(['L2', 'L3']);
  });

  it('a typed skip reason is required (code "other"); Esc keeps the lead', () => {
    let s = key(loaded(), 'j', 's', 't', 'enter');
    expect(s.flash?.text).toContain('A skip needs a reason');
    expect(s.edit?.target).toBe('skip');
    expect(s.effects).toEqual([]);
    s = key(s, '換人接', 'enter');
    expect(s.queue.skipped).toEqual({ L2: '換人接' });
    expect(s.effects).toEqual([{ type: 'skip', leadId: 'L2', name: 'Liam Clark', reason: '換人接', code: 'other' }]);
    const kept = key(loaded(), 's', 'esc');
    expect(kept.queue.skipping).toBeNull();
    expect(kept.effects).toEqual([]);
    expect(visibleRows(kept).map((r) => r.lead.id)).toEqual(['L1', 'L2', 'L3']);
    // Esc in the typed reason goes back to the quick picks, not to the queue
    expect(key(loaded(), 's', 't', 'x', 'esc').queue.skipping).toEqual({ leadId: 'L1', name: '王小明' });
  });

  it('a skip the database refused brings the lead back with the reason why', () => {
    let s = key(loaded(), 's', '1');
    expect(visibleRows(s).map((r) => r.lead.id)).toEqual(['L2', 'L3']);
    s = act(s, { type: 'queue/skipFailed', leadId: 'L1', name: '王小明', message: 'Database busy.' });
    expect(visibleRows(s).map((r) => r.lead.id)).toEqual(['L1', 'L2', 'L3']);
    expect(s.flash).toMatchObject({ kind: 'error', text: expect.stringContaining('The skip of 王小明 was not recorded: Database busy.') });
  });

  it('b shows blocked leads (and reloads); q goes to the summary', () => {
    const s = key(loaded(), 'b');
    expect(s.queue.includeBlocked).toBe(true);
    expect(s.effects).toEqual([{ type: 'loadQueue' }]);
    expect(visibleRows(s).map((r) => r.lead.id)).toContain('L4');
    const q = key(loaded(), 'q');
    expect(q.screen).toBe('summary');
    expect(q.effects).toEqual([{ type: 'loadSummary' }]);
  });

  it('re-reads the queue every 30 s while it is on screen', () => {
    const s = loaded();
    expect(act(s, { type: 'tick', now: NOW + 1000 }).effects).toEqual([]);
    expect(act(s, { type: 'tick', now: NOW + QUEUE_REFRESH_MS }).effects).toEqual([{ type: 'loadQueue' }]);
  });
});

const prepped = (r = row(L1), scripts = [demoScript()]) =>
  act({ ...loaded(), screen: 'queue' }, { type: 'prep/loaded', row: r, data: { lead: r.lead, calls: [], followups: [], deals: [], window: { start: '09:00', end: '20:00' } }, scripts, product: null });

describe('prep reducer', () => {
  it('checklist toggles; Esc releases the claim and goes back', () => {
    let s = prepped();
    expect(s.prep!.checks).toEqual({ script: true, product: false, history: false });
    s = key(s, '2', '3', '3');
    expect(s.prep!.checks).toEqual({ script: true, product: true, history: false });
    const back = key(s, 'esc');
    expect(back.screen).toBe('queue');
    expect(back.effects).toEqual([{ type: 'release', leadId: 'L1' }, { type: 'loadQueue' }]);
  });

  it('start begins the call, the draft and the dial', () => {
    const s = key(prepped(), 'c');
    expect(s.screen).toBe('call');
    expect(s.draft).toMatchObject({ leadId: 'L1', leadName: '王小明', stage: 'call', startedAt: NOW, scriptId: 's1', scriptVersion: 1 });
    expect(s.effects).toEqual([{ type: 'dial', phone: '+886912345678' }]);
  });

  it('a blocked lead cannot start without an override reason, which is logged', () => {
    let s = prepped(row(L2, { dialable: { ok: false, reasons: ['session.why.outside_window'] } }));
    s = key(s, 'c');
    expect(s.screen).toBe('prep');
    // the reason in words, never the message key
    expect(s.flash?.text).toContain('Not dialable now: outside calling hours. Press o');
    s = key(s, 'o', 'enter');
    expect(s.screen).toBe('prep');
    // an empty reason closes the field: the `o` pressed again reopens it instead of being typed into the reason
    expect(s.edit).toBeNull();
    expect(s.flash?.text).toContain('press o and type why');
    s = key(s, 'o', '客戶要求', 'enter');
    expect(s.screen).toBe('call');
    // the ledger gets the reason codes (as `leads why` names them), not message keys
    expect(s.effects[0]).toEqual({ type: 'override', leadId: 'L2', reasons: ['outside_window'], reason: '客戶要求' });
  });

  it('s opens the list of candidate scripts; a number, or moving and Enter, chooses; Esc keeps the current one', () => {
    const other = { ...demoScript(), scriptId: 's2', name: 'Expo follow-up', match: { by: 'list' as const, value: 'Expo 2026' }, product: { name: 'Payroll', price: null, highlights: [] } };
    const third = { ...demoScript(), scriptId: 's3', name: 'Generic', match: { by: 'any' as const, value: null } };
    let s = prepped(row(L1), [other, demoScript(), third]);
    expect(s.prep!.scriptIndex).toBe(0);
    s = key(s, 's');
    expect(s.prep!.picking).toBe(true);
    expect(hints(s).map((h) => h.key)).toEqual(['↑↓', '1-9', 'Enter', 'Esc']);
    expect(key(s, '3').prep).toMatchObject({ scriptIndex: 2, picking: false, product: null });
    expect(key(s, '4').prep!.picking).toBe(true); // no fourth script
    expect(key(s, 'j', 'j', 'j', 'k', 'enter').prep).toMatchObject({ scriptIndex: 1, picking: false });
    expect(key(s, 'j', 'esc').prep).toMatchObject({ scriptIndex: 0, picking: false });
    // '2' picks the second script and closes the list; the next '2' is the checklist's again
    s = key(s, '2', '2');
    expect(s.prep!.checks.product).toBe(true);
    s = key(s, 'c');
    expect(s.draft).toMatchObject({ scriptId: 's1' });
    // the product sheet follows the chosen script
    const back = key(prepped(row(L1), [demoScript(), other]), 's', '2');
    expect(back.prep!.product).toEqual({ name: 'Payroll', price: null, highlights: [] });
  });

  it('a claim held by another rep returns to the queue with who holds it', () => {
    const s = act(loaded(), { type: 'prep/claimFailed', holder: 'bob', until: NOW });
    expect(s.screen).toBe('queue');
    expect(s.flash?.text).toContain('bob has this lead open');
  });
});

describe('claims during a long call', () => {
  it('the open lead\'s claim is renewed every 5 minutes while it is on screen', () => {
    const s = key(prepped(), 'c');
    expect(act({ ...s, effects: [] }, { type: 'tick', now: NOW + 60_000 }).effects).toEqual([]);
    const renewed = act({ ...s, effects: [] }, { type: 'tick', now: NOW + 5 * 60_000 });
    expect(renewed.effects).toEqual([{ type: 'renewClaim', leadId: 'L1' }]);
    expect(act({ ...renewed, effects: [] }, { type: 'tick', now: NOW + 6 * 60_000 }).effects).toEqual([]);
    expect(act(loaded(), { type: 'tick', now: NOW + 10 * 60_000 }).effects).not.toContainEqual(expect.objectContaining({ type: 'renewClaim' }));
  });
});

describe('call reducer', () => {
  const calling = () => key(prepped(), 'c');

  it('say steps advance, etiquette is recorded in the draft as it happens', () => {
    const s = key(calling(), 'enter', 'space');
    expect(s.draft!.etiquette).toEqual(['greeting', 'introduce']);
  });

  it('choices, objections and return, step back', () => {
    let s = key(calling(), 'enter', 'enter', 'enter');
    expect(resolveKey(s, '1')).toEqual({ cmd: 'choose', n: 1 });
    s = key(s, 'o');
    expect(s.call!.picking).toBe(true);
    expect(hints(s).map((h) => h.key)).toEqual(['1-9', 'Esc']);
    s = key(s, '1');
    expect(s.call!.engine!.objection).toMatchObject({ id: 'price' });
    s = key(s, 'enter');
    expect(s.call!.engine!.objection).toBeNull();
    s = key(s, '1');
    expect(s.call!.engine!.stepId).toBe('budget');
    s = key(s, 'b');
    expect(s.call!.engine!.stepId).toBe('purpose');
  });

  it('answers are typed in place and saved to their field', () => {
    let s = key(calling(), 'enter', 'enter', 'enter', '1', 'a');
    expect(s.edit).toEqual({ target: 'answer', value: '' });
    s = key(s, '5', '萬', 'backspace', '0', 'k', 'enter');
    expect(s.draft!.answers).toEqual({ budget: '50k' });
  });

  it('notes change the draft on every keystroke (nothing waits for Enter)', () => {
    let s = key(calling(), 'n', '客');
    expect(s.draft!.notes).toBe('客');
    s = key(s, '戶', 'esc');
    expect(s.draft!.notes).toBe('客戶');
    expect(s.edit).toBeNull();
  });

  it('ending before the etiquette is complete records what is missing; a hang-up excuses it', () => {
    const ended = key(calling(), 'enter', 'x');
    expect(ended.screen).toBe('wrapup');
    expect(ended.draft).toMatchObject({ stage: 'wrapup', endedAt: NOW, hungUpBy: 'rep', etiquetteMissing: ['introduce', 'confirm_identity', 'purpose'] });
    const hung = key(calling(), 'h');
    expect(hung.draft).toMatchObject({ hungUpBy: 'customer', etiquetteMissing: ['greeting', 'introduce', 'confirm_identity', 'purpose'] });
    expect(key(hung, '1', 'a', 'enter').effects.at(-1)).toMatchObject({ type: 'saveWrapUp' });
  });

  it('Ctrl+G asks for the editor with the notes; its text comes back into the draft', () => {
    let s = key(calling(), 'n', 'abc', 'enter', 'ctrl+g');
    expect(s.effects.at(-1)).toEqual({ type: 'editor', text: 'abc' });
    s = act(s, { type: 'call/editorDone', text: 'abc\nlong' });
    expect(s.draft!.notes).toBe('abc\nlong');
  });
});

describe('wrap-up reducer', () => {
  const wrapping = () => key(prepped(), 'c', 'h');

  it('disposition by hotkey; quick picks in the lead zone; typed time; clear', () => {
    let s = key(wrapping(), '2', 't');
    expect(s.draft).toMatchObject({ disposition: 'callback_requested', callbackAt: Date.UTC(2026, 10, 29, 2, 0) });
    s = key(s, 'c');
    expect(s.draft!.callbackAt).toBeNull();
    s = key(s, 'w', '明天 10:00', 'enter');
    expect(s.draft!.callbackAt).toBe(Date.UTC(2026, 10, 29, 2, 0));
    s = key(s, 'w', 'someday', 'enter');
    expect(s.flash?.kind).toBe('error');
    expect(s.edit?.target).toBe('when');
  });

  it('save is refused without an outcome, or without a callback when one is needed', () => {
    expect(key(wrapping(), 'enter').flash?.text).toContain('Pick a disposition');
    expect(key(wrapping(), '1', 'enter').flash?.text).toContain('needs a callback');
    const s = key(wrapping(), '1', 'a', 'enter');
    expect(s.wrap!.saving).toBe(true);
    expect(s.effects.at(-1)).toMatchObject({ type: 'saveWrapUp', draft: { disposition: 'interested', callbackAt: NOW + 3600_000 } });
  });

  it('DNC toggle, deal stages and survey cycle', () => {
    let s = key(wrapping(), 'D', 'o', 'o', 's', 's');
    expect(s.draft).toMatchObject({ dnc: true, deal: { dealId: null, stage: 'qualified' }, survey: { kind: 'csat', score: 2 } });
    s = key(s, 'D', 's', 's', 's', 's');
    expect(s.draft).toMatchObject({ dnc: false, survey: null });
  });

  it('a failed save keeps the draft and retries when its time comes; success goes back to the queue', () => {
    let s = key(wrapping(), '7', 'enter');
    s = act({ ...s, effects: [] }, { type: 'wrap/saveFailed', message: 'busy', retryAt: NOW + RETRY_MS });
    expect(s.wrap).toMatchObject({ saving: false, error: 'busy' });
    expect(s.draft!.disposition).toBe('no_answer');
    expect(act(s, { type: 'tick', now: NOW + 1000 }).effects).toEqual([]);
    const retried = act(s, { type: 'tick', now: NOW + RETRY_MS });
    expect(retried.effects).toEqual([{ type: 'saveWrapUp', draft: expect.objectContaining({ disposition: 'no_answer' }) }]);
    const done = act(retried, { type: 'wrap/saved', summary: null });
    expect(done).toMatchObject({ screen: 'queue', draft: null, wrap: null });
    expect(done.effects.at(-1)).toEqual({ type: 'loadQueue' });
  });

  it('a conversation is not saved while mandatory etiquette is missing; e marks the steps done, h says the customer hung up', () => {
    const ended = () => key(prepped(), 'c', 'x');
    // not a conversation (no answer): saved as it is
    expect(key(ended(), '7', 'enter').effects.at(-1)).toMatchObject({ type: 'saveWrapUp', draft: { disposition: 'no_answer' } });
    // a conversation: refused, naming the steps and the two ways out
    const refused = key(ended(), '3', 'enter');
    expect(refused.effects.some((e) => e.type === 'saveWrapUp')).toBe(false);
    expect(refused.flash?.text).toContain('Not saved: the etiquette steps above are still to do (e: done, h: the customer hung up)');
    expect(hints(refused).map((h) => h.key)).toEqual(expect.arrayContaining(['e', 'h']));
    // e: done off-script, recorded as attested
    const attested = key(refused, 'e');
    expect(attested.draft).toMatchObject({ etiquetteMissing: [], etiquetteAttested: ['greeting', 'introduce', 'confirm_identity', 'purpose'], etiquette: ['greeting', 'introduce', 'confirm_identity', 'purpose'] });
    expect(key(attested, 'enter').effects.at(-1)).toMatchObject({ type: 'saveWrapUp', draft: { disposition: 'not_interested' } });
    // h: the customer hung up excuses them (and h again undoes it)
    const hung = key(refused, 'h');
    expect(hung.draft).toMatchObject({ hungUpBy: 'customer', etiquetteMissing: ['greeting', 'introduce', 'confirm_identity', 'purpose'] });
    expect(key(hung, 'enter').effects.at(-1)).toMatchObject({ type: 'saveWrapUp', draft: { hungUpBy: 'customer' } });
    expect(key(hung, 'h', 'enter').effects.some((e) => e.type === 'saveWrapUp')).toBe(false);
  });

  it('a typed callback is read in the lead\'s zone; outside their calling window it needs a second Enter', () => {
    const london = lead('L9', 'Liam Clark', { timezone: 'Europe/London', country: 'GB' });
    const wrap = () => key(prepped(row(london)), 'c', 'h', '1');
    // NOW is 02:00 UTC on Saturday 28 November: "tomorrow 10:00" is 10:00 in London, as the t key gives
    const typed = key(wrap(), 'w', 'tomorrow 10:00', 'enter');
    expect(typed.draft!.callbackAt).toBe(Date.UTC(2026, 10, 29, 10, 0));
    expect(key(wrap(), 't').draft!.callbackAt).toBe(typed.draft!.callbackAt);
    expect(key(typed, 'enter').effects.at(-1)).toMatchObject({ type: 'saveWrapUp' });
    // 21:30 London time: outside 09:00–20:00
    const late = key(wrap(), 'w', 'tomorrow 21:30', 'enter');
    expect(late.draft!.callbackAt).toBe(Date.UTC(2026, 10, 29, 21, 30));
    const once = key(late, 'enter');
    expect(once.effects.some((e) => e.type === 'saveWrapUp')).toBe(false);
    expect(once.flash?.text).toContain('outside the calling hours');
    expect(once.flash?.text).toContain('Press Enter again to save it anyway');
    expect(key(once, 'enter').effects.at(-1)).toMatchObject({ type: 'saveWrapUp', draft: { callbackAt: Date.UTC(2026, 10, 29, 21, 30) } });
    // a new time asks again
    expect(key(once, 'w', 'tomorrow 07:00', 'enter', 'enter').effects.some((e) => e.type === 'saveWrapUp')).toBe(false);
  });
});

describe('resume', () => {
  const withDraft = () =>
    initialState({ now: NOW, zone: 'Asia/Taipei', repName: 'A', lang: 'en', dispositions: DISPOSITIONS, cols: 80, rows: 24, today: null, draft: { ...emptyDraft(L1, NOW - 60_000), notes: 'x', savedAt: NOW } });

  it('offers the unsaved wrap-up first; Enter finishes it; a started call cannot be thrown away', () => {
    const s = withDraft();
    expect(s.screen).toBe('resume');
    expect(s.draft!.endedAt).toBe(NOW); // the crashed call ended when its draft was last saved
    expect(s.effects).toEqual([{ type: 'loadToday' }]);
    s.effects = [];
    expect(key(s, 'enter').effects).toEqual([{ type: 'resume', leadId: 'L1' }]);
    // the call was dialled: it must get an outcome (SPEC), so d, Esc and q do nothing here
    for (const k of ['d', 'd', 'esc', 'q']) expect(key(s, k)).toMatchObject({ screen: 'resume', draft: expect.objectContaining({ leadId: 'L1' }), effects: [] });
    expect(hints(s).map((h) => h.label)).toEqual(['session.key.finish']);
  });
});

describe('key table', () => {
  it('the footer shows exactly the keys the handlers accept', () => {
    const s = loaded();
    expect(hints(s).map((h) => h.key)).toEqual(['↑↓', 'Enter', 's', '/', 'f', 'b', 'r', 'q']);
    expect(resolveKey(s, 'x')).toBeNull();
    const w = key(prepped(), 'c', 'h');
    expect(hints(w)[0].key).toBe('12367');
    expect(hints(w).map((h) => h.key)).not.toContain('c'); // no callback yet: "clear" is not offered
    expect(EDIT_HINTS.map((h) => h.key)).toEqual(['Enter', 'Esc']);
  });

  it('normalises Ink keys: Enter as \\r or \\n, DEL as backspace, ctrl letters, CJK text', () => {
    expect(keyName('\n', {}).name).toBe('enter');
    expect(keyName('\r', { return: true }).name).toBe('enter');
    expect(keyName('', { delete: true }).name).toBe('backspace');
    expect(keyName('g', { ctrl: true })).toEqual({ name: 'ctrl+g', text: '' });
    expect(keyName('你好', {})).toEqual({ name: '你好', text: '你好' });
    expect(keyName('', { upArrow: true }).name).toBe('up');
  });
});
