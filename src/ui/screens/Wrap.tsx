import { Box, Text } from 'ink';
import { formatDuration, QUICK_PICKS } from '../../core/session.js';
import { localDateTime } from '../../core/time.js';
import { t } from '../../i18n/index.js';
import { innerCols } from '../components/Frame.js';
import { outsideWindowWarning } from '../state/wrap.js';
import { cell, fit, tail } from '../text.js';
import type { AppState } from '../types.js';

const PICK_KEYS = ['a', 't', 'd', 'm'];

export function WrapScreen({ s }: { s: AppState }) {
  const w = s.wrap;
  const d = s.draft;
  if (!w || !d) return null;
  const L = (k: string, params: Record<string, string | number> = {}) => t(k, params, s.lang);
  const cols = innerCols(s);
  const leadZone = w.lead.timezone ?? s.zone;
  const half = Math.floor((cols - 2) / 2);
  const disps = s.dispositions;
  const perCol = Math.ceil(disps.length / 2);
  const chosen = disps.find((x) => x.code === d.disposition) ?? null;
  const outside = outsideWindowWarning(s);
  const steps = d.etiquetteMissing.map((x) => L(`session.etiquette.${x}`)).join(L('session.list_sep'));
  // Missing etiquette matters only on a call that reached the customer: it blocks a conversation, and is
  // logged on other connected calls; the customer hanging up excuses it; busy, no answer… never mention it.
  const etiquetteLine =
    d.etiquetteMissing.length === 0 || (chosen && !chosen.connected)
      ? null
      : d.hungUpBy === 'customer'
        ? { color: 'green', text: L('session.wrap.hung_up_excuses') }
        : !chosen || chosen.conversation
          ? { color: 'yellow', text: L('session.error.etiquette_missing', { steps }) }
          : { color: 'yellow', text: L('session.wrap.etiquette_logged', { steps }) };
  const dur = d.endedAt ? formatDuration((d.endedAt - d.startedAt) / 1000) : '';
  const dispLine = (i: number) => {
    const x = disps[i];
    if (!x) return '';
    const mark = d.disposition === x.code ? '●' : ' ';
    return cell(`${mark}${x.hotkey ?? ' '} ${x.labels[s.lang]}`, half);
  };
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {fit(`${w.lead.name}  ${w.lead.phone ?? ''}  ${dur}${d.hungUpBy === 'customer' ? '  · ' + L('session.call.hung_up') : ''}`, cols)}
      </Text>
      <Text>
        <Text bold>{L('session.wrap.disposition')}</Text>
        {d.disposition ? '' : <Text color="red"> ({L('session.wrap.required')})</Text>}
      </Text>
      {Array.from({ length: perCol }, (_, i) => (
        <Text key={i} wrap="truncate">
          {dispLine(i)}
          {'  '}
          {dispLine(i + perCol)}
        </Text>
      ))}
      <Text wrap="truncate">
        <Text bold>{L('session.wrap.notes')}: </Text>
        {s.edit?.target === 'notes' ? <Text color="cyan">{tail(s.edit.value, cols - 12)}█</Text> : <Text>{fit(d.notes, cols - 12)}</Text>}
      </Text>
      <Text wrap="truncate">
        <Text bold>{L('session.wrap.callback')}: </Text>
        {d.callbackAt !== null ? (
          <Text color="green">{L('session.wrap.callback_at', { lead: localDateTime(d.callbackAt, leadZone), rep: localDateTime(d.callbackAt, s.zone) })}</Text>
        ) : (
          <Text dimColor>{L('session.wrap.callback_none')}</Text>
        )}
      </Text>
      {outside ? (
        <Text color="yellow" wrap="wrap">
          {outside}
        </Text>
      ) : null}
      <Text dimColor wrap="truncate">
        {fit(QUICK_PICKS.map((p, i) => `${PICK_KEYS[i]} ${L(`session.wrap.pick.${p}`)}`).join('   ') + '   w …', cols)}
      </Text>
      {s.edit?.target === 'when' ? (
        <Text color="cyan" wrap="truncate">
          {fit(L('session.wrap.callback_prompt'), cols - 16)}
          {tail(s.edit.value, 15)}█
        </Text>
      ) : null}
      <Text wrap="truncate">
        <Text bold>{L('session.wrap.dnc')}: </Text>
        <Text color={d.dnc || s.dispositions.find((x) => x.code === d.disposition)?.addsDnc ? 'red' : undefined}>
          {d.dnc || s.dispositions.find((x) => x.code === d.disposition)?.addsDnc ? L('common.yes') : L('common.no')}
        </Text>
        {'   '}
        <Text bold>{L('session.wrap.deal')}: </Text>
        {d.deal ? L(d.deal.dealId ? 'session.wrap.deal_advance' : 'session.wrap.deal_open', { stage: L(`session.deal.stage.${d.deal.stage}`) }) : L('session.wrap.deal_none')}
        {'   '}
        <Text bold>{L('session.wrap.survey')}: </Text>
        {d.survey ? String(d.survey.score) : '—'}
      </Text>
      {etiquetteLine ? (
        <Text color={etiquetteLine.color} wrap="wrap">
          {etiquetteLine.text}
        </Text>
      ) : null}
      {w.saving ? <Text color="cyan">{L('session.wrap.saving')}</Text> : null}
      {w.error ? (
        <Text color="red" wrap="wrap">
          {L('session.error.save_retry', { message: w.error, seconds: Math.max(0, Math.ceil(((w.retryAt ?? s.now) - s.now) / 1000)) })}
        </Text>
      ) : null}
    </Box>
  );
}
