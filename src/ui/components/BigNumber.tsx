// A number to dial by hand, drawn large (three-line block digits) when it fits the width, else bold.
import { Box, Text } from 'ink';
import { bigDigits } from '../../core/sessionDigits.js';
import { width } from '../text.js';

export function BigNumber({ phone, cols, ascii = false }: { phone: string; cols: number; ascii?: boolean }) {
  const lines = bigDigits(phone, ascii ? 'ascii' : 'box');
  if (!lines || width(lines[0]) > cols) {
    return (
      <Text bold color="cyan" wrap="truncate">
        {phone}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} bold color="cyan">
          {l}
        </Text>
      ))}
    </Box>
  );
}
