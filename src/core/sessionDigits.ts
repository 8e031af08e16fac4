// A phone number drawn large for dialling by hand: three-line block digits, with box-drawing
// characters or (for terminals that draw those double-width, `--ascii`) plain ASCII. Pure.

export type DigitStyle = 'box' | 'ascii';

const BOX: Record<string, [string, string, string]> = {
  '0': ['┌─┐', '│ │', '└─┘'],
  '1': ['╶┐ ', ' │ ', '╶┴╴'],
  '2': ['╶─┐', '┌─┘', '└─╴'],
  '3': ['╶─┐', ' ─┤', '╶─┘'],
  '4': ['╷ ╷', '└─┤', '  ╵'],
  '5': ['┌─╴', '└─┐', '╶─┘'],
  '6': ['┌─╴', '├─┐', '└─┘'],
  '7': ['╶─┐', '  │', '  ╵'],
  '8': ['┌─┐', '├─┤', '└─┘'],
  '9': ['┌─┐', '└─┤', '╶─┘'],
  '+': ['   ', '╶┼╴', '   '],
  '-': ['   ', '╶─╴', '   '],
  ' ': ['   ', '   ', '   '],
};

const ASCII: Record<string, [string, string, string]> = {
  '0': [' _ ', '| |', '|_|'],
  '1': ['   ', '  |', '  |'],
  '2': [' _ ', ' _|', '|_ '],
  '3': [' _ ', ' _|', ' _|'],
  '4': ['   ', '|_|', '  |'],
  '5': [' _ ', '|_ ', ' _|'],
  '6': [' _ ', '|_ ', '|_|'],
  '7': [' _ ', '  |', '  |'],
  '8': [' _ ', '|_|', '|_|'],
  '9': [' _ ', '|_|', ' _|'],
  '+': ['   ', '_|_', ' | '],
  '-': ['   ', '___', '   '],
  ' ': ['   ', '   ', '   '],
};

/** Columns between two glyphs. */
const GAP = ' ';

/**
 * The three lines of `text` in block digits, or null when it holds a character with no glyph
 * (letters, "ext."…), so the caller shows it as plain text instead. Separators other than spaces,
 * dashes and a plus (dots, brackets) are dropped: they carry nothing when dialling.
 */
export function bigDigits(text: string, style: DigitStyle = 'box'): [string, string, string] | null {
  const glyphs = style === 'ascii' ? ASCII : BOX;
  const chars = Array.from(text.trim().replace(/[().]/g, ''));
  if (chars.length === 0) return null;
  const lines: [string[], string[], string[]] = [[], [], []];
  for (const ch of chars) {
    const g = glyphs[ch];
    if (!g) return null;
    for (let i = 0; i < 3; i++) lines[i].push(g[i]);
  }
  return [lines[0].join(GAP), lines[1].join(GAP), lines[2].join(GAP)];
}
