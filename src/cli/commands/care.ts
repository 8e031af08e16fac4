import { Command } from 'commander';
import { t, tCount } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';

/** "1 day" / "3 days" in the user's language. */
const count = (what: 'followups' | 'days', n: number) => tCount(`care.count.${what}`, n);

const int = (v: string) => Number(v);

export function register(program: Command): void {
  const root = new Command('care').description(t('care.description'));

  const plan = new Command('plan')
    .description(t('care.plan.description'))
    .option('--days <n>', t('care.opt.days'), int, 14)
    .option('--dry-run', t('care.opt.dry_run'))
    .action(async (opts: { days: number; dryRun?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const db = await ctx.openDb();
      const actor = await ctx.currentUser();
      const { runCarePlan } = await import('../../services/care.js');
      const { zoneOf } = await import('../../services/followups.js');
      const { localDateTime } = await import('../../core/time.js');
      const holiday = (key: string) => (t(`holiday.${key}`) === `holiday.${key}` ? key : t(`holiday.${key}`));
      const noteFor = (task: { kind: string; leadName: string; detail: string }) =>
        task.kind === 'birthday'
          ? t('care.note.birthday', { name: task.leadName })
          : task.kind === 'holiday'
            ? t('care.note.holiday', { holiday: holiday(task.detail) })
            : t('care.note.checkin', { days: task.detail });
      const res = runCarePlan(db, actor, { days: opts.days, dryRun: Boolean(opts.dryRun), noteFor }, ctx.clock.now());
      const zone = zoneOf(db, actor);
      if (ctx.out.json) {
        const { isoWithOffset } = await import('../../core/time.js');
        ctx.out.printJson({
          days: res.days,
          dry_run: res.dryRun,
          created: res.created,
          existing: res.existing,
          tasks: res.tasks.map((x) => ({ lead: x.leadId, name: x.leadName, kind: x.kind, date: x.date, due_at: isoWithOffset(x.dueAt, zone), detail: x.detail, created: x.created })),
        });
      } else {
        const fresh = res.tasks.filter((x) => x.created);
        if (fresh.length)
          ctx.out.table(
            [
              { header: t('followups.col.due'), value: (x) => localDateTime(x.dueAt, zone) },
              { header: t('followups.col.lead'), value: (x) => x.leadName, maxWidth: 24 },
              { header: t('followups.col.kind'), value: (x) => t(`followups.kind.${x.kind}`) },
              { header: t('followups.col.note'), value: (x) => noteFor(x), maxWidth: 40 },
            ],
            fresh,
          );
        ctx.out.print(t(res.dryRun ? 'care.plan.dry_summary' : 'care.plan.summary', { created: count('followups', res.created), existing: res.existing, days: count('days', res.days) }));
      }
      ctx.close();
    });
  withExample(plan, 'repdesk care plan', 'repdesk care plan --days 30 --dry-run');

  const list = new Command('list')
    .description(t('care.list.description'))
    .option('--days <n>', t('care.opt.days'), int, 14)
    .option('--all', t('followups.opt.all'))
    .action(async (opts: { days: number; all?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const db = await ctx.openDb();
      const actor = await ctx.currentUser();
      const { careList } = await import('../../services/care.js');
      const { zoneOf } = await import('../../services/followups.js');
      const { isoWithOffset, localDateTime } = await import('../../core/time.js');
      const now = ctx.clock.now();
      const rows = careList(db, actor, { days: opts.days, all: opts.all }, now);
      const zone = zoneOf(db, actor);
      if (ctx.out.json) ctx.out.printJson(rows.map((f) => ({ id: f.id, lead: { id: f.leadId, name: f.leadName }, rep: f.repName, kind: f.kind, due_at: isoWithOffset(f.dueAt, zone), overdue: f.dueAt < now, note: f.note })));
      else if (rows.length === 0) ctx.out.print(t('care.list.none', { days: count('days', opts.days) }));
      else
        ctx.out.table(
          [
            { header: t('followups.col.id'), value: (f) => f.id.slice(-8) },
            { header: t('followups.col.due'), value: (f) => localDateTime(f.dueAt, zone) },
            { header: '', value: (f) => (f.dueAt < now ? t('followups.overdue') : '') },
            { header: t('followups.col.lead'), value: (f) => f.leadName, maxWidth: 24 },
            { header: t('followups.col.kind'), value: (f) => t(`followups.kind.${f.kind}`) },
            ...(opts.all ? [{ header: t('followups.col.rep'), value: (f: typeof rows[number]) => f.repName ?? '' }] : []),
            { header: t('followups.col.note'), value: (f) => f.note ?? '', maxWidth: 40 },
          ],
          rows,
        );
      ctx.close();
    });
  withExample(list, 'repdesk care list', 'repdesk care list --days 30 --all');

  root.addCommand(list, { isDefault: true }).addCommand(plan);
  withExample(root, 'repdesk care plan --days 14', 'repdesk care list');
  program.addCommand(root);
}
