// Keeps the call draft safe while the rep types: saved after a short pause, and at least once a
// second during continuous typing (a debounce alone would save nothing until they stop), and at
// once on flush() (signals, exit, before a wrap-up is committed).
import type { CallDraft } from '../services/session.js';

export interface DraftSaverOptions {
  save: (draft: CallDraft) => void;
  onError?: (err: unknown) => void;
  /** Save after this much quiet (ms). */
  pauseMs?: number;
  /** Never leave a change unsaved longer than this (ms). */
  maxWaitMs?: number;
  now?: () => number;
}

export class DraftSaver {
  private pending: CallDraft | null = null;
  private firstChangeAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly pauseMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  saves = 0;

  constructor(private readonly opts: DraftSaverOptions) {
    this.pauseMs = opts.pauseMs ?? 300;
    this.maxWaitMs = opts.maxWaitMs ?? 1000;
    this.now = opts.now ?? (() => Date.now());
  }

  /** The draft changed (null: there is no draft any more; nothing pending is written). */
  update(draft: CallDraft | null): void {
    if (draft === null) {
      this.reset();
      return;
    }
    if (this.pending === null) this.firstChangeAt = this.now();
    this.pending = draft;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const waited = this.now() - this.firstChangeAt;
    const delay = Math.max(0, Math.min(this.pauseMs, this.maxWaitMs - waited));
    this.timer = setTimeout(() => this.flush(), delay);
    this.timer.unref?.();
  }

  /** Write what is pending now (synchronous). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const d = this.pending;
    if (!d) return;
    try {
      this.opts.save(d);
      this.saves++;
      if (this.pending === d) this.pending = null;
    } catch (err) {
      // Keep it pending and try again shortly: the database may be busy for a moment.
      this.firstChangeAt = this.now();
      this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
      this.timer.unref?.();
      this.opts.onError?.(err);
    }
  }

  /** Forget what is pending (the draft was committed or discarded). */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  get hasPending(): boolean {
    return this.pending !== null;
  }
}
