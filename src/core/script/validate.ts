// Semantic checks of a parsed script: references, reachability, loops with no way out, mandatory
// etiquette steps, variables, budgets and dispositions. Structure errors come from parse.ts.
import { nearest } from '../similar.js';
import { sortDiagnostics, type ParsedScript } from './parse.js';
import { isKnownVariable, KNOWN_VARIABLES, variablesIn } from './render.js';
import { REQUIRED_ETIQUETTE, type Diagnostic, type Script, type SourcePos } from './types.js';

export interface ValidateOptions {
  /** Disposition codes that exist (the dispositions table); close steps must use one of them. */
  dispositions?: readonly string[];
}

/** Steps a step can lead to in the script's own flow (objections excluded). */
export function successors(script: Script, stepId: string): string[] {
  const s = script.steps.find((x) => x.id === stepId);
  if (!s) return [];
  if (s.type === 'choice') return (s.choices ?? []).map((c) => c.next);
  return s.next ? [s.next] : [];
}

export function reachableSteps(script: Script): Set<string> {
  const ids = new Set(script.steps.map((s) => s.id));
  const seen = new Set<string>();
  const stack = [script.start, ...script.objections.flatMap((o) => (o.returnTo ? [o.returnTo] : []))].filter((id) => ids.has(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const n of successors(script, id)) if (ids.has(n) && !seen.has(n)) stack.push(n);
  }
  return seen;
}

/** Steps from which some close step can be reached by following next/choices. */
export function stepsWithExit(script: Script): Set<string> {
  const ok = new Set(script.steps.filter((s) => s.type === 'close').map((s) => s.id));
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of script.steps) {
      if (ok.has(s.id)) continue;
      if (successors(script, s.id).some((n) => ok.has(n))) {
        ok.add(s.id);
        changed = true;
      }
    }
  }
  return ok;
}

export function validateScript(parsed: ParsedScript, options: ValidateOptions = {}): Diagnostic[] {
  const script = parsed.checkable;
  if (!script) return parsed.diagnostics;
  const out: Diagnostic[] = [...parsed.diagnostics];
  const at = (path: (string | number)[]) => parsed.posOf(path);
  const error = (code: string, pos: SourcePos, params: Record<string, string | number> = {}) =>
    out.push({ severity: 'error', code, ...pos, params });
  const warning = (code: string, pos: SourcePos, params: Record<string, string | number> = {}) =>
    out.push({ severity: 'warning', code, ...pos, params });

  const index = new Map<string, number>();
  script.steps.forEach((s, i) => {
    if (index.has(s.id)) error('duplicate_step', at(['steps', i, 'id']), { step: s.id, line: at(['steps', index.get(s.id)!]).line });
    else index.set(s.id, i);
  });
  const objIndex = new Map<string, number>();
  script.objections.forEach((o, i) => {
    if (objIndex.has(o.id)) error('duplicate_objection', at(['objections', i, 'id']), { objection: o.id });
    else objIndex.set(o.id, i);
  });

  const known = (id: string) => index.has(id);
  const suggestStep = (id: string) => closest(id, [...index.keys()]);
  if (!known(script.start)) error('unknown_step', at(['start']), { step: '(start)', target: script.start, suggestion: suggestStep(script.start) });

  script.steps.forEach((s, i) => {
    if (s.type === 'say' || s.type === 'ask') {
      if (s.next === null) error('falls_off_end', at(['steps', i]), { step: s.id });
      else if (!known(s.next)) error('unknown_step', at(['steps', i, 'next']), { step: s.id, target: s.next, suggestion: suggestStep(s.next) });
    }
    (s.choices ?? []).forEach((c, ci) => {
      if (!known(c.next)) error('unknown_step', at(['steps', i, 'choices', ci, 'next']), { step: s.id, target: c.next, suggestion: suggestStep(c.next) });
    });
  });
  script.objections.forEach((o, i) => {
    if (o.returnTo !== undefined && !known(o.returnTo)) {
      error('unknown_step', at(['objections', i, 'return']), { step: o.id, target: o.returnTo, suggestion: suggestStep(o.returnTo) });
    }
  });

  const closes = script.steps.filter((s) => s.type === 'close');
  if (closes.length === 0) error('no_close', at(['steps']));

  // Reachability and loops are checked even while some references are wrong, so one run reports
  // everything: a misspelt target counts as the step it most likely means (the suggestion), and a
  // step whose target cannot be guessed counts as having a way out (its reference error is enough).
  const graph = resolvedForChecks(script, index);
  const reachable = reachableSteps(graph.script);
  script.steps.forEach((s, i) => {
    if (!reachable.has(s.id)) warning('unreachable', at(['steps', i]), { step: s.id });
  });
  if (closes.length > 0) {
    const exit = stepsWithExit(graph.script);
    const trapped = script.steps.filter((s) => reachable.has(s.id) && !exit.has(s.id) && !graph.unknownExit.has(s.id));
    if (trapped.length > 0) {
      const first = script.steps.indexOf(trapped[0]);
      error('loop_no_exit', at(['steps', first]), { step: trapped[0].id, steps: trapped.map((s) => s.id).join(' → ') });
    }
  }

  // Mandatory etiquette: present, and on a reachable step.
  for (const tag of REQUIRED_ETIQUETTE) {
    const tagged = script.steps.filter((s) => s.etiquette === tag);
    if (tagged.length === 0) error('missing_etiquette', at(['steps']), { tag });
    else if (!tagged.some((s) => reachable.has(s.id))) error('etiquette_unreachable', at(['steps', script.steps.indexOf(tagged[0])]), { tag, step: tagged[0].id });
  }

  // Answer fields.
  const fields = new Map<string, string>();
  script.steps.forEach((s, i) => {
    if (!s.field) return;
    if (fields.has(s.field)) warning('duplicate_field', at(['steps', i, 'field']), { field: s.field, step: s.id, other: fields.get(s.field)! });
    else fields.set(s.field, s.id);
  });

  // Variables in everything the rep reads.
  const answerFields = new Set(fields.keys());
  const candidates = [...KNOWN_VARIABLES, ...[...answerFields].map((f) => `answers.${f}`)];
  const checkText = (path: (string | number)[], value: string) => {
    for (const v of variablesIn(value)) {
      if (isKnownVariable(v.name, answerFields)) continue;
      error('unknown_variable', variablePos(parsed, path, v.name), { name: v.name, suggestion: closest(v.name, candidates) });
    }
  };
  script.steps.forEach((s, i) => {
    checkText(['steps', i, s.type], s.text);
    if (s.hint) checkText(['steps', i, 'hint'], s.hint);
    (s.choices ?? []).forEach((c, ci) => checkText(['steps', i, 'choices', ci, 'label'], c.label));
  });
  script.objections.forEach((o, i) => {
    checkText(['objections', i, 'label'], o.label);
    checkText(['objections', i, 'response'], o.response);
  });

  if (script.budget.softS > script.budget.hardS) {
    error('budget_order', at(['budget']), { soft: script.budget.softS, hard: script.budget.hardS });
  }
  if (options.dispositions) {
    script.steps.forEach((s, i) => {
      if (s.disposition !== undefined && !options.dispositions!.includes(s.disposition)) {
        error('unknown_disposition', at(['steps', i, 'disposition']), { step: s.id, disposition: s.disposition, known: options.dispositions!.join(', ') });
      }
    });
  }
  return sortDiagnostics(out);
}

/**
 * The script as the flow checks see it: each unknown target replaced by its closest existing step
 * id; `unknownExit` holds the steps with a target that could not be guessed (and every step that
 * leads only to them), which the loop check gives the benefit of the doubt.
 */
function resolvedForChecks(script: Script, index: Map<string, number>): { script: Script; unknownExit: Set<string> } {
  const ids = [...index.keys()];
  const guesses = new Set<string>();
  const resolve = (from: string, target: string): string => {
    if (index.has(target)) return target;
    const guess = closest(target, ids);
    if (!guess) guesses.add(from);
    return guess || target;
  };
  const steps = script.steps.map((s) => ({
    ...s,
    next: s.next === null ? null : resolve(s.id, s.next),
    ...(s.choices ? { choices: s.choices.map((c) => ({ ...c, next: resolve(s.id, c.next) })) } : {}),
  }));
  const resolved: Script = {
    ...script,
    start: index.has(script.start) ? script.start : closest(script.start, ids) || script.start,
    steps,
    objections: script.objections.map((o) => (o.returnTo === undefined ? o : { ...o, returnTo: index.has(o.returnTo) ? o.returnTo : closest(o.returnTo, ids) || o.returnTo })),
  };
  // Steps from which an unguessable target can be reached may have a way out through it.
  const unknownExit = new Set(guesses);
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of resolved.steps) {
      if (unknownExit.has(s.id)) continue;
      if (successors(resolved, s.id).some((n) => unknownExit.has(n))) {
        unknownExit.add(s.id);
        changed = true;
      }
    }
  }
  return { script: resolved, unknownExit };
}

/** Position of `{{name` inside the scalar at path (exact for plain, quoted and block scalars). */
export function variablePos(parsed: ParsedScript, path: (string | number)[], name: string): SourcePos {
  const range = parsed.rangeOf(path);
  if (range) {
    const raw = parsed.source.slice(range[0], range[1]);
    const m = new RegExp(`\\{\\{\\s*${name.replace(/\./g, '\\.')}`).exec(raw);
    if (m) return parsed.posAt(range[0] + m.index);
  }
  return parsed.posOf(path);
}

/** The most similar candidate (edit distance ≤ 3), or '' when none is close. */
export function closest(word: string, candidates: readonly string[]): string {
  return nearest(word, candidates, 3) ?? '';
}
