import { Box, Text } from 'ink';
import { daysToBirthday, formatDuration } from '../../core/session.js';
import { localDate, localDateTime, localTime } from '../../core/time.js';
import { t } from '../../i18n/index.js';
import { bodyRows, Field, innerCols } from '../components/Frame.js';
import { fit, tail } from '../text.js';
import type { AppState, ScriptChoice } from '../types.js';

/** Why a script was offered: "for list “Expo 2026”", "for product cloudledger-pro", … */
export function scriptWhy(s: AppState, c: ScriptChoice): string {
  return t(`session.prep.why.${c.match.by}`, { value: c.match.value ?? '' }, s.lang);
}

export function PrepScreen({ s }: { s: AppState }) {
  const p = s.prep;
  if (!p) return null;
  const L = (k: string, params: Record<string, string | number> = {}) => t(k, params, s.lang);
  const cols = innerCols(s);
  const lead = p.data.lead;
  const zone = lead.timezone ?? s.zone;
  const days = daysToBirthday(lead.birthday, s.now, zone);
  const disp = (code: string | null) => (code ? (s.dispositions.find((d) => d.code === code)?.labels[s.lang] ?? code) : '—');
  const historyRoom = Math.max(1, bodyRows(s) - 14);
  const script = p.scripts[p.scriptIndex];
  const box = (on: boolean) => (on ? '[x]' : '[ ]');
  const pickRoom = Math.max(3, historyRoom);
  const pickStart = Math.max(0, Math.min(p.pickCursor - Math.floor(pickRoom / 2), p.scripts.length - pickRoom));
  const scriptLine = script
    ? `${script.name} v${script.version}${p.scripts.length > 1 ? ` (${p.scriptIndex + 1}/${p.scripts.length})` : ''} · ${scriptWhy(s, script)}${p.scriptIndex > 0 ? ` · ${L('session.prep.switched')}` : ''}`
    : L('session.prep.no_script');
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {fit(`${lead.name}${lead.title ? ` · ${lead.title}` : ''}${lead.company ? ` · ${lead.company}` : ''}`, cols)}
      </Text>
      <Field label={L('session.prep.phone')} value={`${lead.phone ?? lead.phoneRaw ?? '—'}${lead.email ? `   ${lead.email}` : ''}`} cols={cols} />
      <Field label={L('session.prep.local_time')} value={`${lead.timezone ? `${localTime(s.now, zone)} (${zone})` : '—'}${p.row.inWindow ? '' : ' · ' + L('session.queue.outside_window')}`} cols={cols} color={p.row.inWindow ? undefined : 'yellow'} />
      <Field
        label={L('session.prep.dnc')}
        value={`${lead.dnc ? L('common.yes') : L('common.no')} · ${L('session.prep.consent')}: ${lead.consent ?? '—'} · ${L('session.prep.grade')}: ${lead.intentGrade ?? '—'}`}
        cols={cols}
        color={lead.dnc ? 'red' : undefined}
      />
      {days !== null && days <= 14 ? (
        <Text color="magenta">{days === 0 ? L('session.prep.birthday_today') : L('session.prep.birthday', { days, date: lead.birthday!.slice(5) })}</Text>
      ) : null}
      {!p.row.dialable.ok ? (
        <Text color="yellow" wrap="truncate">
          {fit(L('session.prep.not_dialable', { why: p.row.dialable.reasons.map((r) => t(r, {}, s.lang)).join(', ') }), cols)}
        </Text>
      ) : null}
      {p.picking ? (
        <>
          <Text bold color="cyan">
            {L('session.prep.scripts', { n: p.scripts.length })}
          </Text>
          {p.scripts.slice(pickStart, pickStart + pickRoom).map((c, j) => {
            const i = pickStart + j;
            return (
              <Text key={`${c.scriptId}@${c.version}`} inverse={i === p.pickCursor} wrap="truncate">
                {fit(`${i === p.scriptIndex ? '●' : ' '}${i < 9 ? i + 1 : ' '} ${c.name} v${c.version} · ${c.script.language} · ${scriptWhy(s, c)}`, cols)}
              </Text>
            );
          })}
        </>
      ) : null}
      {!p.picking ? <Text bold>{L('session.prep.history')}</Text> : null}
      {!p.picking && p.data.calls.length === 0 ? <Text dimColor>{L('session.prep.no_history')}</Text> : null}
      {(p.picking ? [] : p.data.calls).slice(0, historyRoom).map((c) => (
        <Text key={c.id} wrap="truncate">
          {fit(`${localDateTime(c.startedAt, s.zone)}  ${c.channel === 'robot' ? '🤖 ' : ''}${disp(c.disposition)}  ${formatDuration(c.durationS)}  ${c.summary ?? c.notes ?? ''}`, cols)}
        </Text>
      ))}
      {p.data.followups.length > 0 ? (
        <Text wrap="truncate">{fit(`${L('session.prep.followups')}: ${p.data.followups.map((f) => `${L(`session.followup.kind.${f.kind}`)} ${localDate(f.dueAt, s.zone).slice(5)} ${localTime(f.dueAt, s.zone)}`).join(', ')}`, cols)}</Text>
      ) : null}
      {p.data.deals.length > 0 ? (
        <Text wrap="truncate">{fit(`${L('session.prep.deals')}: ${p.data.deals.map((d) => `${L(`session.deal.stage.${d.stage}`)}${d.amount ? ` ${d.amount.toLocaleString('en-US')}${d.currency ? ` ${d.currency}` : ''}` : ''}`).join(', ')}`, cols)}</Text>
      ) : null}
      <Field label={L('session.prep.product')} value={p.product ? `${p.product.name}${p.product.price ? ` · ${p.product.price}` : ''}${p.product.highlights.length ? ` · ${p.product.highlights.join(' / ')}` : ''}` : '—'} cols={cols} />
      <Field label={L('session.prep.script')} value={scriptLine} cols={cols} />
      <Text wrap="truncate">
        {fit(`${L('session.prep.checklist')}: 1${box(p.checks.script)} ${L('session.prep.check.script')}  2${box(p.checks.product)} ${L('session.prep.check.product')}  3${box(p.checks.history)} ${L('session.prep.check.history')}`, cols)}
      </Text>
      {s.edit?.target === 'override' ? (
        <Text color="cyan" wrap="truncate">
          {L('session.prep.override_reason')}
          {tail(s.edit.value, cols - 30)}█
        </Text>
      ) : null}
    </Box>
  );
}
