// Call scripts (SPEC.md "script"): the typed form of a script YAML file, and the diagnostics that the
// parser, the validator and the linter report. Diagnostics carry a message code and parameters, never
// text: the CLI translates them (src/i18n/messages/scripts.ts, keys `scripts.diag.<code>`).

export const STEP_TYPES = ['say', 'ask', 'choice', 'close'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const ETIQUETTE_TAGS = ['greeting', 'introduce', 'confirm_identity', 'purpose', 'recording_notice', 'opt_out_offer'] as const;
export type EtiquetteTag = (typeof ETIQUETTE_TAGS)[number];

/** The etiquette steps every script must contain (SPEC.md "Rules the product enforces"). */
export const REQUIRED_ETIQUETTE: readonly EtiquetteTag[] = ['greeting', 'introduce', 'confirm_identity', 'purpose'];

export const SCRIPT_LANGUAGES = ['en', 'zh-TW', 'zh-CN'] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];

export const MAX_CHOICES = 9;

export interface Choice {
  label: string;
  next: string;
}

export interface Step {
  id: string;
  type: StepType;
  /** Text with {{variables}}, read or asked by the rep. */
  text: string;
  /** The step that follows a say/ask step (the next one in the file unless given); null on close steps. */
  next: string | null;
  /** ask: the name under which the answer is saved (e.g. budget, decision_maker). */
  field?: string;
  /** choice: the customer's answers, 1–9, each leading to a step. */
  choices?: Choice[];
  /** close: the disposition suggested for the wrap-up. */
  disposition?: string;
  etiquette?: EtiquetteTag;
  /** Optional per-step time budget, seconds. */
  budgetS?: number;
  /** A hint for the rep, not read aloud. */
  hint?: string;
}

export interface Objection {
  id: string;
  label: string;
  response: string;
  /** Step to continue with; absent means "back to the step the objection was raised at". */
  returnTo?: string;
}

export interface Script {
  id: string;
  name: string;
  language: ScriptLanguage;
  /** Product codes the script sells (the session prefers it for leads interested in them). */
  products: string[];
  /** Names (or ids) of the lead lists the script is written for (the session prefers it for their leads). */
  lists: string[];
  budget: { softS: number; hardS: number };
  start: string;
  steps: Step[];
  objections: Objection[];
}

export interface SourcePos {
  line: number;
  col: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic extends SourcePos {
  severity: Severity;
  /** Message code: translated as `scripts.diag.<code>`. */
  code: string;
  params: Record<string, string | number>;
}
