// The daily session's use cases: claiming leads, keeping drafts, saving a wrap-up in one
// transaction, logging overrides, and today's summary against the rep's targets.
import { checkScript, type Script } from '../core/script/index.js';
import { rankScripts, type LeadFacts, type ScriptMatch } from '../core/scriptSelect.js';
import { AppError, invalidInput, notFound, usageError } from '../core/errors.js';
import { callbackOutsideWindow, etiquetteViolations, leadStatusAfter, nextEligibleAfter, summaryMaths, wrapUpProblems, type CallingWindow, type SummaryFigures, type SummaryMaths } from '../core/session.js';
import { effectiveWindow } from '../core/policy.js';
import { localDate, startOfLocalDay, addDays, zonedToUtc } from '../core/time.js';
import { DNC_REASON, type Call, type Disposition, type Followup, type Lead, type User } from '../core/types.js';
import { openDb, type Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { callsForLead, insertCall } from '../db/repos/calls.js';
import { claimHolder, releaseClaim, releaseClaimsOf, tryClaim } from '../db/repos/claims.js';
import { findDisposition, listDispositions } from '../db/repos/dispositions.js';
import { addDnc } from '../db/repos/dnc.js';
import { deleteDraft, findDraft, upsertDraft } from '../db/repos/drafts.js';
import { insertFollowup, openFollowupsForLead } from '../db/repos/followups.js';
import { findLeadById, updateLead } from '../db/repos/leads.js';
import { scriptVersion } from '../db/repos/scripts.js';
import {
  completeDueCallbacks,
  currentScriptSources,
  dayFigures,
  dealsForLead,
  insertDeal,
  insertSurvey,
  listNameOf,
  listNamesById,
  liveProducts,
  plainQueue,
  setDealStage,
  targetsFor,
  type DealSummary,
  type ProductRow,
  type TargetMetric,
} from '../db/repos/session.js';
import { getSetting } from '../db/repos/settings.js';
import { findUserById, findUserByName } from '../db/repos/users.js';
import { insertViolation } from '../db/repos/violations.js';
import { newId } from '../io/ids.js';
import { refreshLeadEligibility } from './leadState.js';
import { loadPolicy, policyForLead } from './policy.js';

export const DRAFT_KIND = 'session.call';

export { emptyDraft, type CallDraft, type DealStage } from '../core/session.js';
import type { CallDraft } from '../core/session.js';

// ---- claims -------------------------------------------------------------------------------

export function claimMinutes(db: Db): number {
  const v = getSetting(db, 'calling.claim_minutes');
  return typeof v === 'number' ? v : 15;
}

export type ClaimResult = { ok: true; until: number } | { ok: false; holder: string; until: number };

/** Claim a lead for the rep (renewing their own claim). Another rep's live claim wins. */
export function claimLead(db: Db, rep: User, leadId: string, now: number): ClaimResult {
  const until = now + claimMinutes(db) * 60_000;
  if (tryClaim(db, leadId, rep.id, now, until)) return { ok: true, until };
  if (!findLeadById(db, leadId)) throw notFound('session.error.no_lead', { lead: leadId });
  const h = claimHolder(db, leadId, now);
  const holder = h ? (findUserById(db, h.repId)?.username ?? h.repId) : '?';
  return { ok: false, holder, until: h?.until ?? now };
}

export function releaseLead(db: Db, rep: User, leadId: string): void {
  releaseClaim(db, leadId, rep.id);
}

export function releaseAllClaims(db: Db, rep: User): number {
  return releaseClaimsOf(db, rep.id);
}

// ---- drafts -------------------------------------------------------------------------------

/** One statement, so it is cheap enough to run every second while the rep types. */
export function saveDraft(db: Db, rep: User, draft: CallDraft, now: number): void {
  upsertDraft(db, { repId: rep.id, kind: DRAFT_KIND, leadId: draft.leadId, payload: JSON.stringify(draft) }, now);
}

export function loadDraft(db: Db, rep: User): (CallDraft & { savedAt: number }) | null {
  const row = findDraft(db, rep.id, DRAFT_KIND);
  if (!row) return null;
  try {
    return { ...(JSON.parse(row.payload) as CallDraft), savedAt: row.updatedAt };
  } catch {
    return null;
  }
}

export function discardDraft(db: Db, rep: User): void {
  deleteDraft(db, rep.id, DRAFT_KIND);
}

// ---- prep ---------------------------------------------------------------------------------

export interface LeadPrep {
  lead: Lead;
  calls: Call[];
  followups: Followup[];
  deals: DealSummary[];
  /** The calling window that applies to this lead (its country's and list's policy), lead's local time. */
  window: CallingWindow;
}

/** The calling window of one lead: the configured policy with its country and list overrides, clamped to 08:00–21:00. */
export function leadWindow(db: Db, lead: Lead): CallingWindow {
  const w = effectiveWindow(policyForLead(loadPolicy(db), lead));
  return { start: w.startText, end: w.endText };
}

export function leadPrep(db: Db, leadId: string): LeadPrep {
  const lead = findLeadById(db, leadId);
  if (!lead) throw notFound('session.error.no_lead', { lead: leadId });
  return { lead, calls: callsForLead(db, leadId).slice(0, 20), followups: openFollowupsForLead(db, leadId), deals: dealsForLead(db, leadId), window: leadWindow(db, lead) };
}

export function leadListNames(db: Db): Map<string, string> {
  return listNamesById(db);
}

export function sessionDispositions(db: Db): Disposition[] {
  return listDispositions(db);
}

/** The rep's leads in priority order when no ranked queue is available (see services/queue.ts). */
export function fallbackQueue(db: Db, rep: User, now: number, limit = 50): Lead[] {
  return plainQueue(db, rep.id, now, limit);
}

// ---- override -----------------------------------------------------------------------------

/**
 * Starting a call on a lead that is not dialable now: needs a reason, logged as a violation. `reasons`
 * are the dialable reason codes (outside_window, daily_cap…, as `leads why` and `queue --json` give
 * them); a message key `session.why.<code>` is reduced to its code, so the ledger never holds UI text.
 */
export function recordOverride(db: Db, rep: User, leadId: string, rawReasons: string[], reason: string, now: number): string {
  if (reason.trim() === '') throw usageError('session.error.override_reason');
  const reasons = rawReasons.map((r) => r.replace(/^session\.why\./, ''));
  return db.write(() => {
    const id = insertViolation(
      db,
      { rule: 'dial_override', severity: 'medium', leadId, repId: rep.id, detail: { reasons, reason: reason.trim() }, occurredAt: now },
      now,
    );
    appendAudit(db, { actor: rep.username, action: 'session.override', entity: 'lead', entityId: leadId, detail: { reasons, reason: reason.trim() } }, now);
    return id;
  });
}

// ---- skip ---------------------------------------------------------------------------------

export const SKIP_ACTION = 'queue.skip';

/**
 * The rep passes over a lead in the queue: the reason (a quick pick's code and its words, or typed
 * words with code 'other') goes to the append-only audit log as `queue.skip`. The session hides the
 * lead for the rest of its run; nothing about the lead itself changes.
 */
export function recordSkip(db: Db, rep: User, leadId: string, skip: { reason: string; code: string }, now: number): string {
  const reason = skip.reason.trim();
  if (reason === '') throw usageError('session.error.skip_reason');
  return db.write(() => {
    if (!findLeadById(db, leadId)) throw notFound('session.error.no_lead', { lead: leadId });
    return appendAudit(db, { actor: rep.username, action: SKIP_ACTION, entity: 'lead', entityId: leadId, detail: { reason, code: skip.code || 'other', repId: rep.id } }, now);
  });
}

// ---- wrap-up ------------------------------------------------------------------------------

export interface WrapUpResult {
  callId: string;
  followupId: string | null;
  dncAdded: boolean;
  dealId: string | null;
}

/**
 * Save the call and everything decided in the wrap-up in ONE immediate transaction: the call, its
 * answers, the fulfilled and the new follow-up, a DNC entry, a survey, a deal, the lead's state,
 * the audit entry; then the draft goes. Any failure leaves the database as it was (and the draft).
 */
export function saveWrapUp(db: Db, rep: User, draft: CallDraft, now: number): WrapUpResult {
  const disposition = draft.disposition ? (findDisposition(db, draft.disposition) ?? null) : null;
  if (draft.disposition && !disposition) {
    throw invalidInput('session.error.bad_disposition', { code: draft.disposition, codes: listDispositions(db).map((d) => d.code).join(', ') });
  }
  const problems = wrapUpProblems({ disposition, callbackAt: draft.callbackAt, now, etiquetteMissing: draft.etiquetteMissing, hungUpBy: draft.hungUpBy });
  if (problems.length) throw invalidInput(problems[0], { disposition: draft.disposition ?? '', steps: draft.etiquetteMissing.join(', ') });
  const d = disposition!;
  try {
    return db.write(() => {
      const lead = findLeadById(db, draft.leadId);
      if (!lead) throw notFound('session.error.no_lead', { lead: draft.leadId });
      const endedAt = draft.endedAt ?? now;
      const callId = newId(now);
      const notes = draft.notes.trim() === '' ? null : draft.notes;
      insertCall(db, {
        id: callId,
        leadId: lead.id,
        repId: rep.id,
        channel: 'phone',
        scriptId: draft.scriptId,
        scriptVersion: draft.scriptVersion,
        startedAt: draft.startedAt,
        endedAt,
        durationS: Math.max(0, Math.round((endedAt - draft.startedAt) / 1000)),
        disposition: d.code,
        notes,
        answers: JSON.stringify(draft.answers),
        etiquette: JSON.stringify(draft.etiquette),
        compliance: JSON.stringify([
          ...draft.etiquetteMissing.map((s) => `etiquette_missing:${s}`),
          ...(draft.etiquetteAttested ?? []).map((s) => `etiquette_attested:${s}`),
        ]),
        hungUpBy: draft.hungUpBy,
        createdAt: now,
        updatedAt: now,
      });
      // This call answers every open callback and robot follow-up of the lead; the wrap-up sets the next one.
      completeDueCallbacks(db, lead.id, Number.MAX_SAFE_INTEGER, rep.id, callId, now);
      let followupId: string | null = null;
      if (draft.callbackAt !== null) {
        followupId = insertFollowup(db, { leadId: lead.id, repId: rep.id, kind: 'callback', dueAt: draft.callbackAt, note: notes, callId, actorId: rep.id }, now).id;
      }
      let dncAdded = false;
      if ((d.addsDnc || draft.dnc) && lead.phone) {
        dncAdded = addDnc(db, { phone: lead.phone, reason: DNC_REASON.callRequest, source: 'call', addedBy: rep.username }, now);
        appendAudit(db, { actor: rep.username, action: 'dnc.add', entity: 'lead', entityId: lead.id, detail: { callId, source: 'call' } }, now);
      }
      if (draft.survey) insertSurvey(db, { leadId: lead.id, callId, kind: draft.survey.kind, score: draft.survey.score, comment: null }, now);
      let dealId: string | null = null;
      if (draft.deal) {
        if (draft.deal.dealId) {
          setDealStage(db, draft.deal.dealId, draft.deal.stage, rep.id, now);
          dealId = draft.deal.dealId;
        } else {
          // The deal is about the product the call was about (the one the product sheet showed).
          const product = pickProduct(db, lead, productsOfScript(db, draft.scriptId, draft.scriptVersion));
          dealId = insertDeal(db, { leadId: lead.id, repId: rep.id, amount: draft.deal.amount, currency: product?.currency ?? null, productId: product?.id ?? null, stage: draft.deal.stage }, now);
        }
      }
      for (const step of etiquetteViolations({ disposition: d, hungUpBy: draft.hungUpBy, etiquetteMissing: draft.etiquetteMissing })) {
        insertViolation(db, { rule: 'etiquette_skipped', severity: 'low', leadId: lead.id, callId, repId: rep.id, detail: { step }, occurredAt: now }, now);
      }
      const dnc = lead.dnc || d.addsDnc || draft.dnc;
      updateLead(db, lead.id, {
        status: leadStatusAfter(lead.status, d, draft.callbackAt !== null),
        attemptsTotal: lead.attemptsTotal + 1,
        lastCallAt: draft.startedAt,
        lastDisposition: d.code,
        nextEligibleAt: nextEligibleAfter(now, d, draft.callbackAt),
        dnc: dnc ? 1 : 0,
        claimedBy: null,
        claimedUntil: null,
        updatedAt: now,
      });
      // A callback the rep kept although nobody may call then (the wrap-up warned and asked twice): on the record.
      const outside = draft.callbackAt !== null ? callbackOutsideWindow(draft.callbackAt, lead.timezone ?? repZone(db, rep), leadWindow(db, lead)) : null;
      appendAudit(
        db,
        { actor: rep.username, action: 'call.wrapup', entity: 'call', entityId: callId, detail: { leadId: lead.id, disposition: d.code, followupId, dnc: dncAdded, ...(outside ? { callbackOutsideWindow: outside } : {}) } },
        now,
      );
      // The dialable rules (retry delays, caps) decide when this lead may be called again.
      refreshLeadEligibility(db, lead.id, now);
      deleteDraft(db, rep.id, DRAFT_KIND);
      return { callId, followupId, dncAdded, dealId };
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string } | null)?.code;
    if (code === 'SQLITE_FULL') throw new AppError('unexpected', 'db.error.full', { file: db.path }, { cause: err });
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new AppError('busy', 'db.error.busy', { file: db.path }, { cause: err });
    throw err;
  }
}

// ---- summary ------------------------------------------------------------------------------

export interface TodaySummary extends SummaryFigures, SummaryMaths {
  rep: string;
  date: string;
  zone: string;
  targets: Partial<Record<TargetMetric, number>>;
}

export function repZone(db: Db, rep: User): string {
  const z = rep.timezone ?? getSetting(db, 'timezone');
  return typeof z === 'string' && z ? z : 'UTC';
}

/** The rep's figures for their local day containing `now`, with their daily targets. */
export function todaySummary(db: Db, rep: User, now: number, zone = repZone(db, rep)): TodaySummary {
  const from = startOfLocalDay(now, zone);
  const date = localDate(now, zone);
  const [y, m, d] = addDays(date, 1).split('-').map(Number);
  const to = zonedToUtc({ year: y, month: m, day: d }, zone);
  const figures = dayFigures(db, rep.id, from, to);
  return { rep: rep.username, date, zone, ...figures, ...summaryMaths(figures), targets: targetsFor(db, rep.id, 'day') };
}

// ---- scripts and products for the prep card ----------------------------------------------

export interface UsableScript {
  scriptId: string;
  version: number;
  name: string;
  language: string;
  script: Script;
}

/** A usable script ranked for one lead, with the reason it was offered (core/scriptSelect.ts). */
export type ScriptCandidate = UsableScript & { match: ScriptMatch };

/** The language a lead is most likely called in, from their country. */
export function leadLanguage(lead: Pick<Lead, 'country'>, fallback: string): string {
  const c = (lead.country ?? '').toUpperCase();
  if (['TW', 'HK', 'MO'].includes(c)) return 'zh-TW';
  if (['CN', 'SG'].includes(c)) return 'zh-CN';
  if (c) return 'en';
  return fallback;
}

/** Stored scripts that parse and pass the linter: a script that fails its checks is never offered in a session. */
export function checkedScripts(db: Db): UsableScript[] {
  const out: UsableScript[] = [];
  for (const s of currentScriptSources(db)) {
    const checked = checkScript(s.source);
    if (!checked.ok || !checked.parsed.script) continue;
    out.push({ scriptId: s.id, version: s.version, name: s.name, language: s.language, script: checked.parsed.script });
  }
  return out;
}

/**
 * The products a lead is interested in, as product codes: a custom field `product` naming one by code
 * or name, then the products of their deals, newest first.
 */
function leadProducts(db: Db, lead: Lead, products = liveProducts(db)): string[] {
  const codes: string[] = [];
  const add = (code: string | undefined) => {
    if (code && !codes.includes(code)) codes.push(code);
  };
  const wanted = lead.custom.product;
  if (typeof wanted === 'string' && wanted.trim()) {
    const w = wanted.trim().toLowerCase();
    add(products.find((p) => p.code.toLowerCase() === w || p.name.toLowerCase() === w)?.code ?? wanted.trim());
  }
  for (const d of dealsForLead(db, lead.id)) if (d.productId) add(products.find((p) => p.id === d.productId)?.code);
  return codes;
}

/** What script selection knows about a lead: their list (by id and name), their products, the language they are called in. */
export function leadScriptFacts(db: Db, lead: Lead, repLang: string): LeadFacts {
  return {
    listId: lead.listId,
    listName: lead.listId ? listNameOf(db, lead.listId) : null,
    products: leadProducts(db, lead),
    language: leadLanguage(lead, repLang),
    repLanguage: repLang,
  };
}

/** Usable scripts ranked for a lead: list match, then product, then language, then the rest (see core/scriptSelect.ts). */
export function usableScripts(db: Db, lead: Lead, repLang: string, scripts: UsableScript[] = checkedScripts(db)): ScriptCandidate[] {
  const facts = leadScriptFacts(db, lead, repLang);
  return rankScripts(
    scripts.map((s) => ({ ...s, lists: s.script.lists, products: s.script.products })),
    facts,
  ).map(({ lists: _l, products: _p, ...s }) => s);
}

/**
 * The product a call with this script is about: one the script sells that the lead wants, else the
 * script's first product, else the lead's own product. The product sheet shows it, and a deal opened
 * in the wrap-up records it.
 */
function pickProduct(db: Db, lead: Lead, sells: readonly string[]): ProductRow | null {
  const all = liveProducts(db);
  const leadWants = leadProducts(db, lead, all);
  const byCode = (code: string) => all.find((x) => x.code.toLowerCase() === code.toLowerCase());
  return (
    sells.filter((c) => leadWants.some((w) => w.toLowerCase() === c.toLowerCase())).map(byCode).find(Boolean) ??
    sells.map(byCode).find(Boolean) ??
    leadWants.map(byCode).find(Boolean) ??
    null
  );
}

/** The product sheet for a lead called with a script (see pickProduct). */
export function productFor(db: Db, lead: Lead, script: UsableScript | null): { name: string; price: string | null; highlights: string[] } | null {
  const p = pickProduct(db, lead, script?.script.products ?? []);
  if (!p) return null;
  let highlights: string[] = [];
  try {
    highlights = (JSON.parse(p.highlights) as unknown[]).map(String);
  } catch {
    highlights = [];
  }
  return { name: p.name, price: p.price === null ? null : `${p.price}${p.currency ? ` ${p.currency}` : ''}`, highlights };
}

/** The products a stored script version sells ([] when there is no script, or its text no longer parses). */
function productsOfScript(db: Db, scriptId: string | null, version: number | null): string[] {
  if (!scriptId || version === null) return [];
  const row = scriptVersion(db, scriptId, version);
  if (!row) return [];
  const checked = checkScript(row.source);
  return checked.parsed.script?.products ?? [];
}

// ---- opening ------------------------------------------------------------------------------

/**
 * Open the database for a session. The full `quick_check` that other commands run on open reads the
 * whole file (3.6 s on a million leads), which would blow the first-frame budget of the TUI; the
 * session relies on SQLite reporting damage as it reads (SQLITE_CORRUPT → exit 3) and on `repdesk doctor`.
 */
export type SessionDb = Db;

export function openSessionDb(file: string, busyTimeoutMs?: number): Db {
  return openDb(file, { skipQuickCheck: true, busyTimeoutMs });
}

/** The rep the session runs as (--as, else the configured user), as the CLI context resolves it. */
export function sessionRep(db: Db, asUser: string | undefined): User {
  const name = asUser ?? (getSetting(db, 'user') as string | null);
  if (!name) throw usageError('user.error.none');
  const user = findUserByName(db, name);
  if (!user) throw notFound('user.error.unknown', { user: name });
  return user;
}

/** The configured language, if any. */
export function configuredLang(db: Db): string | null {
  const v = getSetting(db, 'lang');
  return typeof v === 'string' ? v : null;
}
