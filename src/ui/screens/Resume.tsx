import { Box, Text } from 'ink';
import { localTime } from '../../core/time.js';
import { t } from '../../i18n/index.js';
import { innerCols } from '../components/Frame.js';
import { fit } from '../text.js';
import type { AppState } from '../types.js';

export function ResumeScreen({ s }: { s: AppState }) {
  const d = s.draft;
  if (!d) return null;
  const L = (k: string, params: Record<string, string | number> = {}) => t(k, params, s.lang);
  const cols = innerCols(s);
  return (
    <Box flexDirection="column">
      <Text bold color="yellow" wrap="wrap">
        {L('session.resume.question', { name: d.leadName, time: localTime(d.startedAt, s.zone) })}
      </Text>
      <Text wrap="wrap">{L('session.resume.no_discard')}</Text>
      {d.notes ? (
        <>
          <Text dimColor>{L('session.resume.notes')}</Text>
          <Text wrap="wrap">{fit(d.notes, cols * 4)}</Text>
        </>
      ) : null}
    </Box>
  );
}
