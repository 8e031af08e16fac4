// `repdesk demo`: a separate database seeded with the demo team's data, and its call queue.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildDemoData, DEMO_SEED, mulberry32, type DemoData } from '../core/demo.js';
import { refused } from '../core/errors.js';
import type { Db } from '../db/client.js';
import { openDb } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { demoCounts, hasUserData, insertDemoData, insertDemoUsers, isDemoDatabase, type DemoCounts } from '../db/repos/demo.js';
import { setSetting } from '../db/repos/settings.js';
import { findUserByName } from '../db/repos/users.js';
import { seededIdFactory } from '../io/ids.js';
import { buildQueue } from './queue.js';
import { addScript } from './scripts.js';

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

/** Add the example call scripts through the scripts service (validated and linted like any script). */
function addExampleScripts(db: Db, data: DemoData): { ids: Record<string, { id: string; version: number }>; missing: string[] } {
  const out: Record<string, { id: string; version: number }> = {};
  const missing: string[] = [];
  const author = findUserByName(db, data.users.find((u) => u.role === 'lead')!.username)!;
  for (const file of DEMO_SCRIPT_FILES) {
    const full = EXAMPLE_SCRIPTS_DIR + file;
    const key = file.replace(/\.ya?ml$/, '');
    if (!fs.existsSync(full)) {
      missing.push(file);
      continue;
    }
    const res = addScript(db, author, fs.readFileSync(full, 'utf8'), data.anchor - 20 * 86_400_000);
    if (res.status === 'refused') missing.push(file);
    else out[key] = { id: res.id, version: res.version };
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
    insertDemoUsers(db, data);
    const scripts = addExampleScripts(db, data);
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
  localTime: string | null;
  grade: string | null;
  priority: number;
  /** Why it is in the queue (core/queue kinds): callback_overdue, callback_due, robot_a, robot_b, new, retry. */
  reason: string;
  attempt: number | null;
  dueAt: number | null;
}

/** The demo user's call queue now, from the session's own queue (buildQueue). */
export function demoQueue(db: Db, username: string, now: number, limit = 15): QueueRow[] {
  const rep = findUserByName(db, username);
  if (!rep) return [];
  return buildQueue(db, { rep, now, limit }).entries.map((e, i) => ({
    rank: i + 1,
    leadId: e.lead.id,
    name: e.lead.name,
    company: e.lead.company,
    phone: e.lead.phone,
    timezone: e.lead.timezone,
    localTime: e.localTime,
    grade: e.lead.intentGrade,
    priority: e.lead.priority,
    reason: e.reason.kind,
    attempt: e.reason.attempt ?? null,
    dueAt: e.reason.dueAt ?? null,
  }));
}
