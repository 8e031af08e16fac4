// Opening the session TUI: database, user, the SessionApi, the draft saver, signal handlers that
// save synchronously, and Ink (imported here only, so other commands never load it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { notFound, usageError } from '../core/errors.js';
import { getLang, isLang, setLang, t } from '../i18n/index.js';
import { busyTimeoutFromEnv, CommandContext } from '../cli/context.js';

export interface SessionOptions {
  ascii?: boolean;
}

type Tui = typeof import('./tui.js');

/**
 * Ink, React and the components: from the esbuild bundle (scripts/bundle-tui.mjs, about half the
 * start-up cost) when it is at least as new as every compiled UI file, else from the separate modules.
 */
export async function loadTui(dir = path.dirname(fileURLToPath(import.meta.url))): Promise<Tui> {
  const bundle = path.join(dir, 'tui.bundle.js');
  if (process.env.REPDESK_TUI_BUNDLE !== '0' && bundleIsFresh(bundle, dir)) {
    return (await import(pathToFileURL(bundle).href)) as Tui;
  }
  return import('./tui.js');
}

function bundleIsFresh(bundle: string, dir: string): boolean {
  let built: number;
  try {
    built = fs.statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  const newer = (d: string): boolean =>
    fs.readdirSync(d, { withFileTypes: true }).some((e) => {
      const p = path.join(d, e.name);
      if (e.isDirectory()) return newer(p);
      return e.name.endsWith('.js') && p !== bundle && fs.statSync(p).mtimeMs > built;
    });
  return !newer(dir);
}

/**
 * Run the session until the rep quits. Accepts a command context, or `{ dbPath, user }` (the demo's
 * `--open`). Without a terminal it refuses with a usage error (exit 2) naming the non-interactive commands.
 * The first frame is drawn from the TUI bundle alone; the database and services load behind it.
 */
export async function runSession(ctxOrOpts: CommandContext | { dbPath: string; user: string }, options: SessionOptions = {}): Promise<void> {
  const ctx = ctxOrOpts instanceof CommandContext ? ctxOrOpts : new CommandContext({ db: ctxOrOpts.dbPath, as: ctxOrOpts.user });
  if (!ctx.interactive) throw usageError('session.error.needs_tty');
  // Like every command but init and demo: a mistyped --db is an error, not a new empty database.
  if (ctx.dbPath !== ':memory:' && !fs.existsSync(ctx.dbPath)) throw notFound('db.error.missing', { file: ctx.dbPath });
  const { render, createElement, Root } = await loadTui();

  let saver: import('./draftSaver.js').DraftSaver | null = null;
  let db: import('../services/session.js').SessionDb | null = null;
  let finish: (() => void) | null = null;

  const boot = async (): Promise<import('./App.js').AppProps> => {
    const [session, { createApi }, { DraftSaver }, { initialState }] = await Promise.all([
      import('../services/session.js'),
      import('./api.js'),
      import('./draftSaver.js'),
      import('./state/app.js'),
    ]);
    db = session.openSessionDb(ctx.dbPath, busyTimeoutFromEnv());
    if (!ctx.global.lang) {
      const lang = session.configuredLang(db);
      if (lang && isLang(lang)) setLang(lang);
    }
    const rep = session.sessionRep(db, ctx.global.as);
    if (!ctx.global.lang && rep.lang) setLang(rep.lang);
    const api = createApi({ db, rep, lang: getLang(), now: () => ctx.clock.now() });
    // REPDESK_DRAFT_PAUSE_MS / REPDESK_DRAFT_MAX_WAIT_MS exist for tests that prove the signal path alone saves.
    const ms = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
    saver = new DraftSaver({
      save: (d) => api.saveDraft(d),
      pauseMs: ms(process.env.REPDESK_DRAFT_PAUSE_MS, 300),
      maxWaitMs: ms(process.env.REPDESK_DRAFT_MAX_WAIT_MS, 1000),
    });
    const openDb = db;
    finish = () => {
      // Leads opened but not wrapped up go back to the pool; an unsaved wrap-up keeps its lead claimed.
      const left = api.loadDraft();
      if (!left) session.releaseAllClaims(openDb, rep);
      // Left during a call (Ctrl+C): say the call is kept and where it comes back.
      else process.stderr.write(`${t('session.exit.draft_kept', { name: left.leadName })}\n`);
    };
    const initial = initialState({
      now: api.now(),
      zone: api.rep.zone,
      repName: rep.displayName,
      lang: getLang(),
      dispositions: api.dispositions,
      cols: process.stdout.columns ?? 80,
      rows: process.stdout.rows ?? 24,
      draft: api.loadDraft(),
      today: null,
    });
    return { api, initial, saver, ascii: Boolean(options.ascii) };
  };

  // Nothing typed may be lost: on a signal, write the pending draft synchronously, then leave.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (sig: NodeJS.Signals) => {
    saver?.flush();
    try {
      instance.unmount();
    } catch {
      /* the terminal may be gone (SIGHUP) */
    }
    (db as { close(): void } | null)?.close();
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as Record<string, number>)[sig]);
  };
  for (const s of signals) process.on(s, onSignal);

  const ready = boot();
  ready.catch(() => undefined); // reported through waitUntilExit below
  const instance = render(createElement(Root, { ready, cols: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24, ascii: Boolean(options.ascii) }), {
    exitOnCtrlC: false,
    patchConsole: true,
  });
  try {
    await instance.waitUntilExit();
  } finally {
    (saver as { flush(): void } | null)?.flush();
    for (const s of signals) process.off(s, onSignal);
    try {
      (finish as (() => void) | null)?.();
    } finally {
      (db as { close(): void } | null)?.close();
      ctx.close();
    }
  }
}
