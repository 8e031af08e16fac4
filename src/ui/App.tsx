// The session app: one reducer for all state, key handlers that only dispatch, and effects that
// reach the services through the SessionApi port.
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import { AppError } from '../core/errors.js';
import { errorText, t } from '../i18n/index.js';
import { Frame } from './components/Frame.js';
import type { DraftSaver } from './draftSaver.js';
import { keyNames } from './keymap.js';
import { CallScreen } from './screens/Call.js';
import { PrepScreen } from './screens/Prep.js';
import { QueueScreen } from './screens/Queue.js';
import { ResumeScreen } from './screens/Resume.js';
import { SummaryScreen } from './screens/Summary.js';
import { WrapScreen } from './screens/Wrap.js';
import { reduce } from './state/app.js';
import { RETRY_MS } from './state/wrap.js';
import type { Action, AppState, Effect, SessionApi } from './types.js';

export interface AppProps {
  api: SessionApi;
  initial: AppState;
  saver: DraftSaver;
  ascii?: boolean;
  /** Tick interval in ms (the timer and queue refresh); tests may slow it down. */
  tickMs?: number;
  onExit?: () => void;
}

/** Rows read per queue refresh: a screenful and more (the ranked queue costs ~2 ms a row on 1M leads). */
export const QUEUE_LIMIT = 60;

export const MIN_COLS = 80;
export const MIN_ROWS = 24;

const message = (err: unknown, lang: AppState['lang']): string =>
  err instanceof AppError ? errorText(err.key, err.params, lang) : t('common.unexpected', { message: (err as Error)?.message ?? String(err) }, lang);

/** Errors worth retrying on their own (the database is busy or full); others need the rep. */
const retryable = (err: unknown): boolean => !(err instanceof AppError) || err.kind === 'busy' || err.key === 'db.error.full';

export function runEffect(e: Effect, s: AppState, api: SessionApi, saver: DraftSaver, dispatch: (a: Action) => void, exit: () => void): void {
  try {
    switch (e.type) {
      case 'loadQueue':
        dispatch({ type: 'queue/loaded', rows: api.loadQueue({ includeBlocked: s.queue.includeBlocked, limit: QUEUE_LIMIT }) });
        return;
      case 'open': {
        const claim = api.claim(e.row.lead.id);
        if (!claim.ok) {
          dispatch({ type: 'prep/claimFailed', holder: claim.holder, until: claim.until });
          return;
        }
        const data = api.prep(e.row.lead.id);
        dispatch({ type: 'prep/loaded', row: { ...e.row, lead: data.lead }, data, scripts: api.scriptsFor(data.lead), product: api.product(data.lead) });
        return;
      }
      case 'resume': {
        api.claim(e.leadId);
        dispatch({ type: 'resume/loaded', data: api.prep(e.leadId) });
        return;
      }
      case 'release':
        api.release(e.leadId);
        return;
      case 'renewClaim':
        api.claim(e.leadId);
        return;
      case 'dial':
        try {
          dispatch({ type: 'prep/dialed', command: api.dial(e.phone) });
        } catch (err) {
          dispatch({ type: 'prep/dialed', command: null });
          dispatch({ type: 'flash', flash: { kind: 'error', text: t('session.error.dial', { message: (err as Error).message, phone: e.phone }, s.lang) } });
        }
        return;
      case 'override':
        api.override(e.leadId, e.reasons, e.reason);
        return;
      case 'skip':
        try {
          api.skip(e.leadId, e.reason, e.code);
        } catch (err) {
          dispatch({ type: 'queue/skipFailed', leadId: e.leadId, name: e.name, message: message(err, s.lang) });
        }
        return;
      case 'saveWrapUp':
        saver.flush();
        try {
          api.saveWrapUp(e.draft);
        } catch (err) {
          dispatch({ type: 'wrap/saveFailed', message: message(err, s.lang), retryAt: retryable(err) ? api.now() + RETRY_MS : Number.MAX_SAFE_INTEGER });
          return;
        }
        saver.reset();
        {
          let summary = null;
          try {
            summary = api.summary();
          } catch {
            /* the header keeps its old figures */
          }
          dispatch({ type: 'wrap/saved', summary });
        }
        return;
      case 'loadSummary':
        dispatch({ type: 'summary/loaded', summary: api.summary() });
        return;
      case 'loadToday':
        dispatch({ type: 'today/loaded', today: api.summary() });
        return;
      case 'editor':
        saver.flush();
        api.editText(e.text).then(
          (text) => dispatch({ type: 'call/editorDone', text }),
          (err) => dispatch({ type: 'flash', flash: { kind: 'error', text: message(err, s.lang) } }),
        );
        return;
      case 'exit':
        saver.flush();
        exit();
        return;
    }
  } catch (err) {
    dispatch({ type: 'flash', flash: { kind: 'error', text: message(err, s.lang) } });
  }
}

export function App({ api, initial, saver, ascii = false, tickMs = 1000, onExit }: AppProps) {
  const [s, dispatch] = useReducer(reduce, initial);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const stateRef = useRef(s);
  stateRef.current = s;

  useInput((input, key) => {
    for (const k of keyNames(input, key)) dispatch({ type: 'key', name: k.name, text: k.text });
  });

  useEffect(() => {
    const id = setInterval(() => dispatch({ type: 'tick', now: api.now() }), tickMs);
    return () => clearInterval(id);
  }, [api, tickMs]);

  useEffect(() => {
    const onResize = () => dispatch({ type: 'resize', cols: stdout.columns ?? 80, rows: stdout.rows ?? 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);

  // Every change of the draft goes to the saver (which decides when to write).
  useEffect(() => {
    saver.update(s.draft);
  }, [s.draft, saver]);

  useEffect(() => {
    if (s.effects.length === 0) return;
    const effects = s.effects;
    dispatch({ type: 'effectsTaken', count: effects.length });
    for (const e of effects) {
      runEffect(e, s, api, saver, dispatch, () => {
        onExit?.();
        exit();
      });
    }
  }, [s.effects]); // eslint-disable-line react-hooks/exhaustive-deps

  if (s.cols < MIN_COLS || s.rows < MIN_ROWS) {
    return (
      <Box>
        <Text color="yellow">{t('session.error.too_small', { cols: s.cols, rows: s.rows }, s.lang)}</Text>
      </Box>
    );
  }
  return (
    <Frame s={s} ascii={ascii}>
      {s.screen === 'resume' ? <ResumeScreen s={s} /> : null}
      {s.screen === 'queue' ? <QueueScreen s={s} /> : null}
      {s.screen === 'prep' ? <PrepScreen s={s} /> : null}
      {s.screen === 'call' ? <CallScreen s={s} ascii={ascii} /> : null}
      {s.screen === 'wrapup' ? <WrapScreen s={s} /> : null}
      {s.screen === 'summary' ? <SummaryScreen s={s} /> : null}
    </Frame>
  );
}
