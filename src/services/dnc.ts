// The do-not-call list: add, remove (team lead or admin, audited), check (blocked and why), list,
// and `import dnc FILE`.
import { isValidCountry } from '../core/configValue.js';
import { AppError, invalidInput, notFound, stopIfInterrupted, usageError } from '../core/errors.js';
import { buildMapping, DNC_ALIASES, DNC_FIELDS, hasTarget, mappingRecord, parseMapSpec, uniqueHeaders, type ColumnMapping, type DncField } from '../core/import/mapping.js';
import { cleanText } from '../core/import/leadRow.js';
import { requireRole } from '../core/permissions.js';
import { createPhoneNormalizer, normalizePhone } from '../core/phone.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { addDnc, dncBulkAdder, type DncBulkEntry } from '../db/repos/dnc.js';
import { countDnc, dncEntry, leadsWithNumber, listDncRows, removeDncEntry, type DncRow } from '../db/repos/dncAdmin.js';
import { findActiveListBySha, insertList, updateList } from '../db/repos/lists.js';
import { getSetting } from '../db/repos/settings.js';
import { newId } from '../io/ids.js';
import { readTabular, type RawRow, type StdinInput } from '../io/tabular/read.js';
import type { RejectedRow } from './importLeads.js';

/** The region of numbers written without +: --country (checked, exit 2 naming it), else the setting. */
function countryOf(db: Db, override?: string): string {
  if (override !== undefined && !isValidCountry(override.toUpperCase())) {
    throw usageError('config.error.bad_value', { key: '--country', value: override, expected: 'config.expected.country' });
  }
  return (override ?? (getSetting(db, 'country') as string | null) ?? 'TW').toUpperCase();
}

export function toE164(db: Db, raw: string, country?: string): string {
  const r = normalizePhone(raw, countryOf(db, country));
  if (!r.ok) throw invalidInput('dnc.error.bad_number', { value: raw, why: r.reason });
  return r.e164;
}

export function addToDnc(db: Db, actor: User, input: { number: string; reason?: string; source?: string; country?: string }, now: number) {
  const phone = toE164(db, input.number, input.country);
  return db.write(() => {
    const added = addDnc(db, { phone, reason: input.reason ?? null, source: input.source ?? 'manual', addedBy: actor.username }, now);
    appendAudit(db, { actor: actor.username, action: 'dnc.add', entity: 'dnc', entityId: phone, detail: { reason: input.reason ?? null } }, now);
    return { phone, added, leads_flagged: leadsWithNumber(db, phone).length };
  });
}

export function removeFromDnc(db: Db, actor: User, input: { number: string; reason?: string; country?: string }, now: number) {
  requireRole(actor, 'lead', 'dnc remove');
  const phone = toE164(db, input.number, input.country);
  return db.write(() => {
    const e = dncEntry(db, phone);
    if (!e || e.deletedAt !== null) throw notFound('dnc.error.not_listed', { phone });
    const unflagged = removeDncEntry(db, e.id, phone, now);
    appendAudit(db, { actor: actor.username, action: 'dnc.remove', entity: 'dnc', entityId: phone, detail: { reason: input.reason ?? null, was: { reason: e.reason, source: e.source, addedBy: e.addedBy, at: e.createdAt } } }, now);
    return { phone, removed: true, leads_unflagged: unflagged };
  });
}

export interface DncCheck {
  phone: string;
  blocked: boolean;
  reason: string | null;
  source: string | null;
  added_by: string | null;
  added_at: number | null;
  removed_at: number | null;
  leads: { id: string; name: string }[];
}

export function checkDnc(db: Db, number: string, country?: string): DncCheck {
  const phone = toE164(db, number, country);
  const e = dncEntry(db, phone);
  return {
    phone,
    blocked: Boolean(e && e.deletedAt === null),
    reason: e?.reason ?? null,
    source: e?.source ?? null,
    added_by: e?.addedBy ?? null,
    added_at: e?.createdAt ?? null,
    removed_at: e?.deletedAt ?? null,
    leads: leadsWithNumber(db, phone).map((l) => ({ id: l.id, name: l.name })),
  };
}

export function listDnc(db: Db, opts: { limit?: number; includeRemoved?: boolean } = {}): { total: number; rows: DncRow[] } {
  return { total: countDnc(db), rows: listDncRows(db, { limit: opts.limit ?? 1000, includeRemoved: opts.includeRemoved }) };
}

export interface ImportDncSummary {
  list: string | null;
  list_id: string | null;
  file: string;
  sha256: string;
  encoding: string;
  format: string;
  rows: number;
  added: number;
  already: number;
  duplicates_in_file: number;
  rejected: number;
  dry_run: boolean;
  committed: boolean;
  elapsed_ms: number;
  rejects: RejectedRow[];
}

/** `repdesk import dnc FILE`: every valid number goes on the list (with reason and source). */
export async function importDnc(
  db: Db,
  actor: User,
  opts: { file: string; map?: string; country?: string; reason?: string; source?: string; list?: string; encoding?: string; sheet?: string; dryRun?: boolean; force?: boolean; strict?: boolean; stdin?: StdinInput; signal?: AbortSignal },
  now: number,
): Promise<ImportDncSummary> {
  requireRole(actor, 'lead', 'import dnc');
  const started = Date.now();
  const normalize = createPhoneNormalizer(countryOf(db, opts.country));
  const explicit = opts.map ? parseMapSpec(opts.map, DNC_FIELDS) : {};
  let columns: ColumnMapping<DncField>[] = [];
  let headerCount = 0;
  let pi = 0;
  let ri: number | undefined;
  let si: number | undefined;
  // Rows are judged as they are read; only the valid numbers are kept for the write.
  const valid: DncBulkEntry[] = [];
  const seen = new Set<string>();
  let rowCount = 0;
  let rejected = 0;
  let duplicates = 0;
  const rejects: RejectedRow[] = [];
  const consider = (r: RawRow) => {
    rowCount++;
    if (r.cells.length !== headerCount) {
      rejected++;
      rejects.push({ line: r.line, key: 'import.reject.ragged', params: { found: r.cells.length, expected: headerCount } });
      return;
    }
    const raw = cleanText(r.cells[pi] ?? '');
    const p = normalize(raw);
    if (!p.ok) {
      rejected++;
      rejects.push({ line: r.line, key: p.reason === 'empty' ? 'import.reject.no_phone' : 'import.reject.bad_phone', params: { value: raw, why: p.reason } });
      return;
    }
    if (seen.has(p.e164)) {
      duplicates++;
      return;
    }
    seen.add(p.e164);
    valid.push({ phone: p.e164, reason: (ri !== undefined ? cleanText(r.cells[ri]) : '') || opts.reason || null, source: (si !== undefined ? cleanText(r.cells[si]) : '') || opts.source || 'import' });
  };
  const res = await readTabular(opts.file, { encoding: opts.encoding, sheet: opts.sheet, stdin: opts.stdin }, {
    header(meta) {
      const { headers } = uniqueHeaders(meta.headers);
      headerCount = headers.length;
      columns = buildMapping(headers, DNC_FIELDS, DNC_ALIASES, explicit);
      // A one-column file of bare numbers: that column is the phone, and a first line that is
      // itself a number is data, not a header.
      let firstIsData = false;
      if (!hasTarget(columns, 'phone') && headers.length === 1) {
        columns[0].target = 'phone';
        firstIsData = normalize(meta.headers[0]).ok;
      }
      if (!hasTarget(columns, 'phone')) throw new AppError('invalid_input', 'import.error.no_phone_column', { file: meta.file, headers: headers.join(', ') });
      const col = (f: DncField) => columns.find((c) => c.target === f)?.index;
      [pi, ri, si] = [col('phone')!, col('reason'), col('source')];
      if (firstIsData) consider({ line: meta.headerLine, cells: [meta.headers[0]] });
    },
    rows(batch) {
      stopIfInterrupted(opts.signal, opts.file === '-' ? 'stdin' : opts.file);
      for (const r of batch) consider(r);
    },
  });
  stopIfInterrupted(opts.signal, opts.file === '-' ? 'stdin' : opts.file);
  const summary: ImportDncSummary = {
    list: opts.list ?? `${opts.file === '-' ? 'stdin' : opts.file.split(/[\\/]/).pop()} DNC`,
    list_id: null,
    file: opts.file === '-' ? 'stdin' : opts.file,
    sha256: res.sha256,
    encoding: res.meta.encoding,
    format: res.meta.format,
    rows: rowCount,
    added: 0,
    already: 0,
    duplicates_in_file: duplicates,
    rejected,
    dry_run: Boolean(opts.dryRun),
    committed: false,
    elapsed_ms: 0,
    rejects,
  };
  if (rowCount === 0) throw new AppError('invalid_input', 'import.error.no_rows', { file: summary.file });
  const strictFail = Boolean(opts.strict) && summary.rejected > 0;
  const listId = newId(now);
  const Rollback = Symbol('rollback');
  try {
    db.write(() => {
      const earlier = findActiveListBySha(db, 'dnc', res.sha256);
      if (earlier && !opts.force) throw new AppError('refused', 'import.error.already_imported', { file: summary.file, list: earlier.name, at: new Date(earlier.createdAt).toISOString() });
      insertList(db, { id: listId, name: summary.list!, kind: 'dnc', fileName: summary.file, sha256: res.sha256, encoding: res.meta.encoding, format: res.meta.format, mapping: JSON.stringify(mappingRecord(columns)), counts: null, source: opts.source ?? null, createdBy: actor.id }, now);
      // One prepared set of statements for every number, all in this one IMMEDIATE transaction.
      const add = dncBulkAdder(db, { addedBy: actor.username, listId }, now);
      for (const v of valid) {
        if (add(v)) summary.added++;
        else summary.already++;
      }
      // The list keeps its counts, as lead and robot imports do (`repdesk import lists` shows them).
      updateList(db, listId, { counts: JSON.stringify({ rows: summary.rows, added: summary.added, already: summary.already, duplicates_in_file: summary.duplicates_in_file, rejected: summary.rejected }) }, now);
      appendAudit(db, { actor: actor.username, action: 'import.dnc', entity: 'list', entityId: listId, detail: { file: summary.file, sha256: res.sha256, added: summary.added, rejected: summary.rejected } }, now);
      if (opts.dryRun || strictFail) throw Rollback;
    });
    summary.committed = true;
    summary.list_id = listId;
  } catch (err) {
    if (err !== Rollback) throw err;
    if (strictFail) summary.added = 0;
  }
  summary.elapsed_ms = Date.now() - started;
  return summary;
}
