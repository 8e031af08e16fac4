// repdesk import leads | robot | dnc | rollback — thin: options → service → summary.
import path from 'node:path';
import { Command } from 'commander';
import { AppError, usageError } from '../../core/errors.js';
import type { User } from '../../core/types.js';
import type { Db } from '../../db/client.js';
import { t } from '../../i18n/index.js';
import { contextOf, positiveInt, withExample } from '../program.js';
import type { CommandContext } from '../context.js';
import stringWidth from 'string-width';
import { progressBar, truncateDisplay } from '../output.js';

const FIELDS = 'name, phone, alt_phone, email, company, title, city, region, country, timezone, birthday, tags, notes, owner, source, grade, custom, ignore';
const REJECTS_SHOWN = 20;
const REJECTS_JSON = 100;
/** Display width a rejected cell's value may take in the table (the reason's fix is never cut). */
const VALUE_SHOWN = 40;
const ON_DUPLICATE = ['skip', 'update', 'merge'] as const;
const FORMATS = ['csv', 'tsv', 'ssv', 'psv', 'xlsx', 'json', 'ndjson'] as const;
const DATE_ORDERS = ['ymd', 'dmy', 'mdy'] as const;

/** A count as people read it: 12,345 (the progress bar writes it the same way). */
export const num = (n: number) => n.toLocaleString('en-US');

/**
 * An option limited to a few values, checked here rather than with commander's choices(), whose
 * "(choices: …)" help text and error are English whatever the language.
 */
function oneOf<T extends string>(option: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  throw usageError('import.error.bad_choice', { option, value: String(value), choices: choices.join(', ') });
}

interface Reject {
  line: number;
  key: string;
  params: Record<string, string | number>;
  cells?: string[];
}

/**
 * A rejected row's reason in the user's language. With `valueWidth`, the cell's value is cut to
 * that display width (for the table: a pasted paragraph must not push the fix off the line).
 */
export function describeReject(r: Reject, valueWidth?: number): string {
  const params = { ...r.params };
  if (typeof params.why === 'string' && params.why) params.why = t(`import.phone.${params.why}`);
  if (valueWidth && typeof params.value === 'string') params.value = truncateDisplay(params.value, valueWidth);
  return t(r.key, params);
}

/**
 * A rejected row for --json: `reason` follows the language, so scripts get a stable `code`
 * (bad_phone, bad_email, bad_date, no_contact, ragged…) too.
 */
const jsonReject = (r: Reject) => ({ line: r.line, code: r.key.slice(r.key.lastIndexOf('.') + 1), reason: describeReject(r) });

function printRejects(ctx: CommandContext, rejects: Reject[], total: number): void {
  if (!rejects.length) return;
  ctx.out.table(
    [
      { header: t('import.col.line'), value: (r: Reject) => String(r.line), align: 'right' },
      { header: t('import.col.reason'), value: (r: Reject) => describeReject(r, VALUE_SHOWN) },
    ],
    rejects.slice(0, REJECTS_SHOWN),
  );
  const shown = Math.min(rejects.length, REJECTS_SHOWN);
  if (total > shown) ctx.out.print(t('import.rejects_more', { count: num(total - shown) }));
}

function printCounts(ctx: CommandContext, rows: [string, string | number][]): void {
  ctx.out.table(
    [
      { header: t('import.col.what'), value: (r: [string, string | number]) => r[0] },
      { header: t('import.col.count'), value: (r: [string, string | number]) => (typeof r[1] === 'number' ? num(r[1]) : r[1]), align: 'right' },
    ],
    rows,
  );
}

/**
 * Writes rejected rows to a CSV as they come (so a million rejects never sit in memory):
 * UTF-8 with BOM and CRLF so Excel opens Chinese text right; formula-like cells neutralised.
 * The file is opened before the import starts, so a path that cannot be written is a usage error
 * before anything is imported; when no row is rejected it is removed, so a rejects file left from
 * an earlier run never stands for this one.
 */
async function rejectsWriter(file: string, inputs: string[]) {
  const fs = await import('node:fs');
  const { default: Papa } = await import('papaparse');
  // Opening truncates: never onto a file being imported.
  const target = fs.statSync(file, { throwIfNoEntry: false });
  if (target?.isFile()) {
    for (const input of inputs) {
      const st = input === '-' ? undefined : fs.statSync(input, { throwIfNoEntry: false });
      if (st && st.dev === target.dev && st.ino === target.ino) throw usageError('import.error.rejects_is_input', { file });
    }
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'w', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError('import.error.rejects_no_folder', { file });
    if (code === 'EISDIR') throw usageError('import.error.rejects_is_folder', { file });
    throw usageError('import.error.rejects_unwritable', { file, code: code ?? String(err) });
  }
  let buf = '';
  let count = 0;
  const flush = () => {
    if (fd !== undefined && buf) fs.writeSync(fd, buf);
    buf = '';
  };
  return {
    file,
    get count() {
      return count;
    },
    write(r: Reject, headers: string[]) {
      if (count === 0) buf = '\uFEFF' + Papa.unparse([['line', 'reason', ...headers]], { newline: '\r\n' }) + '\r\n';
      buf += Papa.unparse([[String(r.line), describeReject(r), ...(r.cells ?? [])]], { escapeFormulae: true, newline: '\r\n' }) + '\r\n';
      count++;
      if (buf.length > 1 << 16) flush();
    },
    close() {
      if (fd === undefined) return;
      flush();
      fs.closeSync(fd);
      fd = undefined;
      if (count === 0) fs.rmSync(file, { force: true });
    },
  };
}

/** A progress bar on stderr, on a terminal only (not with --json), redrawn at most 10 times a second. */
function progress(ctx: CommandContext): ((rows: number, fraction: number | null) => void) | undefined {
  if (ctx.out.json || !process.stderr.isTTY) return undefined;
  let last = 0;
  return (rows, fraction) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    const count = t('import.progress', { rows: rows.toLocaleString('en-US') });
    if (fraction === null) {
      process.stderr.write(`\r${count}\x1b[K`);
      return;
    }
    const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    // The bar takes what the terminal leaves, between 10 and 40 cells.
    const room = (process.stderr.columns || Number(process.env.COLUMNS) || 80) - stringWidth(count) - percent.length - 4;
    const bar = room >= 10 ? `${progressBar(fraction, Math.min(40, room))} ` : '';
    process.stderr.write(`\r${bar}${percent}  ${count}\x1b[K`);
  };
}

/** The file is read; the merge and commit take the last seconds of a big import. */
function writing(ctx: CommandContext): ((leads: number) => void) | undefined {
  if (ctx.out.json || !process.stderr.isTTY) return undefined;
  return (leads) => process.stderr.write(`\r${t('import.writing', { leads: leads.toLocaleString('en-US') })}\x1b[K`);
}

function endProgress(ctx: CommandContext): void {
  if (!ctx.out.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

/** The options every file import shares (robot results, DNC lists). */
function fileImportCommand(name: string, description: string, mapHelp: string): Command {
  return new Command(name)
    .description(description)
    .argument('<file>', t('import.arg.file'))
    .option('--list <name>', t('import.opt.list_file'))
    .option('--map <spec>', mapHelp)
    .option('--country <code>', t('import.opt.country'))
    .option('--encoding <name>', t('import.opt.encoding'))
    .option('--sheet <name>', t('import.opt.sheet'))
    .option('--strict', t('import.opt.strict'))
    .option('--dry-run', t('import.opt.dry_run'))
    .option('--force', t('import.opt.force'));
}

/**
 * Ctrl-C (or SIGTERM) during an import: the import stops at its next batch and rolls back, and the
 * command says so (exit 130). Pressed again, repdesk quits at once; SQLite then drops the open
 * transaction. An import that had committed before the signal was handled is complete and reported.
 */
function interruptSignal(): AbortSignal {
  const ctl = new AbortController();
  const onSignal = () => {
    if (ctl.signal.aborted) process.exit(130);
    ctl.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return ctl.signal;
}

/** `kind`'s inputs; without --list the list is named after the file, in the user's language. */
async function fileImportInput(kind: 'robot' | 'dnc', file: string, opts: Record<string, unknown>) {
  return {
    file,
    stdin: await spoolStdinIfNeeded(file),
    signal: interruptSignal(),
    list: (opts.list as string | undefined) ?? t(`import.${kind}.default_list`, { file: file === '-' ? 'stdin' : path.basename(file) }),
    map: opts.map as string | undefined,
    country: opts.country as string | undefined,
    encoding: opts.encoding as string | undefined,
    sheet: opts.sheet as string | undefined,
    strict: Boolean(opts.strict),
    dryRun: Boolean(opts.dryRun),
    force: Boolean(opts.force),
  };
}

interface FileImportSummary {
  list?: string | null;
  file: string;
  format: string;
  encoding: string;
  rejected: number;
  dry_run: boolean;
  rejects: Reject[];
}

/** The summary of a robot or DNC import: JSON, or a header, the counts and the rejects; exit 3 on rejects. */
function reportFileImport(ctx: CommandContext, s: FileImportSummary, counts: [string, number][], strict: boolean): void {
  if (ctx.out.json) {
    ctx.out.printJson({ ...s, rejects: s.rejects.slice(0, REJECTS_JSON).map(jsonReject) });
  } else {
    ctx.out.print(`${t('import.sum.list')}: ${s.list ?? '—'}   ${t('import.sum.file')}: ${s.file}   ${t('import.sum.format')}: ${s.format}   ${t('import.sum.encoding')}: ${s.encoding}`);
    printCounts(ctx, counts);
    printRejects(ctx, s.rejects, s.rejected);
    if (s.dry_run) ctx.out.info(t('import.dry_run_done'));
    if (strict && s.rejected > 0) ctx.out.info(t('import.strict_failed', { rejected: num(s.rejected) }));
  }
  ctx.close();
  if (s.rejected > 0) process.exitCode = 3;
}

/**
 * Errors that name when something happened carry it as a UTC ISO instant (`at`, kept for --json);
 * the message shows it as `when`, in the user's zone. A DNC list cannot be rolled back, so its
 * re-import refusal offers --force only.
 */
async function withLocalTimes<T>(db: Db, actor: User, kind: 'leads' | 'robot' | 'dnc', run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError) || typeof err.params.at !== 'string' || Number.isNaN(Date.parse(err.params.at))) throw err;
    const { zoneOf } = await import('../../services/followups.js');
    const { localDateTime } = await import('../../core/time.js');
    const when = localDateTime(Date.parse(err.params.at), zoneOf(db, actor));
    const key = kind === 'dnc' && err.key === 'import.error.already_imported' ? 'import.error.already_imported_dnc' : err.key;
    throw new AppError(err.kind, key, { ...err.params, when }, { cause: err });
  }
}

/**
 * For `-`: stdin copied to a private temp file (removed when the process exits), so a large piped
 * import is sampled, hashed and streamed like a file instead of being held in memory.
 */
async function spoolStdinIfNeeded(file: string): Promise<{ spooledPath: string } | undefined> {
  if (file !== '-') return undefined;
  const { spoolToTempFile } = await import('../../io/files.js');
  return { spooledPath: (await spoolToTempFile(process.stdin)).path };
}

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

export function register(program: Command): void {
  const imp = new Command('import').description(t('import.description')).helpCommand('help [command]', t('cli.opt.help'));

  const leads = new Command('leads')
    .description(t('import.leads.description'))
    .argument('<files...>', t('import.arg.files'))
    .option('--list <name>', t('import.opt.list'))
    .option('--source <source>', t('import.opt.source'))
    .option('--tags <tags>', t('import.opt.tags'), list)
    .option('--owner <user>', t('import.opt.owner'))
    .option('--assign <spec>', t('import.opt.assign'))
    .option('--country <code>', t('import.opt.country'))
    .option('--map <spec>', t('import.opt.map', { fields: FIELDS }))
    .option('--mapping <name>', t('import.opt.mapping'))
    .option('--save-mapping <name>', t('import.opt.save_mapping'))
    .option('--on-duplicate <mode>', t('import.opt.on_duplicate'))
    .option('--skip-dnc', t('import.opt.skip_dnc'))
    .option('--strict', t('import.opt.strict'))
    .option('--dry-run', t('import.opt.dry_run'))
    .option('--force', t('import.opt.force'))
    .option('--encoding <name>', t('import.opt.encoding'))
    .option('--sheet <name>', t('import.opt.sheet'))
    .option('--format <format>', t('import.opt.format'))
    .option('--date-format <order>', t('import.opt.date_format'))
    .option('--roc-dates', t('import.opt.roc_dates'))
    .option('--rejects <file>', t('import.opt.rejects'))
    .action(async (files: string[], opts: Record<string, unknown>, command: Command) => {
      const onDuplicate = oneOf('--on-duplicate', opts.onDuplicate, ON_DUPLICATE) ?? 'skip';
      const format = oneOf('--format', opts.format, FORMATS);
      const dateFormat = oneOf('--date-format', opts.dateFormat, DATE_ORDERS);
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { importLeads } = await import('../../services/importLeads.js');
      type Summary = Awaited<ReturnType<typeof importLeads>>;
      const summaries: Summary[] = [];
      const shape = (s: Summary) => ({
        list: s.list,
        list_id: s.list_id,
        file: s.file,
        sha256: s.sha256,
        encoding: s.encoding,
        encoding_guessed: s.encoding_guessed,
        format: s.format,
        mapping: s.mapping,
        rows: s.rows,
        inserted: s.inserted,
        updated: s.updated,
        merged: s.merged,
        duplicates_in_file: s.duplicates_in_file,
        duplicates_existing: s.duplicates_existing,
        dnc: s.dnc,
        dnc_skipped: s.dnc_skipped,
        rejected: s.rejected,
        suspicious: s.suspicious,
        dry_run: s.dry_run,
        committed: s.committed,
        elapsed_ms: s.elapsed_ms,
        rejects: s.rejects.slice(0, REJECTS_JSON).map(jsonReject),
      });
      // One object for one file, an array for several (even when a later file stops the run).
      const printJson = () => ctx.out.printJson(files.length === 1 ? shape(summaries[0]) : summaries.map(shape));
      let anyRejected = false;
      const signal = interruptSignal();
      for (const file of files) {
        let s: Summary;
        try {
          const stdin = await spoolStdinIfNeeded(file);
          const rejectsFile = opts.rejects ? (files.length > 1 ? `${opts.rejects as string}.${summaries.length + 1}.csv` : (opts.rejects as string)) : undefined;
          const rejects = rejectsFile ? await rejectsWriter(rejectsFile, files) : undefined;
          try {
            s = await withLocalTimes(db, actor, 'leads', () =>
              importLeads(
                db,
                actor,
                {
                  file,
                  stdin,
                  signal,
                  list: files.length > 1 && opts.list ? `${opts.list as string} (${file})` : (opts.list as string | undefined),
                  source: opts.source as string | undefined,
                  tags: opts.tags as string[] | undefined,
                  owner: opts.owner as string | undefined,
                  assign: opts.assign as string | undefined,
                  country: opts.country as string | undefined,
                  map: opts.map as string | undefined,
                  mapping: opts.mapping as string | undefined,
                  saveMapping: opts.saveMapping as string | undefined,
                  onDuplicate,
                  skipDnc: Boolean(opts.skipDnc),
                  strict: Boolean(opts.strict),
                  dryRun: Boolean(opts.dryRun),
                  force: Boolean(opts.force),
                  encoding: opts.encoding as string | undefined,
                  sheet: opts.sheet as string | undefined,
                  format,
                  dateFormat,
                  rocDates: Boolean(opts.rocDates),
                  onReject: rejects ? (r, headers) => rejects.write(r, headers) : undefined,
                  onProgress: progress(ctx),
                  onWriting: writing(ctx),
                },
                ctx.clock.now(),
              ),
            );
          } finally {
            rejects?.close();
            endProgress(ctx);
          }
          if (rejects && rejects.count && !ctx.out.json) ctx.out.info(t('import.rejects_written', { file: rejects.file, count: num(rejects.count) }));
        } catch (err) {
          // The files before this one are imported (each is its own transaction): say so, then fail.
          if (summaries.length) {
            if (ctx.out.json) printJson();
            else ctx.out.info(t('import.files_stopped', { file, done: summaries.map((x) => x.file).join(', '), rest: files.slice(summaries.length + 1).join(', ') || '—' }));
          }
          throw err;
        }
        if (s.rejected > 0) anyRejected = true;
        summaries.push(s);
        if (ctx.out.json) continue;
        if (s.encoding_guessed) {
          const { alternativeEncoding } = await import('../../io/tabular/decode.js');
          ctx.out.warn(t('import.encoding_guessed', { encoding: s.encoding, other: alternativeEncoding(s.encoding) }));
        }
        if (s.duplicate_headers.length) ctx.out.warn(t('import.duplicate_headers', { headers: s.duplicate_headers.join(', ') }));
        ctx.out.print(`${t('import.sum.list')}: ${s.list ?? '—'}   ${t('import.sum.file')}: ${s.file}   ${t('import.sum.format')}: ${s.format}   ${t('import.sum.encoding')}: ${s.encoding}`);
        printCounts(ctx, [
          [t('import.sum.rows'), s.rows],
          [t('import.sum.inserted'), s.inserted],
          [t('import.sum.updated'), s.updated],
          [t('import.sum.merged'), s.merged],
          [t('import.sum.duplicates_in_file'), s.duplicates_in_file],
          [t('import.sum.duplicates_existing'), s.duplicates_existing],
          [t('import.sum.dnc'), s.dnc],
          [t('import.sum.dnc_skipped'), s.dnc_skipped],
          [t('import.sum.rejected'), s.rejected],
          [t('import.sum.suspicious'), s.suspicious],
          [t('import.sum.elapsed'), `${(s.elapsed_ms / 1000).toFixed(1)} s`],
        ]);
        printRejects(ctx, s.rejects, s.rejected);
        if (opts.saveMapping && s.committed) ctx.out.info(t('import.mapping_saved', { name: opts.saveMapping as string }));
        if (s.dry_run) ctx.out.info(t('import.dry_run_done'));
        if (opts.strict && s.rejected > 0) ctx.out.info(t('import.strict_failed', { rejected: num(s.rejected) }));
      }
      if (ctx.out.json) printJson();
      ctx.close();
      if (anyRejected) process.exitCode = 3;
    });
  withExample(
    leads,
    'repdesk import leads expo.csv --list "Expo 2026" --owner bob',
    'repdesk import leads 名單.xlsx --map "聯絡電話=phone,客戶=name" --on-duplicate merge',
    'cat new.csv | repdesk import leads - --dry-run --json',
  );

  const robot = fileImportCommand('robot', t('import.robot.description'), t('import.opt.map_robot', { fields: 'phone, name, call_time, duration, result, hangup_by, grade, rounds, summary, transcript, recording' }))
    .option('--timezone <zone>', t('import.opt.timezone'))
    .action(async (file: string, opts: Record<string, unknown>, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { importRobot } = await import('../../services/importRobot.js');
      const input = { ...(await fileImportInput('robot', file, opts)), timezone: opts.timezone as string | undefined };
      const s = await withLocalTimes(db, actor, 'robot', () => importRobot(db, actor, input, ctx.clock.now()));
      reportFileImport(
        ctx,
        s,
        [
          [t('import.sum.rows'), s.rows],
          [t('import.sum.calls'), s.calls],
          [t('import.sum.already_imported'), s.already_imported],
          [t('import.sum.leads_created'), s.leads_created],
          [t('import.sum.grades_set'), s.grades_set],
          [t('import.sum.followups'), s.followups],
          [t('import.sum.dnc'), s.dnc],
          [t('import.sum.invalid_numbers'), s.invalid_numbers],
          [t('import.sum.powered_off'), s.powered_off],
          [t('import.sum.violations'), s.violations],
          [t('import.sum.rejected'), s.rejected],
        ],
        Boolean(opts.strict),
      );
    });
  withExample(robot, 'repdesk import robot results-2026-11-27.xlsx', 'repdesk import robot calls.csv --map "被叫號碼=phone,呼叫時間=call_time" --timezone Asia/Taipei');

  const dnc = fileImportCommand('dnc', t('import.dnc.description'), t('import.opt.map_dnc', { fields: 'phone, reason, source, date' }))
    .option('--reason <text>', t('import.opt.reason'))
    .option('--source <source>', t('import.opt.dnc_source'))
    .action(async (file: string, opts: Record<string, unknown>, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { importDnc } = await import('../../services/dnc.js');
      const input = { ...(await fileImportInput('dnc', file, opts)), reason: opts.reason as string | undefined, source: opts.source as string | undefined };
      const s = await withLocalTimes(db, actor, 'dnc', () => importDnc(db, actor, input, ctx.clock.now()));
      reportFileImport(
        ctx,
        s,
        [
          [t('import.sum.rows'), s.rows],
          [t('import.sum.added'), s.added],
          [t('import.sum.already'), s.already],
          [t('import.sum.duplicates_in_file'), s.duplicates_in_file],
          [t('import.sum.rejected'), s.rejected],
        ],
        Boolean(opts.strict),
      );
    });
  withExample(dnc, 'repdesk import dnc opt-outs.csv --source "customer request"');

  const rollback = new Command('rollback')
    .description(t('import.rollback.description'))
    .argument('<list>', t('import.arg.list'))
    .action(async (name: string, _opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { rollbackImport } = await import('../../services/importRollback.js');
      const s = await withLocalTimes(db, actor, 'leads', async () => rollbackImport(db, actor, name, ctx.clock.now()));
      if (ctx.out.json) {
        // snake_case like every other --json of repdesk.
        ctx.out.printJson({
          list: s.list,
          list_id: s.list_id,
          kind: s.kind,
          removed: s.removed,
          kept_with_history: s.keptWithHistory,
          restored: s.restored,
          restore_skipped: s.restoreSkipped,
          phones_removed: s.phonesRemoved,
          calls_removed: s.callsRemoved,
          followups_removed: s.followupsRemoved,
        });
      } else {
        ctx.out.print(t('import.rollback.done', { list: s.list, removed: num(s.removed), restored: num(s.restored), kept: num(s.keptWithHistory) }));
        if (s.restoreSkipped) ctx.out.print(t('import.rollback.restore_skipped', { count: num(s.restoreSkipped) }));
        if (s.callsRemoved || s.followupsRemoved) ctx.out.print(t('import.rollback.robot', { calls: num(s.callsRemoved), followups: num(s.followupsRemoved) }));
      }
      ctx.close();
    });
  withExample(rollback, 'repdesk import rollback "Expo 2026"');

  const KINDS = ['leads', 'robot', 'dnc'] as const;
  const LISTS_LIMIT = 50;
  const lists = new Command('lists')
    .description(t('import.lists.description'))
    .option('--kind <kind>', t('import.opt.kind'), (value: string) => {
      if (!(KINDS as readonly string[]).includes(value)) throw usageError('import.error.bad_kind', { value });
      return value as (typeof KINDS)[number];
    })
    .option('--limit <n>', t('import.opt.limit', { default: LISTS_LIMIT }), positiveInt('import.error.bad_limit'))
    .action(async (opts: { kind?: (typeof KINDS)[number]; limit?: number }, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { importLists } = await import('../../services/importLists.js');
      const { total, rows } = importLists(db, { kind: opts.kind, limit: opts.limit ?? LISTS_LIMIT });
      if (ctx.out.json) ctx.out.printJson(rows);
      else if (rows.length === 0) ctx.out.print(t('import.lists.none'));
      else {
        const { zoneOf } = await import('../../services/followups.js');
        const { localDateTime } = await import('../../core/time.js');
        const zone = zoneOf(db, actor);
        const count = (n: number | undefined) => (n === undefined ? '' : num(n));
        ctx.out.table(
          [
            { header: t('import.lists.col.name'), value: (r) => r.name, maxWidth: 40 },
            { header: t('import.lists.col.kind'), value: (r) => t(`import.kind.${r.kind}`) },
            { header: t('import.lists.col.when'), value: (r) => localDateTime(r.created_at, zone) },
            { header: t('import.lists.col.by'), value: (r) => r.created_by ?? '' },
            { header: t('import.lists.col.rows'), value: (r) => count(r.counts.rows), align: 'right' },
            // New leads for lead lists, new numbers for DNC lists, calls for robot results.
            { header: t('import.lists.col.new'), value: (r) => count(r.counts.inserted ?? r.counts.added ?? r.counts.calls), align: 'right' },
            { header: t('import.lists.col.rejected'), value: (r) => count(r.counts.rejected), align: 'right' },
            { header: t('import.lists.col.leads_now'), value: (r) => (r.kind === 'dnc' ? '' : num(r.leads_now)), align: 'right' },
            { header: t('import.lists.col.rolled_back'), value: (r) => (r.rolled_back_at === null ? '' : localDateTime(r.rolled_back_at, zone)) },
          ],
          rows,
        );
        if (total > rows.length) ctx.out.info(t('import.lists.showing', { shown: num(rows.length), total: num(total) }));
      }
      ctx.close();
    });
  withExample(lists, 'repdesk import lists', 'repdesk import lists --kind leads --limit 10 --json');

  imp.addCommand(leads).addCommand(robot).addCommand(dnc).addCommand(lists).addCommand(rollback);
  withExample(imp, 'repdesk import leads expo.csv --list "Expo 2026"');
  program.addCommand(imp);
}
