// `repdesk demo`: a separate database seeded with the demo team's data, and its call queue.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildDemoData, DEMO_SEED, mulberry32, type DemoData } from '../core/demo.js';
import { refused } from '../core/errors.js';
import { localTime } from '../core/time.js';
import type { Db } from '../db/client.js';
import { openDb } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { demoCounts, findScriptByName, hasUserData, insertDemoData, insertScriptSource, isDemoDatabase, openFollowupsDue, queueCandidates, type DemoCounts } from '../db/repos/demo.js';
import { setSetting } from '../db/repos/settings.js';
import { findUserByName } from '../db/repos/users.js';
import { seededIdFactory } from '../io/ids.js';

export const EXAMPLE_SCRIPTS_DIR = fileURLToPath(new URL('../../examples/scripts/', import.meta.url));
export const DEMO_SCRIPT_FILES = ['sales-en.yaml', 'sales-zh-TW.yaml'];

export interface DemoSeedResult {
  seeded: boolean;
  user: string;
  counts: DemoCounts;
  /** Example scripts that could not be added (missing file), by file name. */
  missingScripts: string[];
}

/**
 * Make the demo file ready: with `reset`, delete it (only if it is a demo database or empty);
 * without, refuse to seed into a database that already holds someone's leads.
 */
export function prepareDemoFile(dbPath: string, reset: boolean): void {
  if (!fs.existsSync(dbPath)) return;
  let db: Db | undefined;
  let demo = false;
  let empty = false;
  try {
    db = openDb(dbPath);
    demo = isDemoDatabase(db);
    empty = !hasUserData(db);
  } finally {
    db?.close();
  }
  if (!demo && !empty) throw refused('demo.error.not_demo', { file: dbPath });
  if (reset) {
    for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) fs.rmSync(f, { force: true });
  }
}

function addExampleScripts(db: Db, data: DemoData, ids: (at: number) => string): { ids: Record<string, { id: string; version: number }>; missing: string[] } {
  const out: Record<string, { id: string; version: number }> = {};
  const missing: string[] = [];
  const author = data.users[0];
  for (const file of DEMO_SCRIPT_FILES) {
    const full = EXAMPLE_SCRIPTS_DIR + file;
    const key = file.replace(/\.ya?ml$/, '');
    if (!fs.existsSync(full)) {
      missing.push(file);
      continue;
    }
    const source = fs.readFileSync(full, 'utf8');
    const doc = (parseYaml(source) ?? {}) as { id?: string; language?: string };
    const name = doc.id ?? key;
    const found = findScriptByName(db, name);
    if (found) {
      out[key] = found;
      continue;
    }
    const at = data.anchor - 20 * 86_400_000;
    out[key] = insertScriptSource(
      db,
      { id: ids(at), versionId: ids(at), name, language: doc.language ?? (key.endsWith('zh-TW') ? 'zh-TW' : 'en'), source, sha256: createHash('sha256').update(source).digest('hex'), createdBy: author.id },
      at,
    );
  }
  return { ids: out, missing };
}

/** Seed the demo data set into an open database (no-op when it is already a demo database). */
export function seedDemo(db: Db, opts: { seed?: number; now: number }): DemoSeedResult {
  if (isDemoDatabase(db)) {
    const user = findUserByName(db, 'alex');
    return { seeded: false, user: user?.username ?? 'alex', counts: demoCounts(db, opts.now), missingScripts: [] };
  }
  if (hasUserData(db)) throw refused('demo.error.not_demo', { file: db.path });
  const seed = opts.seed ?? DEMO_SEED;
  const ids = seededIdFactory(mulberry32(seed ^ 0x5eed));
  const data = buildDemoData({ seed, now: opts.now, id: ids });
  let missing: string[] = [];
  db.write(() => {
    const scripts = addExampleScripts(db, data, ids);
    missing = scripts.missing;
    insertDemoData(db, data, scripts.ids);
    setSetting(db, 'user', data.currentUser, data.anchor);
    setSetting(db, 'country', 'TW', data.anchor);
    setSetting(db, 'timezone', 'Asia/Taipei', data.anchor);
    appendAudit(db, { actor: data.currentUser, action: 'demo.seed', entity: 'database', detail: { seed, leads: data.leads.length } }, opts.now);
  });
  return { seeded: true, user: data.currentUser, counts: demoCounts(db, opts.now), missingScripts: missing };
}

export interface QueueRow {
  rank: number;
  leadId: string;
  name: string;
  company: string | null;
  phone: string | null;
  timezone: string | null;
  localTime: string;
  grade: string | null;
  priority: number;
  /** Why it is in the queue: callback_due, robot_a, followup, retry, new. */
  reason: string;
}

/**
 * A simple call queue for the demo's printout: the user's leads that may be called now
 * (09:00–20:00 in the lead's zone, retry delay passed, not DNC), due follow-ups first.
 */
export function simpleQueue(db: Db, username: string, now: number, limit = 15): QueueRow[] {
  const user = findUserByName(db, username);
  if (!user) return [];
  const due = new Map(openFollowupsDue(db, user.id, now + 60 * 60_000).map((f) => [f.leadId, f]));
  const rows = queueCandidates(db, user.id)
    .filter((l) => l.timezone && l.nextEligibleAt <= now)
    .map((l) => ({ l, local: localTime(now, l.timezone!) }))
    .filter(({ local }) => local >= '09:00' && local < '20:00')
    .map(({ l, local }) => {
      const f = due.get(l.id);
      const reason = f ? (f.kind === 'robot' ? 'robot_a' : f.kind === 'callback' ? 'callback_due' : 'followup') : l.attemptsTotal > 0 ? 'retry' : 'new';
      const boost = f ? 1000 : 0;
      return { l, local, reason, score: boost + l.priority };
    })
    .sort((a, b) => b.score - a.score || a.l.nextEligibleAt - b.l.nextEligibleAt || a.l.id.localeCompare(b.l.id))
    .slice(0, limit);
  return rows.map(({ l, local, reason }, i) => ({
    rank: i + 1,
    leadId: l.id,
    name: l.name,
    company: l.company,
    phone: l.phone,
    timezone: l.timezone,
    localTime: local,
    grade: l.intentGrade,
    priority: l.priority,
    reason,
  }));
}
