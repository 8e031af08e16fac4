import { Box, Text } from 'ink';
import { currentStep, etiquetteStatus } from '../../core/script/engine.js';
import { formatDuration, timerState } from '../../core/session.js';
import { t } from '../../i18n/index.js';
import { BigNumber } from '../components/BigNumber.js';
import { ASCII_BORDER, bodyRows, innerCols } from '../components/Frame.js';
import { fit, rowsOf, tail, tailLines, width, wrapLines } from '../text.js';
import type { AppState } from '../types.js';

const TIMER_COLOR = { ok: 'green', soft: 'yellow', hard: 'red' } as const;

export function CallScreen({ s, ascii = false }: { s: AppState; ascii?: boolean }) {
  const c = s.call;
  if (!c) return null;
  const L = (k: string, params: Record<string, string | number> = {}) => t(k, params, s.lang);
  const cols = innerCols(s);
  const elapsed = Math.max(0, Math.floor((s.now - c.startedAt) / 1000));
  const script = c.script?.script ?? null;
  const budget = script ? script.budget : null;
  const state = timerState(elapsed, { softS: budget?.softS, hardS: budget?.hardS });
  const view = script && c.engine ? currentStep(script, c.engine) : null;
  const et = script && c.engine ? etiquetteStatus(script, c.engine) : null;
  const phone = c.lead.phone ?? c.lead.phoneRaw ?? '';
  const dial = s.prep?.dialed;
  // No dial command: the number is drawn large while the rep dials (until the first step is passed),
  // then it shrinks to one line to leave the room to the script.
  const dialing = !c.engine || c.engine.history.length <= 1;
  const etiquetteText = et && et.required.length > 0 ? `${L('session.call.etiquette')}: ${et.required.map((tag) => `${et.done.includes(tag) ? '✓' : '·'}${L(`session.etiquette.${tag}`)}`).join(' ')}` : '';
  // The notes take the rows the rest of the screen leaves (counted as drawn below), so what is typed stays in view.
  const boxCols = cols - 4;
  let used = 1;
  if (dial?.command) used += 1;
  if (dial && !dial.command) used += dialing ? 4 : 1;
  if (!view) used += 1;
  if (view?.kind === 'objection') used += 3 + rowsOf(view.label, boxCols) + rowsOf(view.text, boxCols) + rowsOf(L('session.call.objection_return'), boxCols);
  if (view?.kind === 'step') used += 2 + rowsOf(view.text, boxCols) + (view.hint ? rowsOf(view.hint, boxCols) : 0) + view.choices.length + (view.ended ? 1 : 0);
  if (c.picking && script) used += 1 + Math.min(9, script.objections.length);
  if (c.engine && Object.keys(c.engine.answers).length > 0) used += 1;
  if (etiquetteText) used += rowsOf(etiquetteText, cols);
  if (s.edit?.target === 'answer') used += 1;
  const notesLabel = `${L('session.call.notes')}: `;
  const notesCols = Math.max(10, cols - width(notesLabel));
  const notesRoom = Math.max(1, bodyRows(s) - used);
  const editingNotes = s.edit?.target === 'notes';
  const noteLines = editingNotes ? tailLines(`${s.edit!.value}█`, notesCols, notesRoom) : headLines(s.draft?.notes ?? '', notesCols, Math.min(notesRoom, 3));
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between" width={cols}>
        <Text bold wrap="truncate">
          {fit(`${c.lead.name}  ${phone}`, cols - 30)}
        </Text>
        <Text color={TIMER_COLOR[state]} bold>
          {L('session.call.timer', { elapsed: formatDuration(elapsed) })}
          {budget ? `  ${L('session.call.budget', { soft: formatDuration(budget.softS), hard: formatDuration(budget.hardS) })}` : ''}
        </Text>
      </Box>
      {dial?.command ? <Text dimColor wrap="truncate">{fit(L('session.prep.dialing', { command: dial.command }), cols)}</Text> : null}
      {dial && !dial.command && dialing ? (
        <Box flexDirection="column">
          <Text wrap="truncate">{L('session.prep.dial_by_hand')}</Text>
          <BigNumber phone={phone} cols={cols} ascii={ascii} />
        </Box>
      ) : null}
      {dial && !dial.command && !dialing ? (
        <Text wrap="truncate">
          {L('session.prep.dial_by_hand')} <Text bold color="cyan">{phone}</Text>
        </Text>
      ) : null}
      {!view ? <Text color="yellow">{L('session.call.no_script')}</Text> : null}
      {view?.kind === 'objection' ? (
        <Box flexDirection="column" borderStyle={ascii ? ASCII_BORDER : 'single'} borderColor="magenta" paddingX={1}>
          <Text bold color="magenta">
            {view.label}
          </Text>
          <Para text={view.text} cols={boxCols} />
          <Text dimColor>{L('session.call.objection_return')}</Text>
        </Box>
      ) : null}
      {view?.kind === 'step' ? (
        <Box flexDirection="column" borderStyle={ascii ? ASCII_BORDER : 'single'} borderColor={view.ended ? 'green' : 'blue'} paddingX={1}>
          <Para text={view.text} cols={boxCols} />
          {view.hint ? <Para text={view.hint} cols={boxCols} dim /> : null}
          {view.choices.map((ch) => (
            <Text key={ch.n} wrap="truncate">
              <Text bold color="cyan">
                {ch.n}
              </Text>{' '}
              {ch.label}
            </Text>
          ))}
          {view.ended ? <Text color="green">{L('session.call.ended')}</Text> : null}
        </Box>
      ) : null}
      {c.picking && script ? (
        <Box flexDirection="column">
          <Text bold>{L('session.call.objections')}</Text>
          {script.objections.slice(0, 9).map((o, i) => (
            <Text key={o.id} wrap="truncate">
              <Text bold color="cyan">
                {i + 1}
              </Text>{' '}
              {o.label}
            </Text>
          ))}
        </Box>
      ) : null}
      {c.engine && Object.keys(c.engine.answers).length > 0 ? (
        <Text color="green" wrap="truncate">
          {fit(Object.entries(c.engine.answers).map(([field, value]) => L('session.call.answered', { field, value })).join(' · '), cols)}
        </Text>
      ) : null}
      {et && et.required.length > 0 ? (
        <Text wrap="wrap">
          {L('session.call.etiquette')}:{' '}
          {et.required.map((tag) => (
            <Text key={tag} color={et.done.includes(tag) ? 'green' : 'gray'}>
              {et.done.includes(tag) ? '✓' : '·'}
              {L(`session.etiquette.${tag}`)}{' '}
            </Text>
          ))}
        </Text>
      ) : null}
      {s.edit?.target === 'answer' ? (
        <Text color="cyan" wrap="truncate">
          {L('session.call.answer_prompt', { field: view?.kind === 'step' ? (view.field ?? '') : '' })}
          {tail(s.edit.value, cols - 30)}█
        </Text>
      ) : null}
      <Box flexDirection="row">
        <Text dimColor>{notesLabel}</Text>
        <Box flexDirection="column" width={notesCols}>
          {noteLines.map((l, i) => (
            <Text key={i} color={editingNotes ? 'cyan' : undefined} wrap="truncate">
              {l === '' ? ' ' : l}
            </Text>
          ))}
        </Box>
      </Box>
    </Box>
  );
}

/**
 * A paragraph of the script broken by wrapLines: Chinese breaks anywhere (Ink breaks only at spaces,
 * so "每月1490 TWD元，…" left half a box empty), Latin words stay whole.
 */
function Para({ text, cols, dim = false }: { text: string; cols: number; dim?: boolean }) {
  return (
    <>
      {wrapLines(text, cols).map((l, i) => (
        <Text key={i} dimColor={dim} wrap="truncate">
          {l === '' ? ' ' : l}
        </Text>
      ))}
    </>
  );
}

/** The first `rows` lines of saved notes, the last one ending in … when there is more. */
function headLines(text: string, cols: number, rows: number): string[] {
  const lines = wrapLines(text, cols);
  if (lines.length <= rows) return lines;
  const shown = lines.slice(0, rows);
  shown[rows - 1] = fit(`${shown[rows - 1]} …`, cols);
  return shown;
}
