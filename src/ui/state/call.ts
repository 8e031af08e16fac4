// In-call screen: the script engine steps, choices, objections, answers typed in place, notes,
// hang-up and end of call (which opens the wrap-up with what the call produced).
import { back, choose, currentStep, etiquetteStatus, next, openObjection, answer, returnFromObjection, suggestedDisposition, type ScriptState } from '../../core/script/engine.js';
import type { Command } from '../keymap.js';
import type { Action, AppState } from '../types.js';
import { patchDraft, withEffects } from './common.js';

function withEngine(s: AppState, engine: ScriptState): AppState {
  if (!s.call || engine === s.call.engine) return s;
  return patchDraft({ ...s, call: { ...s.call, engine } }, { answers: { ...engine.answers }, etiquette: [...engine.etiquetteDone] });
}

export function reduceCall(s: AppState, a: Command | Action): AppState {
  const c = s.call;
  if (!c) return s;
  if ('type' in a) {
    if (a.type === 'call/editorDone') return patchDraft(s, { notes: a.text });
    return s;
  }
  const script = c.script?.script;
  const eng = c.engine;
  switch (a.cmd) {
    case 'next':
      if (!script || !eng) return s;
      return withEngine(s, eng.objection ? returnFromObjection(script, eng) : next(script, eng));
    case 'returnObjection':
      return script && eng?.objection ? withEngine(s, returnFromObjection(script, eng)) : s;
    case 'choose':
      if (!script || !eng) return s;
      if (c.picking) {
        const o = script.objections[a.n - 1];
        if (!o) return s;
        return withEngine({ ...s, call: { ...c, picking: false } }, openObjection(script, eng, o.id));
      }
      return withEngine(s, choose(script, eng, a.n));
    case 'objection':
      return script ? { ...s, call: { ...c, picking: true } } : s;
    case 'closePicker':
      return { ...s, call: { ...c, picking: false } };
    case 'stepBack':
      return script && eng ? withEngine(s, back(script, eng)) : s;
    case 'answer': {
      if (!script || !eng) return s;
      const v = currentStep(script, eng);
      if (v.kind !== 'step' || v.type !== 'ask') return s;
      return { ...s, edit: { target: 'answer', value: eng.answers[v.field ?? ''] ?? '' } };
    }
    case 'notes':
      return { ...s, edit: { target: 'notes', value: s.draft?.notes ?? '' } };
    case 'editor':
      return withEffects(s, { type: 'editor', text: s.draft?.notes ?? '' });
    case 'hungUp':
      return endCall({ ...s, call: { ...c, hungUp: true } });
    case 'end':
      return endCall(s);
    default:
      return s;
  }
}

export function commitAnswer(s: AppState, value: string): AppState {
  const c = s.call;
  if (!c?.script || !c.engine) return { ...s, edit: null };
  return withEngine({ ...s, edit: null }, answer(c.script.script, c.engine, value));
}

/** End of call: the wrap-up opens with the answers, etiquette and a suggested outcome. */
export function endCall(s: AppState): AppState {
  const c = s.call!;
  const script = c.script?.script;
  let missing: string[] = [];
  let suggested: string | null = null;
  if (script && c.engine) {
    // Kept even when the customer hung up: that excuses them (core etiquetteExcused, the engine's canEnd
    // rule), and the rep can still say in the wrap-up that it was not so (h again).
    missing = etiquetteStatus(script, c.engine).missing;
    suggested = suggestedDisposition(script, c.engine);
  }
  const known = suggested && s.dispositions.some((d) => d.code === suggested) ? suggested : null;
  return patchDraft(
    { ...s, screen: 'wrapup', wrap: { lead: c.lead, window: s.prep?.data.window ?? null, outsideWarnedAt: null, saving: false, error: null, retryAt: null, saved: false }, edit: null, flash: null },
    { stage: 'wrapup', endedAt: s.now, hungUpBy: c.hungUp ? 'customer' : 'rep', etiquetteMissing: missing, disposition: s.draft?.disposition ?? known },
  );
}
