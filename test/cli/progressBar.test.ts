import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/output.js';

describe('progressBar', () => {
  it('fills in proportion, with eighth blocks at the edge, always the given width', () => {
    expect(progressBar(0, 10)).toBe('░░░░░░░░░░');
    expect(progressBar(1, 10)).toBe('██████████');
    expect(progressBar(0.5, 10)).toBe('█████░░░░░');
    expect(progressBar(0.0125, 10)).toBe('▏░░░░░░░░░');
    expect(progressBar(0.55, 10)).toBe('█████▌░░░░');
    for (let f = 0; f <= 1; f += 0.013) expect(stringWidth(progressBar(f, 17))).toBe(17);
  });

  it('clamps what is out of range or not a number', () => {
    expect(progressBar(1.7, 5)).toBe('█████');
    expect(progressBar(-0.2, 5)).toBe('░░░░░');
    expect(progressBar(Number.NaN, 5)).toBe('░░░░░');
  });
});
