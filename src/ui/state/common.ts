// Small helpers shared by the screen reducers.
import type { CallDraft } from '../../services/session.js';
import { t } from '../../i18n/index.js';
import type { AppState, Effect } from '../types.js';

export const withEffects = (s: AppState, ...effects: Effect[]): AppState => ({ ...s, effects: [...s.effects, ...effects] });

export const flashError = (s: AppState, key: string, params: Record<string, string | number> = {}): AppState => ({
  ...s,
  flash: { kind: 'error', text: t(key, params, s.lang) },
});

export const flashInfo = (s: AppState, key: string, params: Record<string, string | number> = {}): AppState => ({
  ...s,
  flash: { kind: 'info', text: t(key, params, s.lang) },
});

export const patchDraft = (s: AppState, patch: Partial<CallDraft>): AppState => (s.draft ? { ...s, draft: { ...s.draft, ...patch } } : s);

/** A dialable reason as its stable code (outside_window…), from the message key `session.why.<code>` the rows carry. */
export const reasonCode = (key: string): string => key.replace(/^session\.why\./, '');

/** The dialable reasons of a row in the rep's language. */
export const reasonsText = (s: AppState, keys: readonly string[]): string => keys.map((k) => t(k, {}, s.lang)).join(', ');

/** The lead's zone, or the rep's when the lead's is unknown. */
export const leadZone = (s: AppState, lead: { timezone: string | null } | null | undefined): string => lead?.timezone ?? s.zone;
