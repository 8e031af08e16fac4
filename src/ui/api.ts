// The SessionApi over a database: the only place where the TUI meets the services. Built by run.ts;
// tests build their own fakes of the same interface.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localTime, minutesOfDay } from '../core/time.js';
import type { Lang, Lead, User } from '../core/types.js';
import { getConfig } from '../services/config.js';
import { buildQueue } from '../services/queue.js';
import * as session from '../services/session.js';
import type { QueueRow, SessionApi } from './types.js';

type Db = Parameters<typeof session.saveDraft>[0];

/** A dialable reason from the core (an object with a code) as a message key of the session catalogue. */
export function reasonKey(r: unknown): string {
  const code = typeof r === 'string' ? r : ((r as { code?: string } | null)?.code ?? String(r));
  return `session.why.${code}`;
}

function inWindow(db: Db, lead: Lead, now: number, zone: string): { local: string; ok: boolean } {
  const z = lead.timezone ?? zone;
  const local = localTime(now, z);
  const start = String(getConfig(db, 'calling.window_start') ?? '09:00');
  const end = String(getConfig(db, 'calling.window_end') ?? '20:00');
  const m = minutesOfDay(local);
  return { local: lead.timezone ? local : '', ok: m >= minutesOfDay(start) && m < minutesOfDay(end) };
}

export interface ApiOptions {
  db: Db;
  rep: User;
  lang: Lang;
  now: () => number;
  /** Use the plain owner-and-priority queue instead of the ranked one (benchmarks compare them). */
  plainQueue?: boolean;
  /** Replace the dialler and the editor in tests. */
  spawnDial?: (argv: string[]) => void;
  runEditor?: (file: string) => void;
}

export function createApi(o: ApiOptions): SessionApi {
  const { db, rep } = o;
  const zone = session.repZone(db, rep);
  // Parsing and linting the stored scripts is the costly part: once per session (they rarely change mid-day).
  let checked: session.UsableScript[] | null = null;
  const scripts = () => (checked ??= session.checkedScripts(db));
  return {
    rep: { id: rep.id, username: rep.username, displayName: rep.displayName, zone },
    lang: o.lang,
    dispositions: session.sessionDispositions(db),
    now: o.now,
    loadQueue({ includeBlocked, limit }) {
      const now = o.now();
      const lists = session.leadListNames(db);
      if (!o.plainQueue) {
        const cap = Number(getConfig(db, 'calling.lifetime_cap') ?? 8);
        return buildQueue(db, { rep, now, limit, includeBlocked }).entries.map((e): QueueRow => {
          const w = inWindow(db, e.lead, now, zone);
          return {
            lead: e.lead,
            reason: { kind: e.reason.kind, dueAt: e.reason.dueAt, attempt: e.reason.attempt, grade: e.lead.intentGrade, cap },
            dialable: { ok: e.dialable.ok, reasons: e.dialable.reasons.map(reasonKey) },
            localTime: e.localTime ?? w.local,
            inWindow: !e.dialable.reasons.some((r) => reasonKey(r) === 'session.why.outside_window') && w.ok,
            listName: e.lead.listId ? (lists.get(e.lead.listId) ?? null) : null,
          };
        });
      }
      return session.fallbackQueue(db, rep, now, limit).map((lead): QueueRow => {
        const w = inWindow(db, lead, now, zone);
        return {
          lead,
          reason: { kind: lead.attemptsTotal > 0 ? 'retry' : 'new', attempt: lead.attemptsTotal + 1, grade: lead.intentGrade },
          dialable: { ok: w.ok, reasons: w.ok ? [] : ['session.why.outside_window'] },
          localTime: w.local,
          inWindow: w.ok,
          listName: lead.listId ? (lists.get(lead.listId) ?? null) : null,
        };
      }).filter((r) => includeBlocked || r.dialable.ok);
    },
    claim: (leadId) => session.claimLead(db, rep, leadId, o.now()),
    release: (leadId) => session.releaseLead(db, rep, leadId),
    prep: (leadId) => session.leadPrep(db, leadId),
    scriptsFor: (lead) => session.usableScripts(db, lead, o.lang, scripts()).map((c) => ({ ...c, product: session.productFor(db, lead, c) })),
    product: (lead) => session.productFor(db, lead, session.usableScripts(db, lead, o.lang, scripts())[0] ?? null),
    dial(phone) {
      const cmd = getConfig(db, 'dial.command');
      if (typeof cmd !== 'string' || !cmd.trim()) return null;
      const argv = cmd.trim().split(/\s+/).map((a) => a.replaceAll('{phone}', phone));
      if (o.spawnDial) o.spawnDial(argv);
      else {
        const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: 'ignore' });
        child.on('error', () => undefined);
        child.unref();
      }
      return argv.join(' ');
    },
    override: (leadId, reasons, reason) => void session.recordOverride(db, rep, leadId, reasons, reason, o.now()),
    skip: (leadId, reason, code) => void session.recordSkip(db, rep, leadId, { reason, code }, o.now()),
    saveDraft: (draft) => session.saveDraft(db, rep, draft, o.now()),
    loadDraft: () => session.loadDraft(db, rep),
    saveWrapUp: (draft) => session.saveWrapUp(db, rep, draft, o.now()),
    summary: () => session.todaySummary(db, rep, o.now(), zone),
    async editText(text) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repdesk-notes-'));
      const file = path.join(dir, 'notes.txt');
      // A text file ends with a newline (editors expect it, and what they add goes on a line of its own).
      fs.writeFileSync(file, text ? `${text}\n` : '', { mode: 0o600 });
      try {
        if (o.runEditor) o.runEditor(file);
        else runEditor(file);
        return fs.readFileSync(file, 'utf8').replace(/\s+$/, '');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Hand the terminal to $VISUAL/$EDITOR, then take it back (raw mode, a clean screen). */
function runEditor(file: string): void {
  const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
  const stdin = process.stdin as NodeJS.ReadStream;
  const raw = stdin.isTTY && stdin.isRaw;
  if (raw) stdin.setRawMode(false);
  try {
    const [cmd, ...args] = editor.split(/\s+/);
    const res = spawnSync(cmd, [...args, file], { stdio: 'inherit' });
    if (res.error) throw new Error(`${editor}: ${res.error.message}`);
  } finally {
    if (raw) stdin.setRawMode(true);
    process.stdout.write('\x1b[2J\x1b[H');
  }
}
