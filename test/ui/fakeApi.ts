// A SessionApi in memory for screen tests: records what the UI asked for.
import { AppError } from '../../src/core/errors.js';
import { parseScript } from '../../src/core/script/index.js';
import type { Disposition, Followup, Lead } from '../../src/core/types.js';
import type { CallDraft, TodaySummary } from '../../src/services/session.js';
import type { DealSummary } from '../../src/db/repos/session.js';
import type { QueueRow, ScriptChoice, SessionApi } from '../../src/ui/types.js';

export const NOW = Date.UTC(2026, 10, 28, 2, 0); // 10:00 Taipei

export function lead(id: string, name: string, extra: Partial<Lead> = {}): Lead {
  return {
    id, name, phone: '+886912345678', phoneRaw: '0912-345-678', phoneExt: null, phoneType: null, email: null, company: '大同設計工作室', title: null,
    city: null, region: null, country: 'TW', timezone: 'Asia/Taipei', birthday: null, source: null, listId: null, ownerId: 'u1', status: 'new',
    intentGrade: null, priority: 0, tags: [], custom: {}, notes: null, consent: null, consentAt: null, dnc: false, attemptsTotal: 0, lastCallAt: null,
    lastDisposition: null, nextEligibleAt: 0, claimedBy: null, claimedUntil: null, createdAt: 0, updatedAt: 0, ...extra,
  };
}

export const row = (l: Lead, extra: Partial<QueueRow> = {}): QueueRow => ({ lead: l, reason: { kind: 'new' }, dialable: { ok: true, reasons: [] }, localTime: '10:00', inWindow: true, ...extra });

const D = (code: string, hotkey: string, f: Partial<Disposition> = {}): Disposition => ({
  code, labels: { en: code, 'zh-TW': code, 'zh-CN': code }, hotkey, connected: true, final: false, retryAfterMin: null, conversation: true, requiresFollowup: false, addsDnc: false, sort: 0, ...f,
});

export const DISPOSITIONS: Disposition[] = [
  D('interested', '1', { requiresFollowup: true }),
  D('callback_requested', '2', { requiresFollowup: true }),
  D('not_interested', '3', { final: true }),
  D('dnc_request', '6', { final: true, addsDnc: true }),
  D('no_answer', '7', { connected: false, conversation: false, retryAfterMin: 120 }),
];

export const SCRIPT_YAML = `
id: demo
name: Demo
language: en
budget: { soft: 180, hard: 300 }
start: greet
steps:
  - id: greet
    etiquette: greeting
    say: "Hello {{lead.name}}, this is {{rep.name}}."
  - id: intro
    etiquette: introduce
    say: "I am calling from repdesk."
  - id: confirm
    etiquette: confirm_identity
    say: "Am I speaking with {{lead.name}}?"
  - id: purpose
    etiquette: purpose
    choice: "Do you have a minute?"
    choices:
      - { label: "Yes", next: budget }
      - { label: "Later", next: later }
  - id: budget
    ask: "What is your budget?"
    field: budget
    next: done
  - id: later
    close: "I will call back."
    disposition: callback_requested
  - id: done
    close: "Thank you!"
    disposition: interested
objections:
  - id: price
    label: Too expensive
    response: "Our price includes support."
`;

export function demoScript(): ScriptChoice {
  const parsed = parseScript(SCRIPT_YAML);
  if (!parsed.script) throw new Error(JSON.stringify(parsed.diagnostics));
  return { scriptId: 's1', version: 1, name: 'Demo', script: parsed.script, match: { by: 'language', value: 'en' } };
}

export interface FakeApi extends SessionApi {
  calls: { saved: CallDraft[]; drafts: CallDraft[]; claims: string[]; released: string[]; overrides: string[]; dialed: string[]; skips: { leadId: string; reason: string; code: string }[] };
  /** What prep() returns for every lead's deals and follow-ups. */
  deals: DealSummary[];
  followups: Followup[];
  /** The dialable reasons each override was logged with. */
  overrideReasons: string[][];
  failSkips: number;
  failSaves: number;
  claimHolder: string | null;
  clock: { now: number };
}

export function fakeApi(rows: QueueRow[], opts: { draft?: (CallDraft & { savedAt: number }) | null; script?: boolean; scripts?: ScriptChoice[] } = {}): FakeApi {
  const clock = { now: NOW };
  const summary = (): TodaySummary => ({ rep: 'alice', date: '2026-11-28', zone: 'Asia/Taipei', calls: api.calls.saved.length, conversations: 0, connected: 0, talkTimeS: 0, followupsSet: 0, dealsOpened: 0, dealsWon: 0, revenue: 0, connectRate: null, avgCallS: null, targets: { calls: 40 } });
  let draft: CallDraft | null = opts.draft ?? null;
  const api: FakeApi = {
    calls: { saved: [], drafts: [], claims: [], released: [], overrides: [], dialed: [], skips: [] },
    deals: [],
    followups: [],
    overrideReasons: [],
    failSkips: 0,
    failSaves: 0,
    claimHolder: null,
    clock,
    rep: { id: 'u1', username: 'alice', displayName: 'Alice', zone: 'Asia/Taipei' },
    lang: 'en',
    dispositions: DISPOSITIONS,
    now: () => clock.now,
    loadQueue: ({ includeBlocked }) => rows.filter((r) => includeBlocked || r.dialable.ok).filter((r) => !api.calls.saved.some((d) => d.leadId === r.lead.id)),
    claim(id) {
      api.calls.claims.push(id);
      return api.claimHolder ? { ok: false, holder: api.claimHolder, until: clock.now + 600_000 } : { ok: true, until: clock.now + 900_000 };
    },
    release: (id) => void api.calls.released.push(id),
    prep: (id) => ({ lead: rows.find((r) => r.lead.id === id)!.lead, calls: [], followups: api.followups, deals: api.deals, window: { start: '09:00', end: '20:00' } }),
    scriptsFor: () => (opts.script === false ? [] : (opts.scripts ?? [demoScript()])),
    product: () => ({ name: 'CloudLedger Pro', price: '1490 TWD', highlights: ['Bank feeds'] }),
    dial: (phone) => {
      api.calls.dialed.push(phone);
      return null;
    },
    override: (id, reasons, reason) => {
      api.calls.overrides.push(`${id}:${reason}`);
      api.overrideReasons.push(reasons);
    },
    skip(leadId, reason, code) {
      if (api.failSkips > 0) {
        api.failSkips--;
        throw new AppError('busy', 'db.error.busy', { file: 'test.db' });
      }
      api.calls.skips.push({ leadId, reason, code });
    },
    saveDraft: (d) => {
      draft = d;
      api.calls.drafts.push(d);
    },
    loadDraft: () => (draft ? { ...draft, savedAt: clock.now } : null),
    saveWrapUp(d) {
      if (api.failSaves > 0) {
        api.failSaves--;
        throw new AppError('busy', 'db.error.busy', { file: 'test.db' });
      }
      api.calls.saved.push(d);
      draft = null;
      return { callId: 'c1', followupId: d.callbackAt ? 'f1' : null, dncAdded: d.dnc, dealId: null };
    },
    summary,
    editText: async (text) => `${text} (edited)`,
  };
  return api;
}
