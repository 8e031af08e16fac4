import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyDraft, type CallDraft } from '../../src/services/session.js';
import { DraftSaver } from '../../src/ui/draftSaver.js';

const d = (notes: string): CallDraft => ({ ...emptyDraft({ id: 'L1', name: '王小明' }, 0), notes });

describe('DraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = () => {
    const saved: string[] = [];
    const saver = new DraftSaver({ save: (x) => saved.push(x.notes), pauseMs: 300, maxWaitMs: 1000, now: () => Date.now() });
    return { saved, saver };
  };

  it('saves after a short pause', () => {
    const { saved, saver } = make();
    saver.update(d('a'));
    vi.advanceTimersByTime(299);
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(saved).toEqual(['a']);
  });

  it('saves at least once a second while the rep keeps typing', () => {
    const { saved, saver } = make();
    let text = '';
    for (let i = 0; i < 25; i++) {
      text += '字';
      saver.update(d(text));
      vi.advanceTimersByTime(100); // a key every 100 ms: never a 300 ms pause
    }
    // 2.5 s of typing: written at ~1 s and ~2 s, not only at the end
    expect(saved.length).toBeGreaterThanOrEqual(2);
    expect(saved[0].length).toBeLessThanOrEqual(11);
    vi.advanceTimersByTime(300);
    expect(saved.at(-1)).toBe(text);
  });

  it('flush writes at once and only once; reset drops what is pending', () => {
    const { saved, saver } = make();
    saver.update(d('x'));
    saver.flush();
    saver.flush();
    expect(saved).toEqual(['x']);
    saver.update(d('y'));
    saver.reset();
    vi.advanceTimersByTime(2000);
    expect(saved).toEqual(['x']);
    saver.update(null);
    expect(saver.hasPending).toBe(false);
  });

  it('a failed write (busy database) stays pending and is retried', () => {
    let fail = true;
    const saved: string[] = [];
    const errors: unknown[] = [];
    const saver = new DraftSaver({ save: (x) => (fail ? (() => { throw new Error('SQLITE_BUSY'); })() : saved.push(x.notes)), onError: (e) => errors.push(e), pauseMs: 300, maxWaitMs: 1000 });
    saver.update(d('keep me'));
    vi.advanceTimersByTime(300);
    expect(errors).toHaveLength(1);
    expect(saver.hasPending).toBe(true);
    fail = false;
    vi.advanceTimersByTime(1000);
    expect(saved).toEqual(['keep me']);
  });
});
