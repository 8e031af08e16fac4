import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { tailLines, wrapLines } from '../../src/ui/text.js';

describe('wrapLines', () => {
  it('keeps Latin words whole, breaks CJK anywhere, never exceeds the width', () => {
    expect(wrapLines('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapLines('每月1490 TWD元，沒有開辦費', 12)).toEqual(['每月1490 TWD', '元，沒有開辦', '費']);
    for (const l of wrapLines('客戶說下個月預算會增加 and wants a demo 希望先寄報價單', 9)) expect(stringWidth(l)).toBeLessThanOrEqual(9);
    expect(wrapLines('a\nb', 5)).toEqual(['a', 'b']);
  });

  it('tailLines keeps the end in view, marking the cut', () => {
    const lines = tailLines('one two three four five six seven END█', 10, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('END█');
    expect(lines[0].startsWith('…')).toBe(true);
  });
});
