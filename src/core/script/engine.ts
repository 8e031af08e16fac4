// The script engine: a pure state machine over a Script. Every function takes the state and returns a
// new one (never mutates); an action that does not apply to the current step (answer on a say step,
// choose 7 of 3, return with no objection open…) returns the very same state object, so a reducer can
// call it blindly and compare identity. Time is never read here: callers pass elapsed milliseconds.
import { renderText, type ScriptVars } from './render.js';
import type { EtiquetteTag, Script, Step, StepType } from './types.js';

export type HistoryEntry =
  | { kind: 'step'; step: string }
  | { kind: 'answer'; step: string; field: string; value: string }
  | { kind: 'choice'; step: string; n: number; label: string }
  | { kind: 'skip'; step: string }
  | { kind: 'objection'; objection: string; from: string }
  | { kind: 'return'; objection: string; to: string }
  | { kind: 'back'; from: string; to: string };

export interface ScriptState {
  readonly scriptId: string;
  /** The current step of the flow (while an objection is open: the step it was raised at). */
  readonly stepId: string;
  readonly objection: { readonly id: string; readonly from: string } | null;
  /** Steps entered, in order (back() walks it). */
  readonly trail: readonly string[];
  readonly history: readonly HistoryEntry[];
  readonly answers: Readonly<Record<string, string>>;
  readonly etiquetteDone: readonly EtiquetteTag[];
  readonly vars: ScriptVars;
}

export type CurrentView =
  | {
      kind: 'step';
      id: string;
      type: StepType;
      text: string;
      /** Variables with no value, shown as visible placeholders in text. */
      missing: string[];
      hint: string | null;
      /** choice steps: numbered 1–9. */
      choices: { n: number; label: string }[];
      field: string | null;
      etiquette: EtiquetteTag | null;
      disposition: string | null;
      budgetS: number | null;
      /** A close step: the script is over. */
      ended: boolean;
    }
  | { kind: 'objection'; id: string; label: string; text: string; missing: string[]; returnTo: string };

export type ScriptAction =
  | { type: 'next' }
  | { type: 'answer'; value: string }
  | { type: 'choose'; n: number }
  | { type: 'objection'; id: string }
  | { type: 'return' }
  | { type: 'back' };

export type BudgetStatus = 'ok' | 'soft' | 'hard';

const stepOf = (script: Script, id: string): Step => {
  const s = script.steps.find((x) => x.id === id);
  if (!s) throw new Error(`script ${script.id}: no step ${id}`);
  return s;
};

function varsWithAnswers(state: ScriptState): ScriptVars {
  return { ...state.vars, answers: { ...(state.vars.answers ?? {}), ...state.answers } };
}

export function startScript(script: Script, vars: ScriptVars = {}): ScriptState {
  const first = stepOf(script, script.start);
  const base: ScriptState = {
    scriptId: script.id,
    stepId: first.id,
    objection: null,
    trail: [first.id],
    history: [{ kind: 'step', step: first.id }],
    answers: {},
    etiquetteDone: [],
    vars,
  };
  return first.type === 'close' ? markDone(base, first) : base;
}

/** The step (or objection) to show now, with variables rendered. */
export function currentStep(script: Script, state: ScriptState): CurrentView {
  const vars = varsWithAnswers(state);
  if (state.objection) {
    const o = script.objections.find((x) => x.id === state.objection!.id)!;
    const r = renderText(o.response, vars);
    return { kind: 'objection', id: o.id, label: renderText(o.label, vars).text, text: r.text, missing: r.missing, returnTo: o.returnTo ?? state.objection.from };
  }
  const s = stepOf(script, state.stepId);
  const r = renderText(s.text, vars);
  return {
    kind: 'step',
    id: s.id,
    type: s.type,
    text: r.text,
    missing: r.missing,
    hint: s.hint ? renderText(s.hint, vars).text : null,
    choices: (s.choices ?? []).map((c, i) => ({ n: i + 1, label: renderText(c.label, vars).text })),
    field: s.field ?? null,
    etiquette: s.etiquette ?? null,
    disposition: s.disposition ?? null,
    budgetS: s.budgetS ?? null,
    ended: s.type === 'close',
  };
}

function markDone(state: ScriptState, step: Step): ScriptState {
  if (!step.etiquette || state.etiquetteDone.includes(step.etiquette)) return state;
  return { ...state, etiquetteDone: [...state.etiquetteDone, step.etiquette] };
}

function enter(script: Script, state: ScriptState, from: Step, to: string, entry: HistoryEntry, answers = state.answers): ScriptState {
  const target = stepOf(script, to);
  let next: ScriptState = markDone(
    { ...state, stepId: target.id, answers, trail: [...state.trail, target.id], history: [...state.history, entry, { kind: 'step', step: target.id }] },
    from,
  );
  if (target.type === 'close') next = markDone(next, target);
  return next;
}

/** Go on from a say step (or skip an ask step without an answer). */
export function next(script: Script, state: ScriptState): ScriptState {
  if (state.objection) return state;
  const s = stepOf(script, state.stepId);
  if ((s.type !== 'say' && s.type !== 'ask') || !s.next) return state;
  return enter(script, state, s, s.next, { kind: 'skip', step: s.id });
}

/** `say` is `next` under the name the session's key table uses. */
export const say = next;

export function answer(script: Script, state: ScriptState, value: string): ScriptState {
  if (state.objection) return state;
  const s = stepOf(script, state.stepId);
  const v = value.trim();
  if (s.type !== 'ask' || !s.field || !s.next || v === '') return state;
  return enter(script, state, s, s.next, { kind: 'answer', step: s.id, field: s.field, value: v }, { ...state.answers, [s.field]: v });
}

/** Pick the customer's answer n (1-based) on a choice step. */
export function choose(script: Script, state: ScriptState, n: number): ScriptState {
  if (state.objection) return state;
  const s = stepOf(script, state.stepId);
  const c = s.type === 'choice' && Number.isInteger(n) ? s.choices?.[n - 1] : undefined;
  if (!c || n < 1) return state;
  return enter(script, state, s, c.next, { kind: 'choice', step: s.id, n, label: c.label });
}

/** Answer an objection, from any step (also from inside another objection). */
export function openObjection(script: Script, state: ScriptState, id: string): ScriptState {
  if (!script.objections.some((o) => o.id === id) || state.objection?.id === id) return state;
  if (stepOf(script, state.stepId).type === 'close' && !state.objection) return state;
  return {
    ...state,
    objection: { id, from: state.stepId },
    history: [...state.history, { kind: 'objection', objection: id, from: state.stepId }],
  };
}

/** Leave the open objection: to its return step, or back where it was raised. */
export function returnFromObjection(script: Script, state: ScriptState): ScriptState {
  if (!state.objection) return state;
  const o = script.objections.find((x) => x.id === state.objection!.id)!;
  const to = o.returnTo ?? state.objection.from;
  const target = stepOf(script, to);
  let out: ScriptState = {
    ...state,
    objection: null,
    stepId: to,
    trail: to === state.stepId ? state.trail : [...state.trail, to],
    history: [...state.history, { kind: 'return', objection: o.id, to }, ...(to === state.stepId ? [] : [{ kind: 'step', step: to } as HistoryEntry])],
  };
  if (target.type === 'close') out = markDone(out, target);
  return out;
}

/** Undo the last move: close an open objection, or step back one step (answers are kept). */
export function back(script: Script, state: ScriptState): ScriptState {
  if (state.objection) {
    return { ...state, objection: null, history: [...state.history, { kind: 'back', from: state.objection.id, to: state.stepId }] };
  }
  if (state.trail.length < 2) return state;
  const trail = state.trail.slice(0, -1);
  const to = trail[trail.length - 1];
  return { ...state, stepId: to, trail, history: [...state.history, { kind: 'back', from: state.stepId, to }] };
}

export function reduceScript(script: Script, state: ScriptState, action: ScriptAction): ScriptState {
  switch (action.type) {
    case 'next':
      return next(script, state);
    case 'answer':
      return answer(script, state, action.value);
    case 'choose':
      return choose(script, state, action.n);
    case 'objection':
      return openObjection(script, state, action.id);
    case 'return':
      return returnFromObjection(script, state);
    case 'back':
      return back(script, state);
  }
}

/** Etiquette steps of this script (each tagged step is mandatory), which are done and which are missing. */
export function etiquetteStatus(script: Script, state: ScriptState): { required: EtiquetteTag[]; done: EtiquetteTag[]; missing: EtiquetteTag[] } {
  const required: EtiquetteTag[] = [];
  for (const s of script.steps) if (s.etiquette && !required.includes(s.etiquette)) required.push(s.etiquette);
  return { required, done: required.filter((t) => state.etiquetteDone.includes(t)), missing: required.filter((t) => !state.etiquetteDone.includes(t)) };
}

/** Whole-call time against the script's soft and hard budgets. */
export function budget(script: Script, elapsedMs: number): BudgetStatus {
  if (elapsedMs >= script.budget.hardS * 1000) return 'hard';
  if (elapsedMs >= script.budget.softS * 1000) return 'soft';
  return 'ok';
}

/** Time on the current step against its own budget; 'ok' when the step has none. */
export function stepBudget(script: Script, state: ScriptState, stepElapsedMs: number): 'ok' | 'over' {
  const s = stepOf(script, state.stepId);
  return s.budgetS !== undefined && stepElapsedMs >= s.budgetS * 1000 ? 'over' : 'ok';
}

export function isEnded(script: Script, state: ScriptState): boolean {
  return !state.objection && stepOf(script, state.stepId).type === 'close';
}

/**
 * May the call be wrapped up as a conversation now? Only when every etiquette step is done, or the
 * customer hung up (then the missing steps are excused). Ending as a non-conversation is always allowed.
 */
export function canEnd(script: Script, state: ScriptState, opts: { hungUp?: boolean } = {}): { ok: boolean; missing: EtiquetteTag[]; reason: 'complete' | 'hung_up' | 'etiquette_missing' } {
  const { missing } = etiquetteStatus(script, state);
  if (missing.length === 0) return { ok: true, missing, reason: 'complete' };
  if (opts.hungUp) return { ok: true, missing, reason: 'hung_up' };
  return { ok: false, missing, reason: 'etiquette_missing' };
}

/** The disposition a close step suggests, once the script reached it. */
export function suggestedDisposition(script: Script, state: ScriptState): string | null {
  if (!isEnded(script, state)) return null;
  return stepOf(script, state.stepId).disposition ?? null;
}
