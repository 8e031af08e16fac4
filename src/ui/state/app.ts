// The root reducer: keys go through the key table to the reducer of the screen on show; text fields
// take typed characters; results of effects come back as actions. Pure: effects are only requested.
import type { Disposition, Lang } from '../../core/types.js';
import type { CallDraft, TodaySummary } from '../../services/session.js';
import { resolveKey, type Command } from '../keymap.js';
import type { Action, AppState, EditTarget } from '../types.js';
import { commitAnswer, reduceCall } from './call.js';
import { patchDraft, withEffects } from './common.js';
import { commitOverride, reducePrep } from './prep.js';
import { commitQueueEdit, reduceQueue } from './queue.js';
import { commitWhen, reduceWrap } from './wrap.js';

/** Re-read the queue this often while it is on screen (follow-ups fall due). */
export const QUEUE_REFRESH_MS = 30_000;
/** Renew the open lead's claim this often (claims last calling.claim_minutes, 15 by default). */
export const CLAIM_RENEW_MS = 5 * 60_000;

export interface InitOptions {
  now: number;
  zone: string;
  repName: string;
  lang: Lang;
  dispositions: Disposition[];
  cols: number;
  rows: number;
  draft: (CallDraft & { savedAt: number }) | null;
  today: TodaySummary | null;
}

export function initialState(o: InitOptions): AppState {
  const { savedAt, ...rest } = o.draft ?? { savedAt: 0 };
  // A call cut short by a crash ended, as far as anyone knows, when its draft was last saved.
  const draft = o.draft ? { ...(rest as CallDraft), endedAt: (rest as CallDraft).endedAt ?? savedAt } : null;
  return {
    screen: o.draft ? 'resume' : 'queue',
    cols: o.cols,
    rows: o.rows,
    now: o.now,
    zone: o.zone,
    repName: o.repName,
    lang: o.lang,
    dispositions: o.dispositions,
    queue: { rows: [], loaded: false, loadedAt: 0, cursor: 0, search: '', filter: '', includeBlocked: false, skipped: {}, skipping: null },
    prep: null,
    call: null,
    wrap: null,
    draft,
    claimRenewedAt: o.now,
    summary: null,
    today: o.today,
    edit: null,
    flash: null,
    // The first frame comes first; the queue and today's figures are read right after it.
    effects: o.draft ? (o.today ? [] : [{ type: 'loadToday' }]) : o.today ? [{ type: 'loadQueue' }] : [{ type: 'loadQueue' }, { type: 'loadToday' }],
  };
}

function reduceScreen(s: AppState, a: Command | Action): AppState {
  switch (s.screen) {
    case 'resume':
      return reduceResume(s, a);
    case 'queue':
      return reduceQueue(s, a);
    case 'prep':
      return reducePrep(s, a);
    case 'call':
      return reduceCall(s, a);
    case 'wrapup':
      return reduceWrap(s, a);
    case 'summary':
      return reduceSummary(s, a);
  }
}

export function reduce(s: AppState, a: Action): AppState {
  switch (a.type) {
    case 'key':
      if (a.name === 'ctrl+c') return withEffects(s, { type: 'exit' });
      if (s.edit) return reduceEdit(s, a.name, a.text ?? '');
      {
        const cmd = resolveKey(s, a.name);
        return cmd ? reduceScreen(s, cmd) : s;
      }
    case 'tick': {
      let next: AppState = { ...s, now: a.now };
      if (s.screen === 'queue' && s.queue.loaded && !s.edit && a.now - s.queue.loadedAt >= QUEUE_REFRESH_MS && !s.effects.some((e) => e.type === 'loadQueue')) {
        next = withEffects({ ...next, queue: { ...next.queue, loadedAt: a.now } }, { type: 'loadQueue' });
      }
      const open = s.prep?.data.lead.id ?? s.call?.lead.id ?? s.wrap?.lead.id ?? null;
      if (open && ['prep', 'call', 'wrapup'].includes(s.screen) && a.now - s.claimRenewedAt >= CLAIM_RENEW_MS) {
        next = withEffects({ ...next, claimRenewedAt: a.now }, { type: 'renewClaim', leadId: open });
      }
      return s.screen === 'wrapup' ? reduceWrap(next, a) : next;
    }
    case 'resize':
      return { ...s, cols: a.cols, rows: a.rows };
    case 'effectsTaken':
      return { ...s, effects: s.effects.slice(a.count) };
    case 'flash':
      return { ...s, flash: a.flash };
    case 'queue/loaded':
    case 'queue/skipFailed':
      return reduceQueue(s, a);
    case 'prep/loaded':
    case 'prep/claimFailed':
    case 'prep/dialed':
      return reducePrep(s, a);
    case 'call/editorDone':
      return s.screen === 'wrapup' || s.screen === 'call' ? patchDraft(s, { notes: a.text }) : s;
    case 'resume/loaded':
      return {
        ...s,
        screen: 'wrapup',
        prep: null,
        call: null,
        wrap: { lead: a.data.lead, window: a.data.window ?? null, outsideWarnedAt: null, saving: false, error: null, retryAt: null, saved: false },
        draft: s.draft ? { ...s.draft, stage: 'wrapup', endedAt: s.draft.endedAt ?? s.now } : s.draft,
      };
    case 'wrap/saved':
    case 'wrap/saveFailed':
      return reduceWrap(s, a);
    case 'summary/loaded':
      return { ...s, summary: a.summary, today: a.summary };
    case 'today/loaded':
      return { ...s, today: a.today };
  }
}

function reduceResume(s: AppState, a: Command | Action): AppState {
  if ('type' in a || !s.draft) return s;
  if (a.cmd === 'finish') return withEffects({ ...s, flash: null }, { type: 'resume', leadId: s.draft.leadId });
  return s;
}

function reduceSummary(s: AppState, a: Command | Action): AppState {
  if (!('type' in a) && a.cmd === 'exit') return withEffects(s, { type: 'exit' });
  return s;
}

/** Characters typed into the open text field. Notes are live: every keystroke changes the draft. */
function reduceEdit(s: AppState, name: string, text: string): AppState {
  const e = s.edit!;
  let value = e.value;
  if (name === 'enter') return commitEdit(s, e.target, e.value);
  if (name === 'esc') return e.target === 'notes' ? { ...s, edit: null } : { ...s, edit: null, flash: null };
  if (name === 'backspace') value = Array.from(value).slice(0, -1).join('');
  else if (name === 'ctrl+u') value = '';
  else if (text && !/[\u0000-\u001f\u007f]/.test(text)) value = value + text;
  else if (text) value = value + text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  else return s;
  const next = { ...s, edit: { ...e, value } };
  return e.target === 'notes' ? patchDraft(next, { notes: value }) : next;
}

function commitEdit(s: AppState, target: EditTarget, value: string): AppState {
  switch (target) {
    case 'search':
    case 'filter':
    case 'skip':
      return commitQueueEdit(s, target, value);
    case 'override':
      return commitOverride(s, value);
    case 'notes':
      return patchDraft({ ...s, edit: null }, { notes: value });
    case 'answer':
      return commitAnswer(s, value);
    case 'when':
      return commitWhen(s, value);
  }
}
