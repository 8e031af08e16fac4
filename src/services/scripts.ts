// Script use cases: check (parse + validate + lint with this database's dispositions and lint
// settings), add as a new version (refused with errors), list, show, export.
import { createHash } from 'node:crypto';
import { notFound } from '../core/errors.js';
import { requireRole } from '../core/permissions.js';
import { checkScript, type Diagnostic, type ParsedScript, type Script } from '../core/script/index.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { listDispositions } from '../db/repos/dispositions.js';
import { findScript, insertScriptRow, insertScriptVersion, listScriptRows, scriptVersion, updateScriptRow, versionsOf } from '../db/repos/scripts.js';
import { getSetting } from '../db/repos/settings.js';
import { newId } from '../io/ids.js';

export interface CheckResult {
  parsed: ParsedScript;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  ok: boolean;
}

function count(diagnostics: Diagnostic[]) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diagnostics.length - errors };
}

/** The dispositions every repdesk database starts with (migration 0001), for checks without a database. */
export const DEFAULT_DISPOSITION_CODES = ['interested', 'callback_requested', 'not_interested', 'already_customer', 'wrong_person', 'dnc_request', 'no_answer', 'busy', 'voicemail', 'hung_up', 'invalid_number'];

/** Validation and lint together, with the dispositions and lint settings of this database (defaults without one). */
export function checkSource(db: Db | null, source: string, only: 'all' | 'validate' | 'lint' = 'all'): CheckResult {
  const extra = db ? getSetting(db, 'lint.extra_phrases') : null;
  const options = {
    dispositions: db ? listDispositions(db).map((d) => d.code) : DEFAULT_DISPOSITION_CODES,
    extraPhrases: Array.isArray(extra) ? extra.map(String) : [],
    requireOptOut: db ? getSetting(db, 'lint.require_opt_out') === true : false,
  };
  const all = checkScript(source, options);
  const lintCodes = new Set(['overpromise', 'pressure', 'missing_opt_out']);
  let diagnostics = all.diagnostics;
  // lint: its findings, plus what keeps the file from being a script at all (structure, YAML).
  if (only === 'lint') diagnostics = all.parsed.script ? diagnostics.filter((d) => lintCodes.has(d.code)) : [...all.parsed.diagnostics, ...diagnostics.filter((d) => lintCodes.has(d.code))].sort((a, b) => a.line - b.line || a.col - b.col);
  if (only === 'validate') diagnostics = diagnostics.filter((d) => !lintCodes.has(d.code));
  const c = count(diagnostics);
  return { parsed: all.parsed, diagnostics, ...c, ok: all.parsed.script !== null && c.errors === 0 };
}

export type AddResult =
  | { status: 'refused'; check: CheckResult }
  | { status: 'added' | 'updated' | 'unchanged'; id: string; name: string; version: number; previous: number | null; check: CheckResult };

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Add a script, or a new version when its id exists and the content changed. Team leads and admins only. */
export function addScript(db: Db, actor: User, source: string, now: number): AddResult {
  requireRole(actor, 'lead', 'scripts add');
  const check = checkSource(db, source);
  if (!check.ok || !check.parsed.script) return { status: 'refused', check };
  const script = check.parsed.script;
  const hash = sha256(source);
  return db.write(() => {
    const existing = findScript(db, script.id);
    if (existing) {
      const current = scriptVersion(db, script.id, existing.currentVersion);
      if (current && current.sha256 === hash) {
        return { status: 'unchanged' as const, id: script.id, name: script.name, version: existing.currentVersion, previous: existing.currentVersion, check };
      }
    }
    const version = existing ? Math.max(existing.currentVersion, ...versionsOf(db, script.id).map((v) => v.version)) + 1 : 1;
    if (existing) updateScriptRow(db, script.id, { name: script.name, language: script.language, currentVersion: version }, now);
    else insertScriptRow(db, { id: script.id, name: script.name, language: script.language, currentVersion: version }, now);
    insertScriptVersion(db, { id: newId(now), scriptId: script.id, version, source, sha256: hash, createdBy: actor.id }, now);
    appendAudit(db, { actor: actor.username, action: 'script.add', entity: 'script', entityId: script.id, detail: { version, sha256: hash } }, now);
    return { status: existing ? ('updated' as const) : ('added' as const), id: script.id, name: script.name, version, previous: existing?.currentVersion ?? null, check };
  });
}

export interface ScriptSummary {
  id: string;
  name: string;
  language: string;
  version: number;
  versions: number;
  updatedAt: number;
}

export function listScripts(db: Db): ScriptSummary[] {
  return listScriptRows(db).map((r) => ({
    id: r.id,
    name: r.name,
    language: r.language,
    version: r.currentVersion,
    versions: versionsOf(db, r.id).length,
    updatedAt: r.updatedAt,
  }));
}

export interface StoredScript {
  id: string;
  version: number;
  versions: { version: number; createdAt: number; sha256: string }[];
  source: string;
  /** Null if the stored text no longer parses (e.g. written by a newer repdesk). */
  script: Script | null;
}

/** A script at its current version, or at `version`. */
export function getScript(db: Db, id: string, version?: number): StoredScript {
  const row = findScript(db, id);
  if (!row) throw notFound('scripts.error.not_found', { id });
  const v = version ?? row.currentVersion;
  const stored = scriptVersion(db, id, v);
  if (!stored) throw notFound('scripts.error.no_version', { id, version: v, current: row.currentVersion });
  const parsed = checkScript(stored.source).parsed;
  return {
    id,
    version: v,
    versions: versionsOf(db, id).map((x) => ({ version: x.version, createdAt: x.createdAt, sha256: x.sha256 })),
    source: stored.source,
    script: parsed.script,
  };
}
