// How repdesk talks: results on stdout, progress/warnings/errors on stderr, --json for machines,
// colour only on a TTY and never with NO_COLOR, tables that line up CJK text,
// and the one place where errors become exit codes.
import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';
import { AppError, EXIT_CODES } from '../core/errors.js';
import { errorText, t } from '../i18n/index.js';

export interface OutputOptions {
  json: boolean;
  color: boolean;
  debug: boolean;
}

export function colorEnabled(wanted: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (wanted === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR === '0') return false;
  return Boolean(stream.isTTY);
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: 'left' | 'right';
  /** Colour a cell after it has been padded (so widths stay right). */
  style?: (text: string, row: Row) => string;
  maxWidth?: number;
}

/** Pad to a display width, counting CJK characters as two columns. */
export function padDisplay(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = Math.max(0, width - stringWidth(text));
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

/**
 * A progress bar of `width` cells for a share done (0–1): eighths of a block at the edge, so it
 * moves smoothly on a narrow terminal. Out-of-range shares are clamped.
 */
export function progressBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  const PARTS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  return '█'.repeat(full) + PARTS[part] + '░'.repeat(width - full - (part ? 1 : 0));
}

/** Cut to a display width, ending with … when something was cut. */
export function truncateDisplay(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + '…';
}

export function renderTable<Row>(columns: Column<Row>[], rows: Row[], chalk?: ChalkInstance): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const raw = (c.value(row) ?? '').replace(/[\r\n\t]+/g, ' ');
      return c.maxWidth ? truncateDisplay(raw, c.maxWidth) : raw;
    }),
  );
  const widths = columns.map((c, i) => Math.max(stringWidth(c.header), ...cells.map((r) => stringWidth(r[i]))));
  const head = columns.map((c, i) => padDisplay(c.header, widths[i], c.align)).join('  ');
  const lines = [chalk ? chalk.bold(head.trimEnd()) : head.trimEnd()];
  cells.forEach((r, ri) => {
    const line = columns
      .map((c, i) => {
        const padded = padDisplay(r[i], widths[i], c.align);
        return c.style ? c.style(padded, rows[ri]) : padded;
      })
      .join('  ');
    lines.push(line.trimEnd());
  });
  return lines.join('\n');
}

export class Output {
  readonly chalk: ChalkInstance;
  constructor(readonly options: OutputOptions) {
    this.chalk = new Chalk({ level: options.color ? 1 : 0 });
  }

  get json(): boolean {
    return this.options.json;
  }

  /** A result line on stdout. */
  print(text = ''): void {
    process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Machine output on stdout. */
  printJson(value: unknown): void {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }

  table<Row>(columns: Column<Row>[], rows: Row[]): void {
    this.print(renderTable(columns, rows, this.chalk));
  }

  /** Progress and information on stderr (never stdout, so pipes stay clean). */
  info(text: string): void {
    process.stderr.write(text + '\n');
  }

  warn(text: string): void {
    process.stderr.write(this.chalk.yellow(t('common.warning_prefix') + text) + '\n');
  }

  success(text: string): void {
    process.stderr.write(this.chalk.green(text) + '\n');
  }
}

const RESERVED = new Set(['kind', 'key', 'message', 'params']);

const SQLITE_BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED_SHAREDCACHE']);

/**
 * Anything thrown as an AppError: SQLite's busy/locked (from a code path that did not translate it)
 * is exit 6 like every other busy database; anything else is an unexpected failure (exit 1).
 */
export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && SQLITE_BUSY_CODES.has(code)) return new AppError('busy', 'db.error.busy_unnamed', {}, { cause: err });
  const message = (err as Error | null)?.message ?? String(err);
  return new AppError('unexpected', 'common.unexpected', { message }, { cause: err });
}

/** The one mapping from anything thrown to a message on stderr and an exit code. */
export function reportError(err: unknown, opts: { debug: boolean; json: boolean; color: boolean }): number {
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const unexpected = !(err instanceof AppError);
  const app = asAppError(err);
  const message = errorText(app.key, app.params);
  if (opts.json) {
    // kind, key and message are the error's own: a parameter of the same name (config.error.bad_value
    // has a `key`, the option) must not replace them, so it is only under `params`, which holds them all.
    const rest = Object.fromEntries(Object.entries(app.params).filter(([name]) => !RESERVED.has(name)));
    process.stderr.write(JSON.stringify({ error: { kind: app.kind, key: app.key, message, ...rest, params: app.params } }) + '\n');
  } else {
    process.stderr.write(chalk.red(t('common.error_prefix')) + message + '\n');
  }
  if (opts.debug) {
    const source = unexpected ? err : (app.cause ?? app);
    process.stderr.write(String((source as Error | undefined)?.stack ?? source) + '\n');
  } else if (app.kind === 'unexpected' && unexpected && !opts.json) {
    process.stderr.write(t('common.debug_hint') + '\n');
  }
  return app.exitCode;
}
