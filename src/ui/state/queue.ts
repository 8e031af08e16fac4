// Queue screen: move, open, skip with a reason, search, filter, show blocked leads, refresh.
import { t } from '../../i18n/index.js';
import { SKIP_PICKS, type Command } from '../keymap.js';
import type { Action, AppState, QueueRow } from '../types.js';
import { flashError, flashInfo, withEffects } from './common.js';

/** The filters the queue understands: list:NAME, tag:TAG, grade:A. */
export const VALID_FILTER = /^(list|tag|grade)\s*:\s*\S/i;

/** Rows shown after search, filter and session skips. */
export function visibleRows(s: AppState): QueueRow[] {
  const q = s.queue;
  const needle = q.search.trim().toLowerCase();
  const digits = needle.replace(/[^\d]/g, '');
  const [fk, ...fv] = q.filter.trim().split(':');
  const fval = fv.join(':').trim().toLowerCase();
  return q.rows.filter((r) => {
    if (q.skipped[r.lead.id] !== undefined) return false;
    if (!q.includeBlocked && !r.dialable.ok) return false;
    if (needle) {
      const inName = r.lead.name.toLowerCase().includes(needle) || (r.lead.company ?? '').toLowerCase().includes(needle);
      const inPhone = digits.length >= 3 && ((r.lead.phone ?? '').includes(digits) || (r.lead.phoneRaw ?? '').replace(/[^\d]/g, '').includes(digits));
      if (!inName && !inPhone) return false;
    }
    if (fval) {
      switch (fk.trim().toLowerCase()) {
        case 'list':
          if (!(r.listName ?? '').toLowerCase().includes(fval)) return false;
          break;
        case 'tag':
          if (!r.lead.tags.some((tg) => tg.toLowerCase() === fval)) return false;
          break;
        case 'grade':
          if ((r.lead.intentGrade ?? '').toLowerCase() !== fval) return false;
          break;
        default:
          break;
      }
    }
    return true;
  });
}

export function selectedRow(s: AppState): QueueRow | null {
  const rows = visibleRows(s);
  return rows[Math.min(s.queue.cursor, rows.length - 1)] ?? null;
}

const clampCursor = (s: AppState): AppState => {
  const n = visibleRows(s).length;
  const cursor = Math.max(0, Math.min(s.queue.cursor, n - 1));
  return cursor === s.queue.cursor ? s : { ...s, queue: { ...s.queue, cursor } };
};

export function reduceQueue(s: AppState, a: Command | Action): AppState {
  if ('type' in a) {
    if (a.type === 'queue/loaded') return clampCursor({ ...s, queue: { ...s.queue, rows: a.rows, loaded: true, loadedAt: s.now } });
    if (a.type === 'queue/skipFailed') {
      // Not recorded: the lead comes back, and the rep is told why.
      const { [a.leadId]: _gone, ...skipped } = s.queue.skipped;
      return flashError({ ...s, queue: { ...s.queue, skipped } }, 'session.error.skip_failed', { name: a.name, message: a.message });
    }
    return s;
  }
  switch (a.cmd) {
    case 'up':
      return { ...s, queue: { ...s.queue, cursor: Math.max(0, s.queue.cursor - 1) } };
    case 'down':
      return clampCursor({ ...s, queue: { ...s.queue, cursor: s.queue.cursor + 1 } });
    case 'open': {
      const row = selectedRow(s);
      return row ? withEffects({ ...s, flash: null }, { type: 'open', row }) : s;
    }
    case 'skip': {
      const row = selectedRow(s);
      return row ? { ...s, queue: { ...s.queue, skipping: { leadId: row.lead.id, name: row.lead.name } }, flash: null } : s;
    }
    case 'skipPick': {
      const code = SKIP_PICKS[a.n - 1];
      return code && s.queue.skipping ? skipLead(s, t(`session.skip.pick.${code}`, {}, s.lang), code) : s;
    }
    case 'skipType':
      return s.queue.skipping ? { ...s, edit: { target: 'skip', value: '' }, flash: null } : s;
    case 'skipCancel':
      return { ...s, queue: { ...s.queue, skipping: null }, flash: null };
    case 'search':
      return { ...s, edit: { target: 'search', value: s.queue.search }, flash: null };
    case 'filter':
      return { ...s, edit: { target: 'filter', value: s.queue.filter }, flash: null };
    case 'blocked':
      return withEffects({ ...s, queue: { ...s.queue, includeBlocked: !s.queue.includeBlocked, cursor: 0 } }, { type: 'loadQueue' });
    case 'refresh':
      return withEffects({ ...s, flash: null }, { type: 'loadQueue' });
    case 'quit':
      return withEffects({ ...s, screen: 'summary' }, { type: 'loadSummary' });
    default:
      return s;
  }
}

/** Finish a text field of the queue screen. */
export function commitQueueEdit(s: AppState, target: 'search' | 'filter' | 'skip', value: string): AppState {
  const base = { ...s, edit: null };
  if (target === 'search') return clampCursor({ ...base, queue: { ...base.queue, search: value, cursor: 0 } });
  if (target === 'filter') {
    // Only list:, tag: and grade: filter; anything else is refused (the field stays open to correct it).
    if (value.trim() !== '' && !VALID_FILTER.test(value.trim())) return flashError(s, 'session.error.bad_filter', { text: value.trim() });
    return clampCursor({ ...base, queue: { ...base.queue, filter: value.trim(), cursor: 0 } });
  }
  if (!s.queue.skipping) return base;
  if (value.trim() === '') return flashError({ ...s }, 'session.error.skip_reason');
  return skipLead(base, value.trim(), 'other');
}

/**
 * Skip the lead whose reason was asked for: hidden from the queue for the rest of the session (queue
 * refreshes included), and the reason recorded (effect `skip` → audit entry `queue.skip`).
 */
function skipLead(s: AppState, reason: string, code: string): AppState {
  const who = s.queue.skipping!;
  const next = clampCursor({ ...s, edit: null, queue: { ...s.queue, skipping: null, skipped: { ...s.queue.skipped, [who.leadId]: reason } } });
  return flashInfo(withEffects(next, { type: 'skip', leadId: who.leadId, name: who.name, reason, code }), 'session.queue.skipped', { name: who.name, reason });
}
