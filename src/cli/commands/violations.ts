import { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';

export function register(program: Command): void {
  const violations = new Command('violations').description(t('violations.description'));

  const list = new Command('list')
    .description(t('violations.list.description'))
    .option('--from <date>', t('violations.opt.from'))
    .option('--to <date>', t('violations.opt.to'))
    .option('--rule <rule>', t('violations.opt.rule'))
    .option('--limit <n>', t('violations.opt.limit'), '200')
    .action(async (opts: { from?: string; to?: string; rule?: string; limit: string }, command: Command) => {
      const ctx = contextOf(command);
      const { usageError } = await import('../../core/errors.js');
      const { isValidDate, zonedToUtc, addDays, localDateTime, isoWithOffset } = await import('../../core/time.js');
      const viewer = await ctx.currentUser();
      const db = await ctx.openDb();
      const { repZone } = await import('../../services/policy.js');
      const zone = repZone(db, viewer) ?? 'UTC';
      const day = (option: string, value: string | undefined, plus = 0): number | undefined => {
        if (value === undefined) return undefined;
        if (!isValidDate(value)) throw usageError('violations.error.bad_date', { option, value });
        const [year, month, d] = addDays(value, plus).split('-').map(Number);
        return zonedToUtc({ year, month, day: d }, zone);
      };
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw usageError('queue.error.bad_limit', { value: opts.limit });
      const { listViolationRows } = await import('../../services/violations.js');
      const rows = listViolationRows(db, viewer, { from: day('--from', opts.from), to: day('--to', opts.to, 1), rule: opts.rule, limit });
      if (ctx.out.json) {
        ctx.out.printJson(rows.map((v) => ({ id: v.id, occurredAt: isoWithOffset(v.occurredAt, zone), rule: v.rule, severity: v.severity, rep: v.repName, lead: v.leadName, leadId: v.leadId, callId: v.callId, detail: v.detail })));
      } else if (rows.length === 0) {
        ctx.out.print(t('violations.empty'));
      } else {
        const detailText = (d: Record<string, unknown>) =>
          Object.entries(d)
            .filter(([k]) => k !== 'code')
            .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : typeof v === 'number' && v > 1e12 ? localDateTime(v, zone) : String(v)}`)
            .join(' ');
        ctx.out.table(
          [
            { header: t('violations.col.when'), value: (v) => localDateTime(v.occurredAt, zone) },
            { header: t('violations.col.rule'), value: (v) => v.rule },
            { header: t('violations.col.severity'), value: (v) => t(`violations.severity.${v.severity}`), style: (s, v) => (v.severity === 'high' ? ctx.out.chalk.red(s) : s) },
            { header: t('violations.col.rep'), value: (v) => v.repName ?? '' },
            { header: t('violations.col.lead'), value: (v) => v.leadName ?? '', maxWidth: 24 },
            { header: t('violations.col.detail'), value: (v) => detailText(v.detail), maxWidth: 60 },
          ],
          rows,
        );
      }
      ctx.close();
    });
  withExample(list, 'repdesk violations list', 'repdesk violations list --from 2026-11-01 --to 2026-11-30 --rule outside_window --json');

  const check = new Command('check')
    .description(t('violations.check.description'))
    .option('--since <date>', t('violations.opt.since'))
    .action(async (opts: { since?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { usageError } = await import('../../core/errors.js');
      const { isValidDate, zonedToUtc } = await import('../../core/time.js');
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { repZone } = await import('../../services/policy.js');
      let since = 0;
      if (opts.since !== undefined) {
        if (!isValidDate(opts.since)) throw usageError('violations.error.bad_date', { option: '--since', value: opts.since });
        const [year, month, day] = opts.since.split('-').map(Number);
        since = zonedToUtc({ year, month, day }, repZone(db, actor) ?? 'UTC');
      }
      const { checkImportedCalls } = await import('../../services/violations.js');
      const res = checkImportedCalls(db, actor, since, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson(res);
      else ctx.out.print(t('violations.checked', { calls: res.calls, violations: res.violations }));
      ctx.close();
    });
  withExample(check, 'repdesk violations check', 'repdesk violations check --since 2026-11-01 --json');

  violations.addCommand(list).addCommand(check);
  withExample(violations, 'repdesk violations list');
  program.addCommand(violations);
}
