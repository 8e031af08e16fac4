import { Command } from 'commander';
import { t, tCount } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';
import type { CommandContext } from '../context.js';
import type { Diagnostic } from '../../core/script/types.js';

/** One diagnostic in the user's language. */
export function diagnosticMessage(d: Diagnostic): string {
  const params: Record<string, string | number> = { ...d.params };
  if ('suggestion' in params) params.hint = params.suggestion ? t('scripts.hint.did_you_mean', { suggestion: params.suggestion }) : '';
  if ('advice' in params) params.advice = t(`scripts.advice.${params.advice}`);
  if (d.code === 'yaml' && typeof params.problem === 'string') params.detail = t(`scripts.yaml.${params.problem}`, d.params);
  return t(`scripts.diag.${d.code}`, params);
}

/** "1 error" / "3 errors" in the user's language. */
export const countText = (what: 'errors' | 'warnings', n: number): string => tCount(`scripts.count.${what}`, n);

/** A diagnostic as --json shows it (lint, validate, and a refused add). */
function diagnosticJson(file: string, d: Diagnostic) {
  return { file, line: d.line, col: d.col, severity: d.severity, code: d.code, message: diagnosticMessage(d), params: d.params };
}

const LINT_CODES = new Set(['overpromise', 'pressure', 'missing_opt_out']);

/** The command that shows the errors of a refused file: lint for phrases, validate for the rest. */
export function fixCommand(file: string, diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const lint = errors.some((d) => LINT_CODES.has(d.code));
  const other = errors.some((d) => !LINT_CODES.has(d.code));
  const quoted = /^[\w./@:+-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
  if (lint && !other) return `repdesk scripts lint ${quoted}`;
  if (other && !lint) return `repdesk scripts validate ${quoted}`;
  return `repdesk scripts validate ${quoted} && repdesk scripts lint ${quoted}`;
}

/** Compiler-style line: file:line:col: error: message */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.col}: ${t(`scripts.severity.${d.severity}`)}: ${diagnosticMessage(d)}`;
}

async function readScriptFile(file: string): Promise<string> {
  const fs = await import('node:fs');
  const { notFound, invalidInput } = await import('../../core/errors.js');
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw notFound('scripts.error.no_file', { file });
    throw invalidInput('scripts.error.read', { file, detail: code ?? String(err) });
  }
}

async function runCheck(ctx: CommandContext, file: string, only: 'validate' | 'lint'): Promise<void> {
  const source = await readScriptFile(file);
  const { checkSource } = await import('../../services/scripts.js');
  // Checking a file needs no database (CI of a scripts repository): without one, the default
  // dispositions and lint settings apply, and no database file is created.
  const fs = await import('node:fs');
  const db = ctx.global.db || process.env.REPDESK_DB || fs.existsSync(ctx.dbPath) ? await ctx.openDb() : null;
  const res = checkSource(db, source, only);
  printDiagnostics(ctx, file, res);
  ctx.close();
  if (res.errors > 0) process.exitCode = 3;
}

function printDiagnostics(ctx: CommandContext, file: string, res: { diagnostics: Diagnostic[]; errors: number; warnings: number; ok: boolean }): void {
  if (ctx.out.json) {
    ctx.out.printJson({
      file,
      ok: res.errors === 0,
      errors: res.errors,
      warnings: res.warnings,
      diagnostics: res.diagnostics.map((d) => diagnosticJson(file, d)),
    });
    return;
  }
  for (const d of res.diagnostics) {
    const line = formatDiagnostic(file, d);
    ctx.out.print(d.severity === 'error' ? ctx.out.chalk.red(line) : ctx.out.chalk.yellow(line));
  }
  if (res.diagnostics.length === 0) ctx.out.info(t('scripts.summary.ok', { file }));
  else ctx.out.info(t('scripts.summary.problems', { file, errors: countText('errors', res.errors), warnings: countText('warnings', res.warnings) }));
}

function parseVersion(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

export function register(program: Command): void {
  const scripts = new Command('scripts').description(t('scripts.description'));

  const list = new Command('list').description(t('scripts.list.description')).action(async (_o: unknown, command: Command) => {
    const ctx = contextOf(command);
    const { listScripts } = await import('../../services/scripts.js');
    const { localDateTime } = await import('../../core/time.js');
    const db = await ctx.openDb();
    const rows = listScripts(db);
    const { repZone } = await import('../../services/policy.js');
    const zone = repZone(db, await ctx.currentUser().catch(() => ({ timezone: null }))) ?? 'UTC';
    if (ctx.out.json) {
      const { isoWithOffset } = await import('../../core/time.js');
      ctx.out.printJson(rows.map((r) => ({ id: r.id, name: r.name, language: r.language, version: r.version, versions: r.versions, updated_at: isoWithOffset(r.updatedAt, zone) })));
    } else if (rows.length === 0) ctx.out.print(t('scripts.none'));
    else {
      ctx.out.table(
        [
          { header: t('scripts.col.id'), value: (r) => r.id },
          { header: t('scripts.col.name'), value: (r) => r.name, maxWidth: 40 },
          { header: t('scripts.col.language'), value: (r) => r.language },
          { header: t('scripts.col.version'), value: (r) => `${r.version}`, align: 'right' },
          { header: t('scripts.col.updated'), value: (r) => localDateTime(r.updatedAt, zone) },
        ],
        rows,
      );
    }
    ctx.close();
  });
  withExample(list, 'repdesk scripts list', 'repdesk scripts list --json');

  const show = new Command('show')
    .description(t('scripts.show.description'))
    .argument('<id>', t('scripts.arg.id'))
    .option('-r, --rev <n>', t('scripts.opt.version'))
    .action(async (id: string, opts: { rev?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { getScript } = await import('../../services/scripts.js');
      const { usageError } = await import('../../core/errors.js');
      const version = parseVersion(opts.rev);
      if (Number.isNaN(version)) throw usageError('scripts.error.bad_rev', { value: opts.rev ?? '', id, code: 'commander.invalidArgument' });
      const db = await ctx.openDb();
      const s = getScript(db, id, version);
      if (ctx.out.json) {
        const { repZone } = await import('../../services/policy.js');
        const { isoWithOffset } = await import('../../core/time.js');
        const { snakeKeys } = await import('../jsonShape.js');
        const zone = repZone(db, await ctx.currentUser().catch(() => ({ timezone: null }))) ?? 'UTC';
        ctx.out.printJson({
          id: s.id,
          version: s.version,
          versions: s.versions.map((v) => ({ version: v.version, created_at: isoWithOffset(v.createdAt, zone), sha256: v.sha256 })),
          script: snakeKeys(s.script),
        });
        ctx.close();
        return;
      }
      const sc = s.script;
      if (!sc) {
        ctx.out.print(s.source);
        ctx.close();
        return;
      }
      ctx.out.print(t('scripts.show.header', { name: sc.name, id: sc.id, language: t(`lang.${sc.language}`), version: s.version, versions: s.versions.length }));
      ctx.out.print(t('scripts.show.budget', { soft: sc.budget.softS, hard: sc.budget.hardS, products: sc.products.join(', ') || '-', lists: sc.lists.join(', ') || '-' }));
      ctx.out.print('');
      ctx.out.table(
        [
          { header: t('scripts.col.step'), value: (x) => x.id },
          { header: t('scripts.col.type'), value: (x) => x.type },
          { header: t('scripts.col.etiquette'), value: (x) => x.etiquette ?? '' },
          { header: t('scripts.col.text'), value: (x) => x.text, maxWidth: 60 },
          { header: t('scripts.col.goes_to'), value: (x) => (x.choices ? x.choices.map((c, i) => `${i + 1}→${c.next}`).join(' ') : x.next ?? (x.disposition ? `[${x.disposition}]` : '')), maxWidth: 40 },
        ],
        sc.steps,
      );
      if (sc.objections.length) {
        ctx.out.print('');
        ctx.out.print(t('scripts.show.objections'));
        for (const o of sc.objections) ctx.out.print(t('scripts.show.objection_line', { id: o.id, label: o.label, to: o.returnTo ?? t('scripts.show.back_to_step') }));
      }
      ctx.close();
    });
  withExample(show, 'repdesk scripts show sales-en', 'repdesk scripts show sales-en --rev 1 --json');

  const add = new Command('add')
    .description(t('scripts.add.description'))
    .argument('<file>', t('scripts.arg.file'))
    .action(async (file: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const source = await readScriptFile(file);
      const { addScript } = await import('../../services/scripts.js');
      const res = addScript(await ctx.openDb(), actor, source, ctx.clock.now());
      if (res.status === 'refused') {
        const { invalidInput } = await import('../../core/errors.js');
        ctx.close();
        const err = invalidInput('scripts.error.refused', { file, errors: countText('errors', res.check.errors), command: fixCommand(file, res.check.diagnostics) });
        if (ctx.out.json) {
          // The error object every --json failure has, plus what `lint --json` gives: each finding.
          const { errorText } = await import('../../i18n/index.js');
          const error = { kind: err.kind, key: err.key, message: errorText(err.key, err.params), file, errors: res.check.errors, warnings: res.check.warnings, command: err.params.command, params: err.params, diagnostics: res.check.diagnostics.map((d) => diagnosticJson(file, d)) };
          process.stderr.write(JSON.stringify({ error }) + '\n');
          process.exitCode = err.exitCode;
          return;
        }
        for (const d of res.check.diagnostics) ctx.out.info(formatDiagnostic(file, d));
        throw err;
      }
      if (!ctx.out.json) for (const d of res.check.diagnostics) ctx.out.warn(formatDiagnostic(file, d));
      if (ctx.out.json) ctx.out.printJson({ status: res.status, id: res.id, name: res.name, version: res.version, previous: res.previous, warnings: res.check.warnings });
      else if (res.status === 'added') ctx.out.print(t('scripts.added', { id: res.id, name: res.name, version: res.version }));
      else if (res.status === 'updated') ctx.out.print(t('scripts.updated', { id: res.id, version: res.version, previous: res.previous ?? 0 }));
      else ctx.out.print(t('scripts.unchanged', { id: res.id, version: res.version }));
      ctx.close();
    });
  withExample(add, 'repdesk scripts add examples/scripts/sales-zh-TW.yaml');

  const validate = new Command('validate')
    .description(t('scripts.validate.description'))
    .argument('<file>', t('scripts.arg.file'))
    .action(async (file: string, _o: unknown, command: Command) => runCheck(contextOf(command), file, 'validate'));
  withExample(validate, 'repdesk scripts validate my-script.yaml', 'repdesk scripts validate my-script.yaml --json');

  const lint = new Command('lint')
    .description(t('scripts.lint.description'))
    .argument('<file>', t('scripts.arg.file'))
    .action(async (file: string, _o: unknown, command: Command) => runCheck(contextOf(command), file, 'lint'));
  withExample(lint, 'repdesk scripts lint my-script.yaml', 'repdesk config set lint.extra_phrases "best in class,業界第一"');

  const exp = new Command('export')
    .description(t('scripts.export.description'))
    .argument('<id>', t('scripts.arg.id'))
    .option('-r, --rev <n>', t('scripts.opt.version'))
    .option('-o, --output <file>', t('scripts.opt.output'))
    .action(async (id: string, opts: { rev?: string; output?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { getScript } = await import('../../services/scripts.js');
      const { usageError, AppError } = await import('../../core/errors.js');
      const version = parseVersion(opts.rev);
      if (Number.isNaN(version)) throw usageError('scripts.error.bad_rev', { value: opts.rev ?? '', id, code: 'commander.invalidArgument' });
      const s = getScript(await ctx.openDb(), id, version);
      ctx.close();
      if (!opts.output) {
        process.stdout.write(s.source.endsWith('\n') ? s.source : s.source + '\n');
        return;
      }
      const { writeFileDurable } = await import('../../io/files.js');
      try {
        writeFileDurable(opts.output, s.source);
      } catch (err) {
        throw new AppError('unexpected', 'scripts.error.write', { file: opts.output, detail: (err as NodeJS.ErrnoException).code ?? String(err) });
      }
      if (ctx.out.json) ctx.out.printJson({ id, version: s.version, file: opts.output });
      else ctx.out.info(t('scripts.exported', { id, version: s.version, file: opts.output }));
    });
  withExample(exp, 'repdesk scripts export sales-en -o sales-en.yaml', 'repdesk scripts export sales-en --rev 1');

  scripts.addCommand(list).addCommand(show).addCommand(add).addCommand(validate).addCommand(lint).addCommand(exp);
  withExample(scripts, 'repdesk scripts validate examples/scripts/sales-en.yaml');
  program.addCommand(scripts);
}
