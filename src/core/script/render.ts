// {{variables}} in script text: {{lead.name}}, {{rep.name}}, {{product.price}}, {{answers.budget}},
// {{lead.custom.industry}}, and a fallback after a bar: {{lead.title|先生/女士}}.
// A value that is missing (and has no fallback) shows a visible placeholder, never "undefined" or a gap.

export type VarValue = string | number | null | undefined;

export interface ScriptVars {
  lead?: Record<string, VarValue | Record<string, VarValue>>;
  rep?: Record<string, VarValue>;
  product?: Record<string, VarValue>;
  answers?: Record<string, VarValue>;
}

/** The variables a script may use; `lead.custom.*` and `answers.*` take any field name. */
export const KNOWN_VARIABLES: readonly string[] = [
  'lead.name',
  'lead.company',
  'lead.title',
  'lead.city',
  'lead.region',
  'lead.country',
  'lead.phone',
  'lead.email',
  'rep.name',
  'rep.phone',
  'rep.team',
  'product.name',
  'product.code',
  'product.price',
  'product.currency',
  'product.highlights',
];

export const VARIABLE = /\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|([^}]*))?\}\}/g;

export interface VariableUse {
  name: string;
  fallback: string | null;
  /** Offset of `{{` in the text. */
  index: number;
}

export function variablesIn(text: string): VariableUse[] {
  return [...text.matchAll(VARIABLE)].map((m) => ({ name: m[1], fallback: m[2] !== undefined ? m[2].trim() : null, index: m.index ?? 0 }));
}

/** Is `name` a variable scripts may use? `answers.<field>` must name a field of some ask step. */
export function isKnownVariable(name: string, answerFields: ReadonlySet<string>): boolean {
  if (KNOWN_VARIABLES.includes(name)) return true;
  const custom = /^lead\.custom\.[A-Za-z_]\w*$/.test(name);
  if (custom) return true;
  const ans = /^answers\.([A-Za-z_]\w*)$/.exec(name);
  return ans !== null && answerFields.has(ans[1]);
}

/** The visible stand-in for a missing value. */
export function placeholder(name: string): string {
  return `[${name}?]`;
}

function lookup(vars: ScriptVars, name: string): VarValue {
  let cur: unknown = vars;
  for (const part of name.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (Array.isArray(cur)) return cur.join(', ');
  if (typeof cur === 'string' || typeof cur === 'number') return cur;
  return undefined;
}

export interface Rendered {
  text: string;
  /** Variables that had no value and no fallback (shown as placeholders). */
  missing: string[];
}

export function renderText(text: string, vars: ScriptVars): Rendered {
  const missing: string[] = [];
  const out = text.replace(VARIABLE, (_whole, name: string, fallback: string | undefined) => {
    const v = lookup(vars, name);
    const s = v === undefined || v === null ? '' : String(v).trim();
    if (s !== '') return s;
    if (fallback !== undefined && fallback.trim() !== '') return fallback.trim();
    if (!missing.includes(name)) missing.push(name);
    return placeholder(name);
  });
  return { text: out, missing };
}
