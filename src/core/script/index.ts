// Call scripts: parse (YAML with line/col), validate, lint, render variables, and run (pure engine).
export * from './types.js';
export * from './parse.js';
export * from './render.js';
export * from './validate.js';
export * from './lint.js';
export * from './engine.js';

import { parseScript, type ParsedScript } from './parse.js';
import { lintScript, type LintOptions } from './lint.js';
import { validateScript, type ValidateOptions } from './validate.js';
import type { Diagnostic } from './types.js';

/** Parse, validate and lint in one go: what `scripts add` and the session check before use. */
export function checkScript(source: string, options: ValidateOptions & LintOptions = {}): { parsed: ParsedScript; diagnostics: Diagnostic[]; ok: boolean } {
  const parsed = parseScript(source);
  const validation = validateScript(parsed, options);
  const lint = parsed.checkable ? lintScript(parsed, options) : [];
  const diagnostics = [...validation, ...lint].sort((a, b) => a.line - b.line || a.col - b.col);
  return { parsed, diagnostics, ok: parsed.script !== null && !diagnostics.some((d) => d.severity === 'error') };
}
