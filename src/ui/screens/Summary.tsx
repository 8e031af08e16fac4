import { Box, Text } from 'ink';
import { t } from '../../i18n/index.js';
import { innerCols } from '../components/Frame.js';
import { cell } from '../text.js';
import type { AppState } from '../types.js';
import { summaryRows } from '../summaryRows.js';

export function SummaryScreen({ s }: { s: AppState }) {
  const sum = s.summary;
  if (!sum) return <Text dimColor>…</Text>;
  const L = (k: string, params: Record<string, string | number> = {}) => t(k, params, s.lang);
  const cols = innerCols(s);
  const w = Math.min(24, Math.floor(cols / 3));
  return (
    <Box flexDirection="column">
      <Text bold>{L('session.summary.title', { date: sum.date })}</Text>
      <Text dimColor>{`${cell(L('session.summary.col.metric'), w)} ${cell(L('session.summary.col.value'), 10, 'right')}  ${L('session.summary.col.target')}`}</Text>
      {summaryRows(sum).map(([k, v, target]) => (
        <Text key={k} wrap="truncate">
          {`${cell(L(k), w)} ${cell(v, 10, 'right')}  ${target}`}
        </Text>
      ))}
    </Box>
  );
}
