// Wrap-up screen: an outcome is required; notes; callback by quick pick or typed; DNC; deal; survey;
// saving (with retry when the database is busy or full: nothing typed is dropped).
import { callbackOutsideWindow, quickPickAt, wrapUpProblems } from '../../core/session.js';
import { localDateTime } from '../../core/time.js';
import { parseWhen } from '../../core/when.js';
import { t } from '../../i18n/index.js';
import type { DealStage } from '../../services/session.js';
import type { Command } from '../keymap.js';
import type { Action, AppState } from '../types.js';
import { flashError, flashInfo, leadZone, patchDraft, withEffects } from './common.js';

export const DEAL_STAGES: readonly DealStage[] = ['new', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
export const RETRY_MS = 3000;

export function reduceWrap(s: AppState, a: Command | Action): AppState {
  const w = s.wrap;
  const d = s.draft;
  if (!w || !d) return s;
  if ('type' in a) {
    switch (a.type) {
      case 'wrap/saved': {
        const name = d.leadName;
        const next: AppState = { ...s, screen: 'queue', wrap: null, call: null, prep: null, draft: null, today: a.summary ?? s.today };
        return withEffects(flashInfo(next, 'session.wrap.saved', { name }), { type: 'loadQueue' });
      }
      case 'wrap/saveFailed':
        return { ...s, wrap: { ...w, saving: false, error: a.message, retryAt: a.retryAt } };
      case 'tick':
        if (w.retryAt !== null && !w.saving && a.now >= w.retryAt) return save(s);
        return s;
      default:
        return s;
    }
  }
  switch (a.cmd) {
    case 'disposition':
      return { ...patchDraft(s, { disposition: a.code }), flash: null };
    case 'notes':
      return { ...s, edit: { target: 'notes', value: d.notes } };
    case 'pick':
      return setCallback(s, quickPickAt(a.pick, s.now, leadZone(s, w.lead)));
    case 'when':
      return { ...s, edit: { target: 'when', value: '' } };
    case 'clearCallback':
      return patchDraft(s, { callbackAt: null });
    case 'dnc':
      return patchDraft(s, { dnc: !d.dnc });
    case 'deal': {
      const i = d.deal ? DEAL_STAGES.indexOf(d.deal.stage) : -1;
      if (i === DEAL_STAGES.length - 1) return patchDraft(s, { deal: null });
      const open = s.prep?.data.deals.find((x) => x.stage !== 'won' && x.stage !== 'lost');
      return patchDraft(s, { deal: { dealId: d.deal?.dealId ?? open?.id ?? null, stage: DEAL_STAGES[i + 1], amount: d.deal?.amount ?? null } });
    }
    case 'customerHungUp':
      // Said in the wrap-up: the customer hung up, which excuses the etiquette steps not reached (press again to undo).
      return { ...patchDraft(s, { hungUpBy: d.hungUpBy === 'customer' ? 'rep' : 'customer' }), flash: null };
    case 'etiquetteDone':
      // The rep did the missing steps off-script: they count as done, and the call records that they were marked so.
      return {
        ...patchDraft(s, { etiquette: [...d.etiquette, ...d.etiquetteMissing.filter((x) => !d.etiquette.includes(x))], etiquetteAttested: [...(d.etiquetteAttested ?? []), ...d.etiquetteMissing], etiquetteMissing: [] }),
        flash: null,
      };
    case 'survey': {
      const score = d.survey ? d.survey.score + 1 : 1;
      return patchDraft(s, { survey: score > 5 ? null : { kind: 'csat', score } });
    }
    case 'save':
      return save(s);
    default:
      return s;
  }
}

/** The warning about a callback outside the lead's calling window (null when it is inside, or there is none). */
export function outsideWindowWarning(s: AppState): string | null {
  const w = s.wrap;
  const at = s.draft?.callbackAt ?? null;
  if (!w?.window || at === null) return null;
  const zone = leadZone(s, w.lead);
  const local = callbackOutsideWindow(at, zone, w.window);
  if (local === null) return null;
  return t('session.warn.callback_outside_window', { time: localDateTime(at, zone), name: w.lead.name, start: w.window.start, end: w.window.end }, s.lang);
}

/** A new callback time (outside the lead's calling window, the save needs a second Enter). */
function setCallback(s: AppState, at: number): AppState {
  // The wrap-up shows the warning under the callback for as long as the time stays.
  return { ...patchDraft({ ...s, edit: null }, { callbackAt: at }), flash: null, wrap: { ...s.wrap!, outsideWarnedAt: null } };
}

function save(s: AppState): AppState {
  const d = s.draft!;
  const w = s.wrap!;
  const disp = s.dispositions.find((x) => x.code === d.disposition) ?? null;
  const problems = wrapUpProblems({ disposition: disp, callbackAt: d.callbackAt, now: s.now, etiquetteMissing: d.etiquetteMissing, hungUpBy: d.hungUpBy });
  if (problems.length) {
    // The wrap-up already shows the missing steps and the two ways out: the message line just says why it was not saved.
    if (problems[0] === 'session.error.etiquette_missing') return flashError(s, 'session.wrap.not_saved_etiquette');
    return flashError(s, problems[0], { disposition: disp ? disp.labels[s.lang] : '' });
  }
  // A callback nobody may make (outside the lead's calling window) is saved only once the rep saw why and pressed Enter again.
  const warning = outsideWindowWarning(s);
  if (warning && w.outsideWarnedAt !== d.callbackAt) {
    return { ...flashError(s, 'session.warn.confirm_save', { time: localDateTime(d.callbackAt!, leadZone(s, w.lead)) }), wrap: { ...w, outsideWarnedAt: d.callbackAt } };
  }
  return withEffects({ ...s, flash: null, wrap: { ...w, saving: true, error: null, retryAt: null } }, { type: 'saveWrapUp', draft: d });
}

/**
 * A typed callback time is read in the LEAD's zone, like the quick picks: "Thursday 3 pm" is what the
 * customer said, in their time. The wrap-up shows it in both zones.
 */
export function commitWhen(s: AppState, value: string): AppState {
  if (value.trim() === '') return { ...s, edit: null };
  const r = parseWhen(value, { now: s.now, zone: leadZone(s, s.wrap?.lead) });
  if (r.ok) return setCallback(s, r.at);
  const reason = t(r.reason, r.params, s.lang);
  return { ...flashError(s, 'session.error.when', { text: value, examples: r.examples.join(' · ') }), flash: { kind: 'error', text: `${reason} ${t('session.error.when', { text: value, examples: r.examples.join(' · ') }, s.lang)}` } };
}
