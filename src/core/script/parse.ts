// Script YAML → typed Script, with every problem placed at its line and column.
// Structure is checked by a zod schema; each zod issue is mapped to a diagnostic code and to the
// position of the YAML node it concerns (LineCounter), so errors read like a compiler's.
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import {
  ETIQUETTE_TAGS,
  MAX_CHOICES,
  SCRIPT_LANGUAGES,
  STEP_TYPES,
  type Diagnostic,
  type Script,
  type SourcePos,
  type Step,
  type StepType,
} from './types.js';

type Path = (string | number)[];

export interface ParsedScript {
  source: string;
  /** Null when the file is not YAML or its structure is wrong (see diagnostics). */
  script: Script | null;
  diagnostics: Diagnostic[];
  /** Line and column of the node at a path such as ['steps', 2, 'next'] (or of its nearest parent). */
  posOf(path: Path): SourcePos;
  /** Source offsets [start, end) of the scalar at a path, for the linter. */
  rangeOf(path: Path): [number, number] | null;
  /** Offset → line/col. */
  posAt(offset: number): SourcePos;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Text fields accept numbers too (`label: 1`), kept as strings. */
const text = z.union([z.string(), z.number()]).transform((v) => String(v));
const nonEmpty = text.refine((s) => s.trim() !== '', { params: { code: 'empty_text' } });
const id = z.string().regex(ID);
const seconds = z.number().int().positive().max(86_400);

const choiceSchema = z.strictObject({ label: nonEmpty, next: id });
const stepSchema = z.strictObject({
  id,
  say: nonEmpty.optional(),
  ask: nonEmpty.optional(),
  choice: nonEmpty.optional(),
  close: nonEmpty.optional(),
  field: z.string().regex(FIELD).optional(),
  choices: z.array(choiceSchema).min(1).max(MAX_CHOICES).optional(),
  disposition: z.string().min(1).optional(),
  etiquette: z.enum(ETIQUETTE_TAGS).optional(),
  next: id.optional(),
  budget: seconds.optional(),
  hint: text.optional(),
});
const objectionSchema = z.strictObject({ id, label: nonEmpty, response: nonEmpty, return: id.optional() });
const scriptSchema = z.strictObject({
  id,
  name: nonEmpty,
  language: z.enum(SCRIPT_LANGUAGES),
  description: text.optional(),
  products: z.array(text).default([]),
  lists: z.array(text).default([]),
  budget: z.strictObject({ soft: seconds, hard: seconds }),
  start: id.optional(),
  steps: z.array(stepSchema).min(1),
  objections: z.array(objectionSchema).default([]),
});

type RawScript = z.infer<typeof scriptSchema>;

const KNOWN_KEYS: Record<string, string> = {
  script: Object.keys(scriptSchema.shape).join(', '),
  step: Object.keys(stepSchema.shape).join(', '),
  choice: Object.keys(choiceSchema.shape).join(', '),
  objection: Object.keys(objectionSchema.shape).join(', '),
  budget: 'soft, hard',
};

function contextOf(path: Path): string {
  const p = path.filter((x) => typeof x === 'string');
  const last = p[p.length - 1];
  if (path.length === 0) return 'script';
  if (last === 'choices') return 'choice';
  if (last === 'steps') return 'step';
  if (last === 'objections') return 'objection';
  if (last === 'budget') return 'budget';
  return 'script';
}

export function fieldName(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(top level)';
}

export function parseScript(source: string): ParsedScript {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const posAt = (offset: number): SourcePos => {
    const lp = lineCounter.linePos(offset);
    return { line: lp.line, col: lp.col };
  };
  const nodeAt = (path: Path): { node: unknown; depth: number } => {
    for (let d = path.length; d >= 0; d--) {
      const node = d === 0 ? doc.contents : doc.getIn(path.slice(0, d), true);
      if (node && typeof node === 'object' && 'range' in (node as object)) return { node, depth: d };
    }
    return { node: null, depth: 0 };
  };
  const posOf = (path: Path): SourcePos => {
    const { node } = nodeAt(path);
    const range = (node as Node | null)?.range;
    return range ? posAt(range[0]) : { line: 1, col: 1 };
  };
  const rangeOf = (path: Path): [number, number] | null => {
    const node = doc.getIn(path, true);
    if (!isScalar(node) || !node.range) return null;
    return [node.range[0], node.range[1]];
  };
  const keyPos = (path: Path, key: string): SourcePos => {
    const { node, depth } = nodeAt(path);
    if (depth === path.length && isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === key);
      const range = pair && (pair.key as Node | null)?.range;
      if (range) return posAt(range[0]);
    }
    return posOf(path);
  };

  const diagnostics: Diagnostic[] = [];
  const base = { source, posOf, rangeOf, posAt };

  const yamlProblems = [...doc.errors];
  if (yamlProblems.length > 0) {
    for (const e of yamlProblems) {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      diagnostics.push({ severity: 'error', code: 'yaml', line: pos.line, col: pos.col, params: { detail: firstLine(e.message) } });
    }
    return { ...base, script: null, diagnostics };
  }
  for (const w of doc.warnings) {
    const pos = w.linePos?.[0] ?? { line: 1, col: 1 };
    diagnostics.push({ severity: 'warning', code: 'yaml', line: pos.line, col: pos.col, params: { detail: firstLine(w.message) } });
  }

  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push({ severity: 'error', code: 'not_a_script', line: 1, col: 1, params: {} });
    return { ...base, script: null, diagnostics };
  }

  const res = scriptSchema.safeParse(data);
  if (!res.success) {
    for (const issue of res.error.issues) diagnostics.push(issueToDiagnostic(issue, data, posOf, keyPos));
  }

  // Step kinds: exactly one of say/ask/choice/close, with the fields that kind needs.
  const rawSteps = Array.isArray((data as { steps?: unknown }).steps) ? ((data as { steps: unknown[] }).steps) : [];
  rawSteps.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') return;
    const s = raw as Record<string, unknown>;
    const kinds = STEP_TYPES.filter((k) => k in s);
    const sid = typeof s.id === 'string' ? s.id : `#${i + 1}`;
    const at = posOf(['steps', i]);
    const err = (code: string, params: Record<string, string | number> = {}, pos = at) =>
      diagnostics.push({ severity: 'error', code, ...pos, params: { step: sid, ...params } });
    if (kinds.length === 0) err('step_no_kind', { kinds: STEP_TYPES.join(', ') });
    if (kinds.length > 1) err('step_many_kinds', { kinds: kinds.join(', ') });
    const kind = kinds[0];
    if (kinds.length !== 1) return;
    if (kind === 'ask' && !('field' in s)) err('ask_no_field');
    if (kind !== 'ask' && 'field' in s) err('field_not_ask', {}, keyPos(['steps', i], 'field'));
    if (kind === 'choice' && !('choices' in s)) err('choice_no_choices');
    if (kind !== 'choice' && 'choices' in s) err('choices_not_choice', {}, keyPos(['steps', i], 'choices'));
    if (kind === 'choice' && 'next' in s) err('next_on_choice', {}, keyPos(['steps', i], 'next'));
    if (kind === 'close' && 'next' in s) err('next_on_close', {}, keyPos(['steps', i], 'next'));
    if (kind !== 'close' && 'disposition' in s) err('disposition_not_close', {}, keyPos(['steps', i], 'disposition'));
  });

  if (diagnostics.some((d) => d.severity === 'error') || !res.success) {
    return { ...base, script: null, diagnostics: sortDiagnostics(diagnostics) };
  }
  return { ...base, script: toScript(res.data), diagnostics: sortDiagnostics(diagnostics) };
}

function toScript(raw: RawScript): Script {
  const steps: Step[] = raw.steps.map((s, i) => {
    const type = STEP_TYPES.find((k) => s[k] !== undefined) as StepType;
    const following = raw.steps[i + 1]?.id ?? null;
    const step: Step = {
      id: s.id,
      type,
      text: s[type] as string,
      next: type === 'close' || type === 'choice' ? null : (s.next ?? following),
    };
    if (s.field !== undefined) step.field = s.field;
    if (s.choices) step.choices = s.choices.map((c) => ({ label: c.label, next: c.next }));
    if (s.disposition !== undefined) step.disposition = s.disposition;
    if (s.etiquette !== undefined) step.etiquette = s.etiquette;
    if (s.budget !== undefined) step.budgetS = s.budget;
    if (s.hint !== undefined) step.hint = s.hint;
    return step;
  });
  return {
    id: raw.id,
    name: raw.name,
    language: raw.language,
    products: raw.products,
    lists: raw.lists,
    budget: { softS: raw.budget.soft, hardS: raw.budget.hard },
    start: raw.start ?? steps[0].id,
    steps,
    objections: raw.objections.map((o) => ({
      id: o.id,
      label: o.label,
      response: o.response,
      ...(o.return !== undefined ? { returnTo: o.return } : {}),
    })),
  };
}

function issueToDiagnostic(
  issue: z.core.$ZodIssue,
  data: unknown,
  posOf: (p: Path) => SourcePos,
  keyPos: (p: Path, key: string) => SourcePos,
): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = fieldName(path);
  const d = (code: string, params: Record<string, string | number>, pos = posOf(path)): Diagnostic => ({
    severity: 'error',
    code,
    ...pos,
    params: { field, ...params },
  });
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(data, path) === undefined) return d('required', {});
      return d('wrong_type', { expected: issue.expected });
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      return d('unknown_key', { field: fieldName([...path, key]), key, known: KNOWN_KEYS[contextOf(path)] }, keyPos(path, key));
    }
    case 'invalid_value':
      return d('bad_value', { expected: issue.values.map(String).join(' | ') });
    case 'invalid_format':
      return d(path[path.length - 1] === 'field' ? 'bad_field_name' : 'bad_id', {});
    case 'too_big':
      if (path[path.length - 1] === 'choices') return d('too_many_choices', { max: MAX_CHOICES });
      return d('too_big', { max: Number(issue.maximum) });
    case 'too_small':
      return d('too_small', { min: Number(issue.minimum) });
    case 'custom':
      return d('empty_text', {});
    default:
      return d('invalid', {});
  }
}

function valueAt(data: unknown, path: Path): unknown {
  let cur = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.line - b.line || a.col - b.col);
}

export type { Document };
