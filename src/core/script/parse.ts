// Script YAML → typed Script, with every problem placed at its line and column.
// Structure is checked by a zod schema; each zod issue is mapped to a diagnostic code and to the
// position of the YAML node it concerns (LineCounter), so errors read like a compiler's.
import { CST, isMap, isPair, isScalar, LineCounter, Parser, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
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
  /**
   * The script as far as its structure allows checking its meaning (references, loops, etiquette,
   * variables) although it has errors: set when the only structural errors are unknown keys, so one
   * run reports every problem. Never use it to run or store a script: that is `script`.
   */
  checkable: Script | null;
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
    for (const e of yamlProblems) diagnostics.push(yamlDiagnostic(e, source, posAt));
    return { ...base, script: null, checkable: null, diagnostics: sortDiagnostics(dedupe(diagnostics)) };
  }
  for (const w of doc.warnings) {
    const pos = w.linePos?.[0] ?? { line: 1, col: 1 };
    diagnostics.push({ severity: 'warning', code: 'yaml', line: pos.line, col: pos.col, params: { problem: 'other', yaml: w.code, detail: firstLine(w.message) } });
  }

  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push({ severity: 'error', code: 'not_a_script', line: 1, col: 1, params: {} });
    return { ...base, script: null, checkable: null, diagnostics };
  }

  const res = scriptSchema.safeParse(data);
  if (!res.success) {
    for (const issue of res.error.issues) diagnostics.push(...issueToDiagnostics(issue, data, posOf, keyPos));
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
    // Unknown keys alone do not hide the rest: check the meaning of the script without them.
    const onlyUnknownKeys = diagnostics.every((d) => d.severity !== 'error' || d.code === 'unknown_key');
    const stripped = onlyUnknownKeys ? scriptSchema.safeParse(withoutUnknownKeys(data)) : null;
    const checkable = stripped?.success ? toScript(stripped.data) : null;
    return { ...base, script: null, checkable, diagnostics: sortDiagnostics(diagnostics) };
  }
  const script = toScript(res.data);
  return { ...base, script, checkable: script, diagnostics: sortDiagnostics(diagnostics) };
}

/** The data with only the keys the schema knows, at every level (for `checkable`). */
function withoutUnknownKeys(data: unknown): unknown {
  const pick = (value: unknown, keys: readonly string[], inner: Record<string, (v: unknown) => unknown> = {}) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (keys.includes(k)) out[k] = inner[k] ? inner[k](v) : v;
    return out;
  };
  const list = (f: (v: unknown) => unknown) => (v: unknown) => (Array.isArray(v) ? v.map(f) : v);
  const choice = (v: unknown) => pick(v, Object.keys(choiceSchema.shape));
  const step = (v: unknown) => pick(v, Object.keys(stepSchema.shape), { choices: list(choice) });
  const objection = (v: unknown) => pick(v, Object.keys(objectionSchema.shape));
  const budget = (v: unknown) => pick(v, ['soft', 'hard']);
  return pick(data, Object.keys(scriptSchema.shape), { steps: list(step), objections: list(objection), budget });
}

const dedupe = (ds: Diagnostic[]) => ds.filter((d, i) => ds.findIndex((o) => o.line === d.line && o.col === d.col && o.params.problem === d.params.problem) === i);

/** YAML codes with their own explanation (scripts.yaml.<problem>); others show the parser's words. */
const YAML_PROBLEMS: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate_key',
  TAB_AS_INDENT: 'tab_indent',
  BAD_INDENT: 'bad_indent',
  BAD_DQ_ESCAPE: 'bad_escape',
  BLOCK_AS_IMPLICIT_KEY: 'nested_compact',
  MULTILINE_IMPLICIT_KEY: 'multiline_key',
  UNEXPECTED_TOKEN: 'unexpected',
  BAD_SCALAR_START: 'bad_scalar_start',
  MISSING_CHAR: 'missing_char',
  MULTIPLE_DOCS: 'multiple_docs',
  BAD_ALIAS: 'bad_alias',
};

/**
 * A YAML syntax error as a diagnostic. An unclosed quote or bracket is reported where it was opened
 * (the parser notices it only at the end of the file), with the character to add.
 */
function yamlDiagnostic(e: YAMLError, source: string, posAt: (offset: number) => SourcePos): Diagnostic {
  const at = e.linePos?.[0] ?? { line: 1, col: 1 };
  const detail = firstLine(e.message);
  const base = { severity: 'error' as const, code: 'yaml' };
  if (e.code === 'MISSING_CHAR' || e.code === 'BAD_INDENT' || e.code === 'UNEXPECTED_TOKEN') {
    const open = unclosedOpening(source);
    if (open) {
      const pos = posAt(open.offset);
      return { ...base, ...pos, params: { problem: open.quote ? 'unclosed_quote' : 'unclosed_flow', open: open.char, close: open.close, yaml: e.code, detail } };
    }
  }
  return { ...base, line: at.line, col: at.col, params: { problem: YAML_PROBLEMS[e.code] ?? 'other', yaml: e.code, detail } };
}

/** The first quoted text, [ or { that is opened and never closed, from the YAML tokens. */
function unclosedOpening(source: string): { offset: number; char: string; close: string; quote: boolean } | null {
  let found: { offset: number; char: string; close: string; quote: boolean } | null = null;
  const closes: Record<string, string> = { '[': ']', '{': '}' };
  const check = (n: CST.Token | null | undefined) => {
    if (!n || found) return;
    if (n.type === 'double-quoted-scalar' || n.type === 'single-quoted-scalar') {
      const q = n.source[0];
      const trailing = /\\*"$/.exec(n.source)?.[0] ?? '';
      const closed = n.source.length >= 2 && (q === '"' ? trailing.length % 2 === 1 : n.source.endsWith("'"));
      if (!closed) found = { offset: n.offset, char: q, close: q, quote: true };
    } else if (n.type === 'flow-collection') {
      const open = n.start.source;
      if (!n.end.some((t) => t.source === closes[open])) found = { offset: n.offset, char: open, close: closes[open], quote: false };
    }
  };
  try {
    for (const tok of new Parser().parse(source)) {
      if (found) break;
      if (tok.type !== 'document') continue;
      CST.visit(tok, (item) => {
        check(item.key as CST.Token | null);
        check(item.value as CST.Token | undefined);
        return found ? CST.visit.BREAK : undefined;
      });
    }
  } catch {
    return null;
  }
  return found;
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

function issueToDiagnostics(
  issue: z.core.$ZodIssue,
  data: unknown,
  posOf: (p: Path) => SourcePos,
  keyPos: (p: Path, key: string) => SourcePos,
): Diagnostic[] {
  if (issue.code === 'unrecognized_keys') {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return issue.keys.map((key) => ({
      severity: 'error' as const,
      code: 'unknown_key',
      ...keyPos(path, key),
      params: { field: fieldName([...path, key]), key, known: KNOWN_KEYS[contextOf(path)] },
    }));
  }
  return [issueToDiagnostic(issue, data, posOf)];
}

function issueToDiagnostic(issue: z.core.$ZodIssue, data: unknown, posOf: (p: Path) => SourcePos): Diagnostic {
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
