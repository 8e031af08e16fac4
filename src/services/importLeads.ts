// `repdesk import leads`: read a lead file (any supported format and encoding), map its columns,
// normalise and dedupe rows, and write them in ONE immediate transaction: new leads are staged while
// the file streams and merged set-based at the end (db/repos/importLeads.ts). A crash, kill or
// Ctrl-C before the commit leaves the database as it was.
import { AppError, refused, stopIfInterrupted, usageError } from '../core/errors.js';
import { isValidCountry } from '../core/configValue.js';
import { BitSet } from '../core/import/bitSet.js';
import { BloomFilter } from '../core/import/bloom.js';
import { planDuplicate, type DuplicateMode, type IncomingFields } from '../core/import/duplicates.js';
import type { DateOrder } from '../core/import/dates.js';
import { normalizeLeadRow, type LeadDraft, type RowContext } from '../core/import/leadRow.js';
import { buildMapping, hasTarget, LEAD_ALIASES, LEAD_FIELDS, mappingRecord, parseMapSpec, uniqueHeaders, type ColumnMapping, type LeadField, type Target } from '../core/import/mapping.js';
import { createPhoneNormalizer } from '../core/phone.js';
import { localDate } from '../core/time.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { activeDncNumbers, beginImport, userIdsByName, type ImportTx, type LeadRef } from '../db/repos/importLeads.js';
import { ADDED_PHONES } from '../db/repos/importLeads.js';
import { ClaimedKeys } from '../db/repos/importKeys.js';
import { findActiveListBySha, insertList, updateList } from '../db/repos/lists.js';
import { getMapping, saveMapping } from '../db/repos/mappings.js';
import { getSetting } from '../db/repos/settings.js';
import { newId } from '../io/ids.js';
import { alternativeEncoding } from '../io/tabular/decode.js';
import { createZoneLookup, zoneOfCountry } from '../io/tabular/phoneZone.js';
import { readTabular, type Format, type ReadProgress, type StdinInput, type TabularMeta } from '../io/tabular/read.js';

export interface ImportLeadsOptions {
  file: string;
  list?: string;
  source?: string;
  tags?: string[];
  owner?: string;
  /** "round-robin:alice,bob" */
  assign?: string;
  country?: string;
  map?: string;
  mapping?: string;
  saveMapping?: string;
  onDuplicate?: DuplicateMode;
  skipDnc?: boolean;
  strict?: boolean;
  dryRun?: boolean;
  force?: boolean;
  encoding?: string;
  sheet?: string;
  format?: Format;
  dateFormat?: DateOrder;
  rocDates?: boolean;
  /** Called for every rejected row with its cells, in file order (for --rejects FILE; the summary keeps only the first REJECTS_KEPT, without cells). */
  onReject?: (r: RejectedRow, headers: string[]) => void;
  stdin?: StdinInput;
  batchSize?: number;
  /** After each batch: rows read, and the share of the input read (0–1; null when unknown). */
  onProgress?: (rows: number, fraction: number | null) => void;
  /** When the file has been read and the new leads are being written (the last, silent seconds). */
  onWriting?: (leads: number) => void;
  /** Aborted on Ctrl-C: the import stops at the next batch and rolls back (once committed, it is done). */
  signal?: AbortSignal;
  /** Memory for the in-file duplicate keys before they spill to disk (default: ClaimedKeys's budget). */
  claimedKeysMemory?: number;
}

export interface RejectedRow {
  line: number;
  key: string;
  params: Record<string, string | number>;
  cells?: string[];
}

export interface ImportLeadsSummary {
  list: string | null;
  list_id: string | null;
  file: string;
  sha256: string;
  encoding: string;
  encoding_guessed: boolean;
  format: string;
  mapping: Record<string, string>;
  duplicate_headers: string[];
  rows: number;
  inserted: number;
  updated: number;
  merged: number;
  duplicates_in_file: number;
  duplicates_existing: number;
  dnc: number;
  dnc_skipped: number;
  rejected: number;
  suspicious: number;
  dry_run: boolean;
  /** False when nothing was written (dry run, or --strict with rejected rows). */
  committed: boolean;
  elapsed_ms: number;
  headers: string[];
  rejects: RejectedRow[];
}

const MAX_CELL = 64 * 1024;
/** Rejected rows kept in the summary (the count is exact; onReject sees them all). */
export const REJECTS_KEPT = 1000;

function parseAssign(spec: string): string[] {
  const m = /^round-robin:(.+)$/.exec(spec.trim());
  const names = m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
  if (!names.length) throw usageError('import.error.assign_syntax', { value: spec });
  return names;
}

export async function importLeads(db: Db, actor: User, opts: ImportLeadsOptions, now: number): Promise<ImportLeadsSummary> {
  const started = Date.now();
  const country = (opts.country ?? (getSetting(db, 'country') as string | null) ?? 'TW').toUpperCase();
  if (!isValidCountry(country)) throw usageError('config.error.bad_value', { key: '--country', value: country, expected: 'config.expected.country' });
  const mode: DuplicateMode = opts.onDuplicate ?? 'skip';
  const users = userIdsByName(db);
  let ownerId: string | null = null;
  if (opts.owner) {
    ownerId = users.get(opts.owner) ?? null;
    if (!ownerId) throw new AppError('not_found', 'user.error.unknown', { user: opts.owner });
  }
  let roundRobin: string[] = [];
  if (opts.assign) {
    if (opts.owner) throw usageError('import.error.owner_and_assign');
    roundRobin = parseAssign(opts.assign).map((name) => {
      const id = users.get(name);
      if (!id) throw new AppError('not_found', 'user.error.unknown', { user: name });
      return id;
    });
  }
  const explicit = opts.map ? parseMapSpec(opts.map, LEAD_FIELDS) : {};
  let saved: Record<string, Target<LeadField>> = {};
  if (opts.mapping) {
    const m = getMapping(db, opts.mapping);
    if (!m) throw new AppError('not_found', 'import.error.no_mapping', { name: opts.mapping });
    saved = m as Record<string, Target<LeadField>>;
  }
  const zone = (getSetting(db, 'timezone') as string | null) ?? 'UTC';
  const extraTags = (opts.tags ?? []).filter(Boolean);
  const dnc = activeDncNumbers(db);
  const normalize = createPhoneNormalizer(country);
  const zoneOf = createZoneLookup();

  const summary: ImportLeadsSummary = {
    list: null,
    list_id: null,
    file: opts.file === '-' ? 'stdin' : opts.file,
    sha256: '',
    encoding: '',
    encoding_guessed: false,
    format: '',
    mapping: {},
    duplicate_headers: [],
    rows: 0,
    inserted: 0,
    updated: 0,
    merged: 0,
    duplicates_in_file: 0,
    duplicates_existing: 0,
    dnc: 0,
    dnc_skipped: 0,
    rejected: 0,
    suspicious: 0,
    dry_run: Boolean(opts.dryRun),
    committed: false,
    elapsed_ms: 0,
    headers: [],
    rejects: [],
  };

  const read: ReadProgress = { done: 0, total: 0 };
  const tx: ImportTx = beginImport(db);
  const listId = newId(now);
  let listName = opts.list ?? '';
  let ctx: RowContext | undefined;
  let columns: ColumnMapping<LeadField>[] = [];
  // Duplicates. Leads present before the import are found through the leads indexes, which do not
  // change while the file is read (new leads are only staged), behind a Bloom filter of their keys
  // (and of numbers this import adds to them). Keys of the new leads go to `claimed` (key → staged
  // row, confirmed against it): no string kept per row, 8–16 bytes a key, and past a budget they
  // spill to a TEMP table (db/repos/importKeys.ts).
  // Lookup order for each number, as if all were in the leads indexes: a lead's main number before
  // an extra one, older leads first. Existing leads this import touched, and the DNC numbers it
  // skipped, are remembered: a second row for them is a duplicate within the file.
  const touchedExisting = new BitSet(); // rowids: bounded by the table, not by the file
  // Only needed (8 MB) when the database holds leads: otherwise nothing can be found there.
  const maybeKnown = tx.existingLeads > 0 ? new BloomFilter() : null;
  const claimed = new ClaimedKeys(db, opts.claimedKeysMemory);
  const EXTRA = 1;
  const skippedDnc = new Set<string>();
  let rr = 0;

  /** The row's tags followed by --tags (each once). */
  const withExtraTags = (tags: string[]) => [...tags, ...extraTags.filter((t) => !tags.includes(t))];

  const incomingOf = (l: LeadDraft, owner: string | null): IncomingFields => ({
    name: l.name,
    email: l.email,
    company: l.company,
    title: l.title,
    city: l.city,
    region: l.region,
    country: l.country,
    timezone: l.timezone,
    birthday: l.birthday,
    notes: l.notes,
    source: l.source ?? opts.source ?? null,
    intentGrade: l.grade,
    ownerId: owner,
    tags: withExtraTags(l.tags),
    custom: l.custom,
  });

  const reject = (line: number, key: string, params: Record<string, string | number>, cells: string[]) => {
    summary.rejected++;
    opts.onReject?.({ line, key, params, cells }, summary.headers);
    if (summary.rejects.length < REJECTS_KEPT) summary.rejects.push({ line, key, params });
  };

  try {
    if (maybeKnown) tx.eachExistingKey((k) => maybeKnown.add(k));
    const result = await readTabular(
      opts.file,
      { encoding: opts.encoding, sheet: opts.sheet, format: opts.format, stdin: opts.stdin, batchSize: opts.batchSize, progress: read },
      {
        header(meta: TabularMeta) {
          const { headers, duplicates } = uniqueHeaders(meta.headers);
          summary.headers = headers;
          summary.duplicate_headers = duplicates;
          for (const h of Object.keys(explicit)) {
            if (!headers.includes(h) && !headers.some((x) => x.toLowerCase() === h.toLowerCase())) {
              throw usageError('import.error.map_unknown_header', { header: h, headers: headers.join(', ') });
            }
          }
          columns = buildMapping(headers, LEAD_FIELDS, LEAD_ALIASES, explicit, saved);
          if (!hasTarget(columns, 'phone') && !hasTarget(columns, 'email') && !hasTarget(columns, 'alt_phone')) {
            // With a guessed encoding, garbled headers are the likelier cause: say so, and what to try.
            if (meta.encodingGuessed) {
              throw new AppError('invalid_input', 'import.error.no_contact_column_guessed', { file: meta.file, headers: headers.join(', '), encoding: meta.encoding, other: alternativeEncoding(meta.encoding) });
            }
            throw new AppError('invalid_input', 'import.error.no_contact_column', { file: meta.file, headers: headers.join(', ') });
          }
          summary.mapping = mappingRecord(columns);
          summary.encoding = meta.encoding;
          summary.encoding_guessed = meta.encodingGuessed;
          summary.format = meta.format;
          if (!listName) listName = `${meta.fileName} ${localDate(now, zone)}`;
          insertList(
            db,
            { id: listId, name: listName, kind: 'leads', fileName: meta.fileName, sha256: null, encoding: meta.encoding, format: meta.format, mapping: JSON.stringify(summary.mapping), counts: null, source: opts.source ?? null, createdBy: actor.id },
            now,
          );
          ctx = { columns, headerCount: headers.length, normalizePhone: normalize, zoneOf, zoneOfCountry, dates: { order: opts.dateFormat ?? 'ymd', roc: Boolean(opts.rocDates) }, maxCell: MAX_CELL };
        },
        rows(batch) {
          stopIfInterrupted(opts.signal, summary.file);
          const c = ctx!;
          for (let i = 0; i < batch.length; i++) {
            const row = batch[i];
            summary.rows++;
            const res = normalizeLeadRow(row.cells, c);
            if (!res.ok) {
              reject(row.line, res.reject.key, res.reject.params, row.cells);
              continue;
            }
            const l = res.lead;
            let owner = ownerId;
            if (l.owner) {
              const id = users.get(l.owner);
              if (!id) {
                reject(row.line, 'import.reject.unknown_owner', { value: l.owner }, row.cells);
                continue;
              }
              owner = id;
            }
            if (l.suspicious) summary.suspicious++;
            // Duplicates: any of the row's numbers, else its email (when it has no number).
            const numbers = l.phone ? [l.phone, ...l.altPhones] : l.altPhones;
            let found: LeadRef | undefined;
            let inFile = false;
            let dncSkippedBefore = false;
            for (const p of numbers) {
              if (skippedDnc.has(p.e164)) dncSkippedBefore = true;
              const key = p.e164;
              const known = maybeKnown !== null && maybeKnown.has(key);
              found = known ? tx.findMain(key) : undefined;
              if (found) break;
              const c = claimed.size ? claimed.get(key, (v) => tx.stagedHas(v >>> 1, key)) : -1;
              if (c >= 0 && (c & EXTRA) === 0) {
                inFile = true;
                break;
              }
              found = known ? tx.findExtra(key) : undefined;
              if (found) break;
              if (c >= 0) {
                inFile = true;
                break;
              }
            }
            if (!numbers.length && l.email) {
              const email = l.email;
              found = maybeKnown?.has(email) ? tx.findByEmail(email) : undefined;
              if (!found && claimed.size && claimed.get(email, (v) => tx.stagedHas(v >>> 1, email)) >= 0) inFile = true;
            }
            if (dncSkippedBefore || inFile || (found && touchedExisting.has(found.rowid))) {
              summary.duplicates_in_file++;
              continue;
            }
            const onDnc = numbers.some((p) => dnc.has(p.e164));
            if (found) {
              const existing = found.id;
              touchedExisting.add(found.rowid);
              summary.duplicates_existing++;
              if (mode === 'skip') continue;
              const stored = tx.storedFields(existing)!;
              // An owner from the file's column counts as a file value; --owner only fills an empty owner (merge).
              const change = planDuplicate(mode, stored, incomingOf(l, l.owner ? owner : mode === 'merge' ? ownerId : null));
              // The row's other numbers become extra numbers of the lead (recorded for rollback).
              const added: string[] = [];
              for (const p of numbers) {
                if (p.e164 === stored.phone) continue;
                const id = tx.addPhone({ id: newId(now), leadId: existing, phone: p.e164, raw: p.raw, ext: p.ext, type: p.type }, now);
                if (id) added.push(id);
                maybeKnown?.add(p.e164);
              }
              if (change) tx.updateFields(existing, change.patch, now);
              if (change || added.length) {
                const before = added.length ? { ...change?.before, [ADDED_PHONES]: added } : change!.before;
                tx.insertChange({ id: newId(now), listId, leadId: existing, action: mode, before: JSON.stringify(before), now });
                if (mode === 'update') summary.updated++;
                else summary.merged++;
              }
              if (onDnc) tx.flagDnc(existing, now);
              continue;
            }
            if (onDnc) {
              summary.dnc++;
              if (opts.skipDnc) {
                for (const p of numbers) skippedDnc.add(p.e164);
                summary.dnc_skipped++;
                continue;
              }
            }
            if (!owner && roundRobin.length) owner = roundRobin[rr++ % roundRobin.length];
            // Written straight from the draft, not through incomingOf (which update/merge use): this
            // branch runs for nearly every row of a big file, and the extra object per row measured
            // 0.75–2 s slower on 1M rows in alternating runs.
            const tags = extraTags.length ? withExtraTags(l.tags) : l.tags;
            const id = newId(now);
            const main = l.phone ?? l.altPhones[0] ?? null;
            const keys = numbers.map((p) => p.e164);
            if (l.email) keys.push(l.email);
            const seq = tx.stageLead(
              {
                id,
                name: l.name,
                phone: main?.e164 ?? null,
                phoneRaw: main?.raw ?? null,
                phoneExt: main?.ext ?? null,
                phoneType: main?.type ?? null,
                email: l.email,
                company: l.company,
                title: l.title,
                city: l.city,
                region: l.region,
                country: l.country,
                timezone: l.timezone,
                birthday: l.birthday,
                source: l.source ?? opts.source ?? null,
                ownerId: owner,
                intentGrade: l.grade,
                tags: tags.length ? JSON.stringify(tags) : '[]',
                custom: hasAny(l.custom) ? JSON.stringify(l.custom) : '{}',
                notes: l.notes,
                dnc: onDnc ? 1 : 0,
              },
              keys,
            );
            for (const p of l.phone ? l.altPhones : l.altPhones.slice(1)) {
              tx.stagePhone({ id: newId(now), leadId: id, phone: p.e164, raw: p.raw, ext: p.ext, type: p.type });
            }
            for (let k = 0; k < numbers.length; k++) claimed.add(numbers[k].e164, seq * 2 + (k === 0 ? 0 : EXTRA));
            if (l.email) claimed.add(l.email, seq * 2);
            summary.inserted++;
          }
          opts.onProgress?.(summary.rows, read.total > 0 ? Math.min(1, read.done / read.total) : null);
        },
      },
    );
    summary.sha256 = result.sha256;
    stopIfInterrupted(opts.signal, summary.file);
    if (summary.rows === 0) throw new AppError('invalid_input', 'import.error.no_rows', { file: summary.file });
    const earlier = findActiveListBySha(db, 'leads', result.sha256, listId);
    if (earlier && !opts.force) {
      throw refused('import.error.already_imported', { file: summary.file, list: earlier.name, at: new Date(earlier.createdAt).toISOString() });
    }
    summary.list = listName;
    summary.list_id = listId;
    const strictFail = Boolean(opts.strict) && summary.rejected > 0;
    if (strictFail) {
      summary.inserted = 0;
      summary.updated = 0;
      summary.merged = 0;
    }
    updateList(db, listId, { sha256: result.sha256, counts: JSON.stringify(countsOf(summary)) }, now);
    if (opts.saveMapping) saveMapping(db, opts.saveMapping, summary.mapping, now);
    appendAudit(db, { actor: actor.username, action: 'import.leads', entity: 'list', entityId: listId, detail: { file: summary.file, sha256: result.sha256, ...countsOf(summary) } }, now);
    if (opts.dryRun || strictFail) {
      tx.rollback();
      if (strictFail) {
        summary.list = null;
        summary.list_id = null;
      }
    } else {
      opts.onWriting?.(summary.inserted);
      tx.merge(listId, now);
      // TEMP tables outlive a COMMIT on this connection: drop the spilled keys inside the transaction.
      claimed.drop();
      tx.commit();
      summary.committed = true;
    }
  } catch (err) {
    tx.rollback();
    throw err;
  }
  summary.elapsed_ms = Date.now() - started;
  return summary;
}

function hasAny(o: Record<string, string>): boolean {
  for (const _ in o) return true;
  return false;
}

export function countsOf(s: ImportLeadsSummary) {
  return {
    rows: s.rows,
    inserted: s.inserted,
    updated: s.updated,
    merged: s.merged,
    duplicates_in_file: s.duplicates_in_file,
    duplicates_existing: s.duplicates_existing,
    dnc: s.dnc,
    rejected: s.rejected,
    suspicious: s.suspicious,
  };
}
