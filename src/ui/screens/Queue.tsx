import { Box, Text } from 'ink';
import { dueLabel } from '../../core/session.js';
import { t } from '../../i18n/index.js';
import { bodyRows, innerCols } from '../components/Frame.js';
import { visibleRows } from '../state/queue.js';
import { cell, fit, tail, width } from '../text.js';
import { SKIP_PICKS } from '../keymap.js';
import type { AppState, QueueRow } from '../types.js';

export function reasonText(s: AppState, r: QueueRow): string {
  const lang = s.lang;
  if (!r.dialable.ok) return t('session.reason.blocked', { why: r.dialable.reasons.map((x) => t(x, {}, lang)).join(', ') }, lang);
  const k = r.reason.kind;
  // With the date when it is not today: "overdue since 23:00" must not read as tonight.
  const time = r.reason.dueAt ? dueLabel(r.reason.dueAt, s.now, s.zone) : '';
  const key = `session.reason.${k}`;
  const text = t(key, { time, grade: r.reason.grade ?? r.lead.intentGrade ?? '', attempt: r.reason.attempt ?? r.lead.attemptsTotal + 1, cap: r.reason.cap ?? '?', priority: r.lead.priority }, lang);
  return text === key ? k : text;
}

function dispositionLabel(s: AppState, code: string | null): string {
  if (!code) return '';
  return s.dispositions.find((d) => d.code === code)?.labels[s.lang] ?? code;
}

export function QueueScreen({ s }: { s: AppState }) {
  const cols = innerCols(s);
  const rows = visibleRows(s);
  const picking = s.queue.skipping !== null && s.edit?.target !== 'skip';
  const room = bodyRows(s) - 3 - (picking ? 1 : 0);
  const start = Math.max(0, Math.min(s.queue.cursor - Math.floor(room / 2), rows.length - room));
  const shown = rows.slice(start, start + room);
  const head = {
    name: t('session.queue.col.name', {}, s.lang),
    company: t('session.queue.col.company', {}, s.lang),
    local: t('session.queue.col.local', {}, s.lang),
    why: t('session.queue.col.why', {}, s.lang),
    last: t('session.queue.col.last', {}, s.lang),
  };
  const w = columnWidths(cols, head, shown.map((r) => ({ name: r.lead.name, company: r.lead.company ?? '', why: reasonText(s, r), last: dispositionLabel(s, r.lead.lastDisposition) })));
  const line = (a: string, b: string, c: string, d: string, e: string) =>
    `${cell(a, w.name)} ${cell(b, w.company)} ${cell(c, w.local)} ${cell(d, w.why)} ${cell(e, w.last)}`;
  const status = [
    t('session.queue.count', { shown: String(rows.length), total: String(s.queue.rows.length) }, s.lang),
    s.queue.includeBlocked ? t('session.queue.blocked_shown', {}, s.lang) : '',
    s.queue.search ? t('session.queue.search_active', { text: s.queue.search }, s.lang) : '',
    s.queue.filter ? t('session.queue.filter_active', { filter: s.queue.filter }, s.lang) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const prompt =
    s.edit && ['search', 'filter', 'skip'].includes(s.edit.target)
      ? t(s.edit.target === 'search' ? 'session.queue.search' : s.edit.target === 'filter' ? 'session.queue.filter' : 'session.queue.skip_reason', { name: s.queue.skipping?.name ?? '' }, s.lang)
      : null;
  const picks = SKIP_PICKS.map((code, i) => `${i + 1} ${t(`session.skip.pick.${code}`, {}, s.lang)}`).join('  ');
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate">
        {fit(status, cols)}
      </Text>
      <Text bold wrap="truncate">
        {fit(line(head.name, head.company, head.local, head.why, head.last), cols)}
      </Text>
      {s.queue.loaded && rows.length === 0 ? <Text wrap="wrap">{emptyText(s)}</Text> : null}
      {shown.map((r, i) => {
        const selected = start + i === s.queue.cursor;
        const local = r.localTime ? `${r.localTime}${r.inWindow ? '' : '!'}` : '—';
        return (
          <Text key={r.lead.id} inverse={selected} color={r.dialable.ok ? undefined : 'yellow'} wrap="truncate">
            {fit(line(r.lead.name, r.lead.company ?? '', local, reasonText(s, r), dispositionLabel(s, r.lead.lastDisposition)), cols)}
          </Text>
        );
      })}
      {picking ? (
        <>
          <Text color="cyan" wrap="truncate">
            {fit(t('session.queue.skip_pick', { name: s.queue.skipping!.name }, s.lang), cols)}
          </Text>
          <Text color="cyan" wrap="truncate">
            {fit(picks, cols)}
          </Text>
        </>
      ) : null}
      {prompt !== null ? (
        <Text color="cyan" wrap="truncate">
          {prompt}
          {tail(s.edit!.value, Math.max(5, cols - prompt.length * 2 - 1))}█
        </Text>
      ) : null}
    </Box>
  );
}

/** Why the list is empty: nobody to call, or nobody matching the search/filter (and how to change it). */
function emptyText(s: AppState): string {
  const what = [s.queue.search ? t('session.queue.search_what', { text: s.queue.search }, s.lang) : '', s.queue.filter].filter(Boolean).join(' + ');
  if (!what || s.queue.rows.length === 0) return t('session.queue.empty', {}, s.lang);
  const lists = [...new Set(s.queue.rows.map((r) => r.listName).filter((x): x is string => Boolean(x)))];
  const hint = s.queue.filter.trim().toLowerCase().startsWith('list:') && lists.length > 0 ? ` ${t('session.queue.lists_hint', { lists: lists.join(', ') }, s.lang)}` : '';
  return t('session.queue.no_match', { what }, s.lang) + hint;
}

type Cols = { name: number; company: number; local: number; why: number; last: number };

/**
 * Column widths from what is on screen: each column as wide as its longest cell (within caps), the
 * "why" column first (it is what the rep reads), the rest shrunk in order company, last, name when the
 * row does not fit, and spare columns to the name and the company.
 */
export function columnWidths(cols: number, head: Record<keyof Cols, string>, cells: { name: string; company: string; why: string; last: string }[]): Cols {
  const floor = { name: 12, company: 12, why: 16, last: 8 };
  const natural = (k: 'name' | 'company' | 'why' | 'last', cap: number) => Math.min(cap, Math.max(width(head[k]), ...cells.map((c) => width(c[k])), floor[k]));
  const w: Cols = { name: natural('name', 28), company: natural('company', 30), local: Math.max(6, width(head.local)), why: natural('why', 40), last: natural('last', 16) };
  const room = cols - 4; // four gaps between five columns
  const total = () => w.name + w.company + w.local + w.why + w.last;
  const mins: [keyof Cols, number][] = [['company', 8], ['last', 6], ['name', 12], ['why', 16]];
  for (const [k, min] of mins) {
    const over = total() - room;
    if (over <= 0) break;
    w[k] = Math.max(min, w[k] - over);
  }
  // Spare room: the name first (names were cut at 14 while other columns stood empty), then the company.
  const spare = room - total();
  if (spare > 0) {
    const toName = Math.max(0, Math.min(spare, natural('name', 40) - w.name));
    w.name += toName;
    w.company += spare - toName;
  }
  return w;
}
