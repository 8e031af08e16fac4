// repdesk dnc add | remove | check | list.
import { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';

const when = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export function register(program: Command): void {
  const dnc = new Command('dnc').description(t('dnc.description'));

  const add = new Command('add')
    .description(t('dnc.add.description'))
    .argument('<number>', t('dnc.arg.number'))
    .option('--reason <text>', t('dnc.opt.reason'))
    .option('--source <source>', t('dnc.opt.source'))
    .option('--country <code>', t('dnc.opt.country'))
    .action(async (number: string, opts: { reason?: string; source?: string; country?: string }, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const { addToDnc } = await import('../../services/dnc.js');
      const r = addToDnc(await ctx.openDb(), actor, { number, ...opts }, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson(r);
      else ctx.out.print(r.added ? t('dnc.added', { phone: r.phone, leads: r.leads_flagged }) : t('dnc.already', { phone: r.phone }));
      ctx.close();
    });
  withExample(add, 'repdesk dnc add "0912-345-678" --reason "asked on the phone"');

  const remove = new Command('remove')
    .description(t('dnc.remove.description'))
    .argument('<number>', t('dnc.arg.number'))
    .option('--reason <text>', t('dnc.opt.reason'))
    .option('--country <code>', t('dnc.opt.country'))
    .action(async (number: string, opts: { reason?: string; country?: string }, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const { removeFromDnc } = await import('../../services/dnc.js');
      const r = removeFromDnc(await ctx.openDb(), actor, { number, ...opts }, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson(r);
      else ctx.out.print(t('dnc.removed', { phone: r.phone, leads: r.leads_unflagged }));
      ctx.close();
    });
  withExample(remove, 'repdesk dnc remove +886912345678 --reason "consent given 2026-11-28"');

  const check = new Command('check')
    .description(t('dnc.check.description'))
    .argument('<number>', t('dnc.arg.number'))
    .option('--country <code>', t('dnc.opt.country'))
    .action(async (number: string, opts: { country?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { checkDnc } = await import('../../services/dnc.js');
      const r = checkDnc(await ctx.openDb(), number, opts.country);
      if (ctx.out.json) ctx.out.printJson(r);
      else {
        const none = t('common.none');
        if (r.blocked) ctx.out.print(t('dnc.blocked', { phone: r.phone, reason: r.reason ?? none, source: r.source ?? none, by: r.added_by ?? none, at: when(r.added_at) }));
        else if (r.removed_at !== null) ctx.out.print(t('dnc.was_removed', { phone: r.phone, at: when(r.removed_at) }));
        else ctx.out.print(t('dnc.clear', { phone: r.phone }));
        if (r.leads.length) ctx.out.print(t('dnc.leads', { names: r.leads.map((l) => l.name || l.id).join(', ') }));
      }
      ctx.close();
    });
  withExample(check, 'repdesk dnc check 0912345678', 'repdesk dnc check +14155550100 --json');

  const list = new Command('list')
    .description(t('dnc.list.description'))
    .option('--limit <n>', t('dnc.opt.limit'), (v) => Number(v), 1000)
    .option('--removed', t('dnc.opt.removed'))
    .action(async (opts: { limit: number; removed?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const { listDnc } = await import('../../services/dnc.js');
      const { total, rows } = listDnc(await ctx.openDb(), { limit: Number.isFinite(opts.limit) && opts.limit > 0 ? opts.limit : 1000, includeRemoved: opts.removed });
      if (ctx.out.json) {
        ctx.out.printJson(rows.map((r) => ({ phone: r.phone, reason: r.reason, source: r.source, added_by: r.addedBy, added_at: r.createdAt, removed_at: r.deletedAt })));
      } else {
        ctx.out.table(
          [
            { header: t('dnc.col.phone'), value: (r) => r.phone },
            { header: t('dnc.col.reason'), value: (r) => r.reason ?? '', maxWidth: 40 },
            { header: t('dnc.col.source'), value: (r) => r.source ?? '' },
            { header: t('dnc.col.by'), value: (r) => r.addedBy ?? '' },
            { header: t('dnc.col.at'), value: (r) => when(r.createdAt) },
            ...(opts.removed ? [{ header: t('dnc.col.removed'), value: (r: (typeof rows)[number]) => when(r.deletedAt) }] : []),
          ],
          rows,
        );
        ctx.out.info(t('dnc.total', { count: total }));
      }
      ctx.close();
    });
  withExample(list, 'repdesk dnc list', 'repdesk dnc list --json');

  dnc.addCommand(add).addCommand(remove).addCommand(check).addCommand(list);
  withExample(dnc, 'repdesk dnc check 0912345678');
  program.addCommand(dnc);
}
