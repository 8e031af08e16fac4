// Render the session App with a fake API in ink-testing-library.
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { App } from '../../src/ui/App.js';
import { DraftSaver } from '../../src/ui/draftSaver.js';
import { initialState } from '../../src/ui/state/app.js';
import type { Lang } from '../../src/core/types.js';
import type { FakeApi } from './fakeApi.js';

export function renderSession(api: FakeApi, opts: { cols?: number; rows?: number; ascii?: boolean; lang?: Lang } = {}) {
  const saver = new DraftSaver({ save: (d) => api.saveDraft(d), pauseMs: 20, maxWaitMs: 50 });
  const initial = initialState({
    now: api.now(),
    zone: api.rep.zone,
    repName: api.rep.displayName,
    lang: opts.lang ?? 'en',
    dispositions: api.dispositions,
    cols: opts.cols ?? 100,
    rows: opts.rows ?? 30,
    draft: api.loadDraft(),
    today: api.summary(),
  });
  let exited = false;
  const r = render(<App api={api} initial={initial} saver={saver} ascii={opts.ascii} tickMs={60_000} onExit={() => (exited = true)} />);
  return {
    ...r,
    saver,
    frame: () => stripVTControlCharacters(r.lastFrame() ?? ''),
    exited: () => exited,
    /** Type keys one by one (each a separate write, as a terminal sends them). */
    async keys(...ks: string[]) {
      for (const k of ks) {
        r.stdin.write(k);
        await new Promise((res) => setImmediate(res));
      }
    },
  };
}

export const KEY = { enter: '\r', esc: '\u001b', up: '\u001b[A', down: '\u001b[B', backspace: '\u007f', ctrlG: '\u0007', ctrlC: '\u0003' };
