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
