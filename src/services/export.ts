// Exports of calls, leads, follow-ups, DNC numbers, violations and the audit log: filters and
// permissions checked up front, rows streamed from one prepared statement, every export audited
// (who, when, what, filters, columns, row count, SHA-256 of the bytes).
import { csvLine, instantFormatter, maskEmail, type CellValue } from '../core/csv.js';
import { notFound, refused, usageError } from '../core/errors.js';
import { hasRole } from '../core/permissions.js';
import { addDays, isValidDate, localParts, zonedToUtc } from '../core/time.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import {
  defaultExportColumns,
  dispositionExists,
  exportColumns,
  findListIdByName,
  prepareExport,
  supportsFilter,
  listNames,
  userNamesById,
  type ColumnDef,
  type ExportEntity,
  type ExportQuery,
} from '../db/repos/exports.js';
import { listDispositions } from '../db/repos/dispositions.js';
import { findUserByName } from '../db/repos/users.js';
import { requireVisible, visibleUsers } from './scope.js';
import { interruptedError, type Sink } from '../io/export/sink.js';
import { delimitedCell, DelimitedWriter, makeWriter, type ExportFormat } from '../io/export/writers.js';

export interface ExportRequest {
  entity: ExportEntity;
  /** 'YYYY-MM-DD' in `zone`, inclusive. */
  from?: string;
  to?: string;
  rep?: string;
  list?: string;
  disposition?: string;
  /** Calls only: phone (the default: the calls the report counts as dials), robot or all. */
  channel?: string;
  columns?: string[];
  format: ExportFormat;
  excel: boolean;
  mask: boolean;
  /** The rep's zone: filters and times are in it. */
  zone: string;
}

export interface ExportPlan {
  request: ExportRequest;
  query: ExportQuery;
  columns: ColumnDef[];
  filters: Record<string, string>;
}

const TEAM_ENTITIES: readonly ExportEntity[] = ['dnc', 'violations', 'audit'];
export const CHANNELS: readonly string[] = ['phone', 'robot', 'all'];

function parseDay(value: string, option: string): string {
  if (!isValidDate(value)) throw usageError('export.error.bad_date', { option, value });
  return value;
}

/** Validate the request and the actor's rights; build the query. Throws usage (2), not found (4) or refused (5). */
export function planExport(db: Db, actor: User, req: ExportRequest): ExportPlan {
  const all = exportColumns(req.entity);
  const wanted = req.columns && req.columns.length ? req.columns : defaultExportColumns(req.entity);
  const columns = wanted.map((key) => {
    const col = all.find((c) => c.key === key);
    if (!col) throw usageError('export.error.bad_column', { column: key, entity: req.entity, columns: all.map((c) => c.key).join(', ') });
    return col;
  });
  const query: ExportQuery = { entity: req.entity, columns };
  const filters: Record<string, string> = {};

  if (req.from) {
    const d = parseDay(req.from, '--from');
    query.fromAt = zonedToUtc(ymd(d), req.zone);
    filters.from = d;
  }
  if (req.to) {
    const d = parseDay(req.to, '--to');
    query.toAt = zonedToUtc(ymd(addDays(d, 1)), req.zone);
    filters.to = d;
  }
  if (query.fromAt !== undefined && query.toAt !== undefined && query.fromAt >= query.toAt) {
    throw usageError('export.error.range', { from: req.from!, to: req.to! });
  }
  for (const f of ['rep', 'list', 'disposition'] as const) {
    if (req[f] && !supportsFilter(req.entity, f)) throw usageError('export.error.filter_na', { option: `--${f}`, entity: req.entity });
  }

  // Who may see what (services/scope.ts): a rep only their own calls, leads and follow-ups; a team
  // lead their team; a lead without a team only themself; an admin everyone. Robot calls and their
  // violations have no rep: they belong to the lead's owner (db/repos/exports.ts).
  let target: User | undefined;
  if (req.rep) {
    target = findUserByName(db, req.rep);
    if (!target) throw notFound('user.error.unknown', { user: req.rep });
    filters.rep = target.username;
  }
  const byName = req.entity === 'audit';
  const key = (u: { id: string; username: string }) => (byName ? u.username : u.id);
  if (!hasRole(actor, 'lead') && TEAM_ENTITIES.includes(req.entity)) throw refused('export.error.rep_team_data', { user: actor.username, entity: req.entity });
  const scope = visibleUsers(db, actor);
  if (target) requireVisible(db, actor, target, scope);
  if (target) query.repIds = [key(target)];
  else if (scope) {
    query.repIds = scope.map(key);
    // A team lead also sees the team's unassigned leads (to hand them out).
    query.includeUnassigned = req.entity === 'leads' && hasRole(actor, 'lead') && Boolean(actor.team);
  }
  if (req.entity === 'calls') {
    const channel = req.channel ?? 'phone';
    if (!CHANNELS.includes(channel)) throw usageError('export.error.bad_channel', { value: channel, choices: CHANNELS.join(', ') });
    if (channel !== 'all') query.channel = channel;
    filters.channel = channel;
  } else if (req.channel !== undefined) throw usageError('export.error.filter_na', { option: '--channel', entity: req.entity });

  if (req.list) {
    const id = findListIdByName(db, req.list);
    if (!id) throw notFound('export.error.unknown_list', { list: req.list, lists: listNames(db).join(', ') || '–' });
    query.listId = id;
    filters.list = req.list;
  }
  if (req.disposition) {
    if (!dispositionExists(db, req.disposition)) throw notFound('export.error.unknown_disposition', { code: req.disposition, codes: listDispositions(db).map((d) => d.code).join(', ') });
    query.disposition = req.disposition;
    filters.disposition = req.disposition;
  }
  return { request: req, query, columns, filters };
}

function ymd(date: string) {
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day };
}

export interface ExportState {
  rows: number;
  /** Ends the row iterator early (set while rows are being read). */
  stop?: () => void;
}

export interface ExportResult {
  rows: number;
  bytes: number;
  sha256: string;
  target: string;
  auditId: string;
}

const K_TEXT = 0;
const K_INT = 1;
const K_INSTANT = 2;
const K_USER = 3;
const K_PHONE = 4;
const K_EMAIL = 5;
const KIND = { text: K_TEXT, int: K_INT, instant: K_INSTANT, user: K_USER, phone: K_PHONE, email: K_EMAIL } as const;

/** The zone's UTC offset in minutes at an instant. */
export function offsetMinutes(at: number, zone: string): number {
  const p = localParts(at, zone);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000) / 60_000);
}

/**
 * Stream the rows into the sink in the chosen format, then audit. `headers` are the column titles
 * (translated by the caller, or the keys). The audit row is written even when the reader of stdout
 * goes away (marked interrupted).
 */
export async function runExport(
  db: Db,
  actor: User,
  plan: ExportPlan,
  sink: Sink,
  opts: { headers: string[]; now: number; onProgress?: (rows: number) => void; state?: ExportState },
): Promise<ExportResult> {
  const { request: req, columns } = plan;
  const state = opts.state ?? { rows: 0 };
  const kinds = columns.map((c) => KIND[c.type]);
  const writer = makeWriter(req.format, sink, { excel: req.excel, sheetName: req.entity, dateColumns: kinds.map((k) => k === K_INSTANT) });
  const { stmt, params } = prepareExport(db, plan.query);
  const names = userNamesById(db);
  const offset = cachedOffset(req.zone);
  const isoText = instantFormatter(offset);
  // How an instant is written, always in the user's zone (recorded in the audit): ISO 8601 with the
  // offset for JSON, NDJSON and plain CSV/TSV; 'YYYY-MM-DD HH:MM:SS' local time for --excel (Excel
  // reads it as a date-time); in XLSX a real date-time cell (the local wall time; see XlsxWriter).
  const iso: (at: number) => string = req.excel
    ? (at) => {
        const text = isoText(at);
        return text.slice(0, 10) + ' ' + text.slice(11, 19);
      }
    : isoText;
  const instantCell: (at: number) => CellValue = req.format === 'xlsx' ? (at) => Math.floor(at / 1000) * 1000 + offset(at) * 60_000 : iso;
  // libphonenumber (behind core/phone.js) takes ~150 ms to load: only masked exports need it.
  const maskPhone = req.mask ? (await import('../core/phone.js')).maskPhone : (phone: string) => phone;
  const mask = req.mask;
  /** A raw column value as the writers take it. */
  const convert = (kind: number, v: unknown): CellValue => {
    if (v === null || v === undefined) return null;
    switch (kind) {
      case K_TEXT:
        return typeof v === 'string' ? v : String(v);
      case K_INT:
        return Number(v);
      case K_INSTANT:
        return instantCell(Number(v));
      case K_USER:
        return names.get(v as string) ?? (v as string);
      case K_PHONE:
        return mask ? maskPhone(v as string) : (v as string);
      default:
        return mask ? maskEmail(v as string) : (v as string);
    }
  };

  await writer.begin(req.format === 'json' || req.format === 'ndjson' ? columns.map((c) => c.key) : opts.headers);
  const rows = stmt.iterate(...params) as IterableIterator<unknown[]>;
  // Lets a broken pipe release the statement before the audit row is written.
  state.stop = () => rows.return?.();
  const progress = (n: number) => {
    if (opts.onProgress && n % 100_000 === 0) opts.onProgress(n);
  };
  if (writer instanceof DelimitedWriter) await writeDelimited(writer, rows, { kinds, convert, names, iso, maskPhone, mask }, state, progress, sink);
  else {
    const n = kinds.length;
    const out: CellValue[] = new Array(n);
    for (const raw of rows) {
      for (let i = 0; i < n; i++) out[i] = convert(kinds[i], raw[i]);
      const p = writer.row(out);
      if (p) await p;
      progress(++state.rows);
      if ((state.rows & (BATCH - 1)) === 0) await checkInterrupted(sink);
    }
  }
  await checkInterrupted(sink);
  state.stop = undefined;
  await writer.end();
  return { rows: state.rows, bytes: sink.bytes, sha256: '', target: sink.target, auditId: '' };
}

/** How an export turns stored values into cells: one per export, shared by the writers. */
interface CellFormat {
  /** The kind (K_*) of each column. */
  kinds: number[];
  /** Any value of a kind as a writer's cell (the general path). */
  convert: (kind: number, v: unknown) => CellValue;
  /** User id → name. */
  names: Map<string, string>;
  /** An instant as ISO text in the export's zone. */
  iso: (at: number) => string;
  maskPhone: (phone: string) => string;
  mask: boolean;
}

/**
 * CSV/TSV rows straight to text: each cell is formatted as it is read (no intermediate array, one
 * string per record, user names formatted once), giving the same bytes as `csvLine(convert(raw))`.
 * A value of an unexpected type (text in an integer column, a blob) takes the general path.
 */
async function writeDelimited(writer: DelimitedWriter, rows: IterableIterator<unknown[]>, fmt: CellFormat, state: ExportState, progress: (rows: number) => void, sink: Sink): Promise<void> {
  const { kinds, convert, names, iso, maskPhone, mask } = fmt;
  const d = writer.delimiter;
  const eol = writer.opts.eol;
  const n = kinds.length;
  const cell = (text: string) => delimitedCell(text, d);
  const userCells = new Map<string, string>();
  for (const [id, name] of names) userCells.set(id, cell(name));
  const general = (kind: number, v: unknown) => csvLine([convert(kind, v)], d, '');
  for (const raw of rows) {
    let line = '';
    for (let i = 0; i < n; i++) {
      if (i > 0) line += d;
      const v = raw[i];
      if (v === null || v === undefined) continue;
      const kind = kinds[i];
      if (typeof v === 'string') {
        if (kind === K_TEXT) line += delimitedCell(v, d);
        else if (kind === K_USER) line += userCells.get(v) ?? cell(v);
        else if (kind === K_PHONE) line += cell(mask ? maskPhone(v) : v);
        else if (kind === K_EMAIL) line += cell(mask ? maskEmail(v) : v);
        else line += general(kind, v);
      } else if (typeof v === 'number' && kind === K_INT) line += v;
      else if (typeof v === 'number' && kind === K_INSTANT) {
        // ISO text is digits, '-', 'T', ':' and '+': only a leading '-' (a year before 0) needs the cell rules.
        const text = iso(v);
        line += text.charCodeAt(0) === 45 ? cell(text) : text;
      } else line += general(kind, v);
    }
    const p = writer.line(line + eol);
    if (p) await p;
    progress(++state.rows);
    if ((state.rows & (BATCH - 1)) === 0) await checkInterrupted(sink);
  }
}

/** Rows between two looks at Ctrl-C. */
const BATCH = 2048;

/**
 * Let a pending signal be delivered (a file export writes synchronously and would never yield), and
 * stop if it was Ctrl-C or SIGTERM: the thrown error ends the row iterator (releasing the statement),
 * the caller removes the temp file, and the CLI exits 130 with "interrupted, nothing written".
 */
async function checkInterrupted(sink: Sink): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (sink.interrupted) throw interruptedError(sink.target);
}

/** offsetMinutes of a zone, looked up once per quarter hour (every zone changes offset on one). */
function cachedOffset(zone: string): (at: number) => number {
  const cache = new Map<number, number>();
  return (at) => {
    const bucket = Math.floor(at / 900_000);
    let off = cache.get(bucket);
    if (off === undefined) {
      off = offsetMinutes(at, zone);
      if (cache.size > 100_000) cache.clear();
      cache.set(bucket, off);
    }
    return off;
  };
}

/** The audit entry of an export (called once the bytes are in place, or when stdout was cut). */
export function auditExport(
  db: Db,
  actor: User,
  plan: ExportPlan,
  result: { rows: number; bytes: number; sha256: string; target: string },
  now: number,
  extra: Record<string, unknown> = {},
): string {
  const r = plan.request;
  return appendAudit(
    db,
    {
      actor: actor.username,
      action: 'export',
      entity: r.entity,
      detail: {
        entity: r.entity,
        format: r.format,
        excel: r.excel,
        masked: r.mask,
        file: result.target,
        filters: plan.filters,
        columns: plan.columns.map((c) => c.key),
        rows: result.rows,
        bytes: result.bytes,
        sha256: result.sha256,
        zone: r.zone,
        ...extra,
      },
    },
    now,
  );
}
