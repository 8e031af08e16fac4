// Wrap-up screen: an outcome is required; notes; callback by quick pick or typed; DNC; deal; survey;
// saving (with retry when the database is busy or full: nothing typed is dropped).
import { quickPickAt, wrapUpProblems } from '../../core/session.js';
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
      return { ...patchDraft(s, { callbackAt: quickPickAt(a.pick, s.now, leadZone(s, w.lead)) }), flash: null };
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

function save(s: AppState): AppState {
  const d = s.draft!;
  const disp = s.dispositions.find((x) => x.code === d.disposition) ?? null;
  const problems = wrapUpProblems({ disposition: disp, callbackAt: d.callbackAt, now: s.now });
  if (problems.length) return flashError(s, problems[0], { disposition: disp ? disp.labels[s.lang] : '' });
  // Skipped etiquette counts only on a call that reached the customer.
  const draft = { ...d, etiquetteMissing: disp!.connected ? d.etiquetteMissing : [] };
  return withEffects({ ...s, flash: null, wrap: { ...s.wrap!, saving: true, error: null, retryAt: null } }, { type: 'saveWrapUp', draft });
}

export function commitWhen(s: AppState, value: string): AppState {
  if (value.trim() === '') return { ...s, edit: null };
  const r = parseWhen(value, { now: s.now, zone: s.zone });
  if (r.ok) return { ...patchDraft({ ...s, edit: null }, { callbackAt: r.at }), flash: null };
  const reason = t(r.reason, r.params, s.lang);
  return { ...flashError(s, 'session.error.when', { text: value, examples: r.examples.join(' · ') }), flash: { kind: 'error', text: `${reason} ${t('session.error.when', { text: value, examples: r.examples.join(' · ') }, s.lang)}` } };
}
