// Display-width text helpers: CJK characters take two columns, so padding and cutting count columns.
import stringWidth from 'string-width';

export const width = (s: string): number => stringWidth(s);

/** Cut to `cols` display columns, ending with … when something was cut. */
export function fit(text: string, cols: number): string {
  const clean = text.replace(/[\r\n\t]+/g, ' ');
  if (cols <= 0) return '';
  if (stringWidth(clean) <= cols) return clean;
  let out = '';
  let w = 0;
  for (const ch of clean) {
    const cw = stringWidth(ch);
    if (w + cw > cols - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/** Cut and pad to exactly `cols` display columns. */
export function cell(text: string, cols: number, align: 'left' | 'right' = 'left'): string {
  const f = fit(text, cols);
  const gap = ' '.repeat(Math.max(0, cols - stringWidth(f)));
  return align === 'right' ? gap + f : f + gap;
}

/** The last `cols` columns of a text being typed (so the cursor end stays visible). */
export function tail(text: string, cols: number): string {
  const chars = Array.from(text.replace(/\n/g, '⏎'));
  let out = '';
  let w = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = stringWidth(chars[i]);
    if (w + cw > cols) return '…' + out.slice(Array.from(out)[0]?.length ?? 0);
    out = chars[i] + out;
    w += cw;
  }
  return out;
}

/**
 * Break a text into lines of at most `cols` display columns (CJK counts two). Latin words move whole
 * to the next line when a space is near enough; CJK text breaks anywhere. Newlines start a new line.
 */
export function wrapLines(text: string, cols: number): string[] {
  const out: string[] = [];
  const max = Math.max(1, cols);
  for (const para of text.replace(/\t/g, ' ').split(/\r?\n/)) {
    let line = '';
    let w = 0;
    for (const ch of para) {
      const cw = stringWidth(ch);
      if (w + cw > max) {
        // A Latin word being cut moves whole to the next line; CJK (two columns a character) breaks here.
        const word = cw === 1 && ch !== ' ' ? (/[^\s]+$/.exec(line)?.[0] ?? '') : '';
        const latin = word !== '' && stringWidth(word) === Array.from(word).length && stringWidth(word) < max / 2 && word.length < line.length;
        if (latin) {
          out.push(line.slice(0, line.length - word.length).replace(/ +$/, ''));
          line = word;
        } else {
          out.push(line.replace(/ +$/, ''));
          line = '';
        }
        if (ch === ' ' && line === '') {
          w = 0;
          continue;
        }
        w = stringWidth(line);
      }
      line += ch;
      w += cw;
    }
    out.push(line);
  }
  return out;
}

/** The last `rows` lines of a text being typed, wrapped to `cols` (the end and the cursor stay in view). */
export function tailLines(text: string, cols: number, rows: number): string[] {
  const lines = wrapLines(text, cols);
  if (lines.length <= rows) return lines;
  const shown = lines.slice(lines.length - rows);
  shown[0] = '…' + tail(shown[0], Math.max(0, cols - 1)).replace(/^…/, '');
  return shown;
}

/** How many rows a text takes when wrapped to `cols`. */
export const rowsOf = (text: string, cols: number): number => wrapLines(text, cols).length;
