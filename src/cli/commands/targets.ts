import { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';

const PERIODS = [
  ['daily', 'day'],
  ['weekly', 'week'],
  ['monthly', 'month'],
] as const;
const METRICS = ['calls', 'conversations', 'deals', 'revenue'] as const;

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function register(program: Command): void {
  const root = new Command('targets').description(t('targets.description'));

  const set = new Command('set').description(t('targets.set.description')).requiredOption('--rep <user>', t('targets.opt.rep'));
  for (const [word] of PERIODS) for (const m of METRICS) set.option(`--${word}-${m} <n>`, t(`targets.opt.${word}_${m}`));
  set.action(async (opts: Record<string, string>, command: Command) => {
    const ctx = contextOf(command);
    const db = await ctx.openDb();
    const actor = await ctx.currentUser();
    const svc = await import('../../services/targets.js');
    const changes: import('../../services/targets.js').TargetChange[] = [];
    for (const [word, period] of PERIODS) {
      for (const metric of METRICS) {
        const raw = opts[camel(`${word}-${metric}`)];
        if (raw !== undefined) changes.push({ period, metric, value: svc.parseTargetValue(`--${word}-${metric}`, raw, metric) });
      }
    }
    const rows = svc.setTargets(db, actor, opts.rep, changes, ctx.clock.now());
    if (ctx.out.json) ctx.out.printJson(rows.map(({ username, period, metric, value }) => ({ rep: username, period, metric, value })));
    else ctx.out.print(t('targets.set_done', { rep: opts.rep, targets: rows.map((r) => `${t(`targets.period.${r.period}`)} ${t(`targets.metric.${r.metric}`)} ${r.value}`).join(', ') || t('common.none') }));
    ctx.close();
  });
  withExample(set, 'repdesk targets set --rep bob --daily-calls 60 --daily-conversations 15 --weekly-deals 3', 'repdesk targets set --rep bob --weekly-deals 0   # removes it');

  const list = new Command('list')
    .description(t('targets.list.description'))
    .option('--rep <user>', t('targets.opt.rep'))
    .action(async (opts: { rep?: string }, command: Command) => {
      const ctx = contextOf(command);
      const db = await ctx.openDb();
      const actor = await ctx.currentUser();
      const { targetsFor } = await import('../../services/targets.js');
      const rows = targetsFor(db, actor, opts.rep);
      if (ctx.out.json) ctx.out.printJson(rows.map(({ username, period, metric, value }) => ({ rep: username, period, metric, value })));
      else if (rows.length === 0) ctx.out.print(t('targets.none'));
      else
        ctx.out.table(
          [
            { header: t('report.col.rep'), value: (r) => r.username },
            { header: t('targets.col.period'), value: (r) => t(`targets.period.${r.period}`) },
            { header: t('targets.col.metric'), value: (r) => t(`targets.metric.${r.metric}`) },
            { header: t('targets.col.value'), value: (r) => String(r.value), align: 'right' },
          ],
          rows,
        );
      ctx.close();
    });
  withExample(list, 'repdesk targets list', 'repdesk targets list --rep bob --json');

  root.addCommand(list, { isDefault: true }).addCommand(set);
  withExample(root, 'repdesk targets set --rep bob --daily-calls 60', 'repdesk targets list');
  program.addCommand(root);
}
