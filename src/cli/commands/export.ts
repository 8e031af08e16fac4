import { Argument, Command, Option } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';

const ENTITIES = ['calls', 'leads', 'followups', 'dnc', 'violations', 'audit'];
const FORMATS = ['csv', 'tsv', 'xlsx', 'json', 'ndjson'];

interface ExportOpts {
  from?: string;
  to?: string;
  rep?: string;
  list?: string;
  disposition?: string;
  channel?: string;
  columns?: string;
  format?: string;
  excel?: boolean;
  output?: string;
  force?: boolean;
  mask?: boolean;
}

const EXTENSIONS: Record<string, string> = { csv: 'csv', tsv: 'tsv', xlsx: 'xlsx', json: 'json', ndjson: 'ndjson', jsonl: 'ndjson' };

/**
 * The format: the one asked for, else the one the file name's extension names, else (stdout with
 * --json) JSON, else CSV. An extension repdesk does not write (.xls, .txt) without --format, or one
 * that contradicts --format, is a usage error: Excel would warn and misread the file.
 */
export async function inferFormat(opts: { format?: string; output?: string; json?: boolean }): Promise<string> {
  const { usageError } = await import('../../core/errors.js');
  const file = opts.output && opts.output !== '-' ? opts.output : undefined;
  const ext = file?.match(/\.([A-Za-z0-9]+)$/)?.[1]?.toLowerCase();
  const named = ext ? EXTENSIONS[ext] : undefined;
  if (ext === 'xls' || ext === 'xlsm' || ext === 'xlsb') throw usageError('export.error.xls', { file: file! });
  if (opts.format) {
    if (named && named !== opts.format) throw usageError('export.error.ext_conflict', { file: file!, format: opts.format, ext: named });
    return opts.format;
  }
  if (ext && !named) throw usageError('export.error.unknown_ext', { file: file!, formats: Object.keys(EXTENSIONS).map((e) => '.' + e).join(', ') });
  if (named) return named;
  return opts.json && !file ? 'json' : 'csv';
}

export function register(program: Command): void {
  const cmd = new Command('export')
    .description(t('export.description'))
    .addArgument(new Argument('<what>', t('export.arg.what')).choices(ENTITIES))
    .option('--from <date>', t('export.opt.from'))
    .option('--to <date>', t('export.opt.to'))
    .option('--rep <user>', t('export.opt.rep'))
    .option('--list <name>', t('export.opt.list'))
    .option('--disposition <code>', t('export.opt.disposition'))
    .option('--channel <channel>', t('export.opt.channel'))
    .option('--columns <a,b,c>', t('export.opt.columns'))
    .addOption(new Option('--format <format>', t('export.opt.format')).choices(FORMATS))
    .option('--excel', t('export.opt.excel'))
    .option('-o, --output <file>', t('export.opt.output'))
    .option('--force', t('export.opt.force'))
    .option('--mask', t('export.opt.mask'))
    .action(async (what: string, opts: ExportOpts, command: Command) => {
      const ctx = contextOf(command);
      const { usageError } = await import('../../core/errors.js');
      const toStdout = !opts.output || opts.output === '-';
      // Ctrl-C before the file sink takes over (opening the database, checking the request) is
      // noted too, and honoured once the sink is open: "interrupted, nothing written", exit 130.
      let early: NodeJS.Signals | undefined;
      const onEarly = (signal: NodeJS.Signals) => {
        if (early) process.exit(130);
        early = signal;
      };
      if (!toStdout) process.on('SIGINT', onEarly).on('SIGTERM', onEarly);
      const format = await inferFormat({ ...opts, json: ctx.out.json });
      if (opts.excel && format !== 'csv' && format !== 'tsv') throw usageError('export.error.excel_format', { format });
      // --json to stdout: the rows are the JSON (or NDJSON); with -o FILE it is the summary.
      if (ctx.out.json && toStdout && format !== 'json' && format !== 'ndjson') throw usageError('export.error.json_format', { format });
      if (toStdout && format === 'xlsx' && process.stdout.isTTY) throw usageError('export.error.binary_tty');

      const db = await ctx.openDb();
      const actor = await ctx.currentUser();
      const { getSetting } = await import('../../db/repos/settings.js');
      const zone = actor.timezone ?? (getSetting(db, 'timezone') as string | null) ?? 'UTC';
      const svc = await import('../../services/export.js');
      const plan = svc.planExport(db, actor, {
        entity: what as 'calls',
        from: opts.from,
        to: opts.to,
        rep: opts.rep,
        list: opts.list,
        disposition: opts.disposition,
        channel: opts.channel,
        columns: opts.columns?.split(',').map((c) => c.trim()).filter(Boolean),
        format: format as 'csv',
        excel: Boolean(opts.excel),
        mask: Boolean(opts.mask),
        zone,
      });
      // Stable English keys unless a language was asked for with --lang.
      const headers = plan.columns.map((c) => (ctx.global.lang ? t(`export.col.${c.key}`) : c.key));
      const { FileSink, StdoutSink, interruptedError } = await import('../../io/export/sink.js');
      const state: import('../../services/export.js').ExportState = { rows: 0 };
      const progress = !toStdout && process.stderr.isTTY ? (n: number) => process.stderr.write(`\r${t('export.progress', { rows: n })}`) : undefined;

      if (toStdout) {
        const sink = new StdoutSink((s) => {
          // The reader went away (`| head`): record what was sent, then main.ts exits quietly.
          state.stop?.();
          svc.auditExport(db, actor, plan, { rows: state.rows, bytes: s.bytes, sha256: s.sha256(), target: '-' }, ctx.clock.now(), { interrupted: true });
        });
        const res = await svc.runExport(db, actor, plan, sink, { headers, now: ctx.clock.now(), state });
        await sink.end();
        svc.auditExport(db, actor, plan, { ...res, sha256: sink.sha256() }, ctx.clock.now());
        ctx.close();
        return;
      }

      const sink = FileSink.open(opts.output!, { force: Boolean(opts.force) });
      process.removeListener('SIGINT', onEarly).removeListener('SIGTERM', onEarly);
      if (early) {
        sink.abort();
        throw interruptedError(sink.target);
      }
      let res;
      try {
        res = await svc.runExport(db, actor, plan, sink, { headers, now: ctx.clock.now(), onProgress: progress, state });
        sink.commit();
      } catch (err) {
        sink.abort();
        throw err;
      } finally {
        if (progress) process.stderr.write('\r\x1b[K');
      }
      const summary = { file: sink.target, rows: res.rows, bytes: sink.bytes, sha256: sink.sha256(), format };
      svc.auditExport(db, actor, plan, { ...summary, target: sink.target }, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson(summary);
      else ctx.out.info(t('export.done', { rows: res.rows, file: opts.output! }));
      ctx.close();
    });
  withExample(
    cmd,
    'repdesk export calls --from 2026-11-01 --to 2026-11-30 --excel -o november.csv',
    'repdesk export leads --list "Expo 2026" --format xlsx -o expo.xlsx',
    'repdesk export calls --rep bob --columns started_at,phone,disposition --mask --format ndjson',
    'repdesk export calls --channel robot --from 2026-11-01 -o robot.xlsx',
  );
  program.addCommand(cmd);
}
