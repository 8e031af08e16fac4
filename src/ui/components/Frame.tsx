// The frame of every screen: header (rep, time, today against targets), body, message line, key hints.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { formatDuration } from '../../core/session.js';
import { localDateTime, localTime } from '../../core/time.js';
import { t } from '../../i18n/index.js';
import { EDIT_HINTS, hints } from '../keymap.js';
import { cell, fit, width, wrapLines } from '../text.js';
import type { AppState } from '../types.js';

export const ASCII_BORDER = 'classic' as const;
export const BOX_BORDER = 'round' as const;

/** Columns inside the frame's border and padding. */
export const innerCols = (s: AppState): number => Math.max(20, s.cols - 4);
/** The message line's rows: a long message (an error with its fix at the end) wraps to two. */
export const flashRows = (s: AppState): number => (s.flash ? Math.min(2, wrapLines(s.flash.text, innerCols(s)).length) : 1);
/** Rows left for a screen's body inside the frame (borders, header, message line(s), two hint lines). */
export const bodyRows = (s: AppState): number => Math.max(3, s.rows - 6 - flashRows(s));

function ofTarget(value: string, target: number | undefined, lang: AppState['lang']): string {
  return target ? t('session.header.of', { value, target: String(target) }, lang) : value;
}

export function Header({ s }: { s: AppState }) {
  const cols = innerCols(s);
  const today = s.today;
  const screen = t(`session.screen.${s.screen}`, {}, s.lang);
  const right = today
    ? [
        t('session.header.calls', { value: ofTarget(String(today.calls), today.targets.calls, s.lang) }, s.lang),
        t('session.header.conversations', { value: ofTarget(String(today.conversations), today.targets.conversations, s.lang) }, s.lang),
        t('session.header.talk', { value: formatDuration(today.talkTimeS) }, s.lang),
      ].join(' · ')
    : '';
  // The clock and today's figures must stay whole: at 80 columns the date goes, then the rep's name.
  const lefts = [
    `${screen} · ${s.repName} · ${localDateTime(s.now, s.zone)}`,
    `${screen} · ${s.repName} · ${localTime(s.now, s.zone)}`,
    `${screen} · ${localTime(s.now, s.zone)}`,
  ];
  const left = lefts.find((l) => width(l) + 1 + width(right) <= cols) ?? lefts[lefts.length - 1];
  const r = fit(right, Math.min(width(right), cols - width(left) - 1));
  return (
    <Box justifyContent="space-between" width={cols}>
      <Text bold wrap="truncate">
        {fit(left, cols - (r ? width(r) + 1 : 0))}
      </Text>
      <Text color="cyan" wrap="truncate">
        {r}
      </Text>
    </Box>
  );
}

export function Footer({ s }: { s: AppState }) {
  const list = s.edit ? EDIT_HINTS : hints(s);
  const cols = innerCols(s);
  const lines: string[] = [''];
  for (const h of list) {
    const item = `${h.key} ${t(h.label, {}, s.lang)}`;
    const cur = lines[lines.length - 1];
    if (cur && width(cur + '  ' + item) > cols) lines.push(item);
    else lines[lines.length - 1] = cur ? `${cur}  ${item}` : item;
  }
  return (
    <Box flexDirection="column" height={2}>
      {lines.slice(0, 2).map((l, i) => (
        <Text key={i} dimColor wrap="truncate">
          {fit(l, cols)}
        </Text>
      ))}
    </Box>
  );
}

export function FlashLine({ s }: { s: AppState }) {
  const cols = innerCols(s);
  if (!s.flash) return <Text> </Text>;
  const lines = wrapLines(s.flash.text, cols);
  const shown = lines.length > 2 ? [lines[0], fit(lines.slice(1).join(' '), cols)] : lines;
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => (
        <Text key={i} color={s.flash!.kind === 'error' ? 'red' : 'green'} wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  );
}

export function Frame({ s, ascii, children }: { s: AppState; ascii: boolean; children: ReactNode }) {
  return (
    <Box flexDirection="column" width={s.cols} height={s.rows} borderStyle={ascii ? ASCII_BORDER : BOX_BORDER} paddingX={1}>
      <Header s={s} />
      <Box flexDirection="column" flexGrow={1} height={bodyRows(s)} overflow="hidden">
        {children}
      </Box>
      <FlashLine s={s} />
      <Footer s={s} />
    </Box>
  );
}

/** A labelled line that never wraps: "Label  value". */
export function Field({ label, value, cols, color }: { label: string; value: string; cols: number; color?: string }) {
  return (
    <Text wrap="truncate">
      <Text dimColor>{cell(label, 14)}</Text>
      <Text color={color}>{fit(value, Math.max(1, cols - 14))}</Text>
    </Text>
  );
}
