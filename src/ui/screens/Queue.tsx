import { Box, Text } from 'ink';
import { localTime } from '../../core/time.js';
import { t } from '../../i18n/index.js';
import { bodyRows, innerCols } from '../components/Frame.js';
import { visibleRows } from '../state/queue.js';
import { cell, fit, tail } from '../text.js';
import { SKIP_PICKS } from '../keymap.js';
import type { AppState, QueueRow } from '../types.js';

export function reasonText(s: AppState, r: QueueRow): string {
  const lang = s.lang;
  const zone = s.zone;
  if (!r.dialable.ok) return t('session.reason.blocked', { why: r.dialable.reasons.map((x) => t(x, {}, lang)).join(', ') }, lang);
  const k = r.reason.kind;
  const time = r.reason.dueAt ? localTime(r.reason.dueAt, zone) : '';
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
  const company = Math.max(12, Math.floor((cols - 40) * 0.4));
  const w = { name: 14, company, local: 6, why: Math.max(12, cols - 14 - company - 6 - 14 - 4), last: 14 };
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
        {fit(line(t('session.queue.col.name', {}, s.lang), t('session.queue.col.company', {}, s.lang), t('session.queue.col.local', {}, s.lang), t('session.queue.col.why', {}, s.lang), t('session.queue.col.last', {}, s.lang)), cols)}
      </Text>
      {s.queue.loaded && rows.length === 0 ? <Text wrap="wrap">{t('session.queue.empty', {}, s.lang)}</Text> : null}
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
