// The session TUI's model: what the screens show, what the reducers change, and the one port
// (SessionApi) through which the UI reaches the services. No SQL and no database here.
import type { Script, ScriptState } from '../core/script/index.js';
import type { ScriptMatch } from '../core/scriptSelect.js';
import type { Disposition, Lang, Lead } from '../core/types.js';
import type { CallingWindow } from '../core/session.js';
import type { CallDraft, ClaimResult, LeadPrep, TodaySummary, WrapUpResult } from '../services/session.js';

export type Screen = 'resume' | 'queue' | 'prep' | 'call' | 'wrapup' | 'summary';

export interface QueueRow {
  lead: Lead;
  reason: { kind: string; dueAt?: number; attempt?: number; grade?: string | null; cap?: number };
  dialable: { ok: boolean; reasons: string[] };
  /** The lead's local time 'HH:MM' (or '' when the zone is unknown). */
  localTime: string;
  inWindow: boolean;
  listName?: string | null;
}

export interface ScriptChoice {
  scriptId: string;
  version: number;
  name: string;
  script: Script;
  /** Why this script was offered for the lead (list, product, language, or nothing better). */
  match: ScriptMatch;
  /** The product sheet that goes with this script for this lead (undefined: keep the lead's). */
  product?: ProductSheet | null;
}

export interface ProductSheet {
  name: string;
  price: string | null;
  highlights: string[];
}

export interface SessionApi {
  rep: { id: string; username: string; displayName: string; zone: string };
  lang: Lang;
  dispositions: Disposition[];
  now(): number;
  loadQueue(opts: { includeBlocked: boolean; limit: number }): QueueRow[];
  claim(leadId: string): ClaimResult;
  release(leadId: string): void;
  prep(leadId: string): LeadPrep;
  scriptsFor(lead: Lead): ScriptChoice[];
  product(lead: Lead): ProductSheet | null;
  /** Runs dial.command with the number; null when none is configured. Throws on failure. */
  dial(phone: string): string | null;
  override(leadId: string, reasons: string[], reason: string): void;
  /** Record why the rep skipped a lead (an audit entry `queue.skip`). Throws on failure. */
  skip(leadId: string, reason: string, code: string): void;
  saveDraft(draft: CallDraft): void;
  loadDraft(): (CallDraft & { savedAt: number }) | null;
  saveWrapUp(draft: CallDraft): WrapUpResult;
  summary(): TodaySummary;
  /** Long notes in $EDITOR: resolves with the edited text. */
  editText(text: string): Promise<string>;
}

export type EditTarget = 'search' | 'filter' | 'skip' | 'override' | 'notes' | 'answer' | 'when';

export interface EditState {
  target: EditTarget;
  value: string;
}

export interface QueueState {
  rows: QueueRow[];
  loaded: boolean;
  loadedAt: number;
  cursor: number;
  search: string;
  filter: string;
  includeBlocked: boolean;
  /** Leads skipped in this session (with the reason): hidden for the rest of the session, refreshes included. */
  skipped: Record<string, string>;
  /** The lead whose skip reason is being asked for (quick picks on show), or null. */
  skipping: { leadId: string; name: string } | null;
}

export interface PrepState {
  row: QueueRow;
  data: LeadPrep;
  scripts: ScriptChoice[];
  scriptIndex: number;
  /** The script list is open for choosing (with its highlighted row). */
  picking: boolean;
  pickCursor: number;
  product: ProductSheet | null;
  checks: { script: boolean; product: boolean; history: boolean };
  overrideReason: string | null;
  dialed: { command: string | null } | null;
}

export interface CallState {
  lead: Lead;
  script: ScriptChoice | null;
  engine: ScriptState | null;
  startedAt: number;
  hungUp: boolean;
  /** Objection picker open (digits choose an objection). */
  picking: boolean;
}

export interface WrapState {
  lead: Lead;
  /** The lead's calling window (lead's local time); null when unknown (no check). */
  window: CallingWindow | null;
  /** A callback outside the window that the rep was warned about: the next save keeps it. */
  outsideWarnedAt: number | null;
  saving: boolean;
  error: string | null;
  retryAt: number | null;
  saved: boolean;
}

export type Flash = { kind: 'error' | 'info'; text: string } | null;

export type Effect =
  | { type: 'loadQueue' }
  | { type: 'open'; row: QueueRow }
  | { type: 'resume'; leadId: string }
  | { type: 'release'; leadId: string }
  | { type: 'renewClaim'; leadId: string }
  | { type: 'dial'; phone: string }
  | { type: 'override'; leadId: string; reasons: string[]; reason: string }
  | { type: 'skip'; leadId: string; name: string; reason: string; code: string }
  | { type: 'saveWrapUp'; draft: CallDraft }
  | { type: 'loadSummary' }
  | { type: 'loadToday' }
  | { type: 'editor'; text: string }
  | { type: 'exit' };

export interface AppState {
  screen: Screen;
  cols: number;
  rows: number;
  now: number;
  zone: string;
  repName: string;
  lang: Lang;
  dispositions: Disposition[];
  queue: QueueState;
  prep: PrepState | null;
  call: CallState | null;
  wrap: WrapState | null;
  /** The call being made or wrapped up: what the draft saver keeps safe. */
  draft: CallDraft | null;
  /** When the open lead's claim was last taken or renewed (a long call must not lose it). */
  claimRenewedAt: number;
  summary: TodaySummary | null;
  /** Today's figures for the header (refreshed after every save). */
  today: TodaySummary | null;
  edit: EditState | null;
  flash: Flash;
  effects: Effect[];
}

export type Action =
  | { type: 'key'; name: string; text?: string }
  | { type: 'tick'; now: number }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'effectsTaken'; count: number }
  | { type: 'queue/loaded'; rows: QueueRow[] }
  | { type: 'queue/skipFailed'; leadId: string; name: string; message: string }
  | { type: 'prep/loaded'; row: QueueRow; data: LeadPrep; scripts: ScriptChoice[]; product: ProductSheet | null }
  | { type: 'prep/claimFailed'; holder: string; until: number }
  | { type: 'prep/dialed'; command: string | null }
  | { type: 'resume/loaded'; data: LeadPrep }
  | { type: 'wrap/saved'; summary: TodaySummary | null }
  | { type: 'wrap/saveFailed'; message: string; retryAt: number }
  | { type: 'summary/loaded'; summary: TodaySummary }
  | { type: 'today/loaded'; today: TodaySummary }
  | { type: 'call/editorDone'; text: string }
  | { type: 'flash'; flash: Flash };
