import { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';

export function register(program: Command): void {
  const config = new Command('config').description(t('config.description'));

  const get = new Command('get')
    .description(t('config.get.description'))
    .argument('<key>', t('config.arg.key'))
    .action(async (key: string, _opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { getConfig } = await import('../../services/config.js');
      const value = getConfig(await ctx.openDb(), key);
      if (ctx.out.json) ctx.out.printJson({ key, value });
      else ctx.out.print(formatValue(value));
      ctx.close();
    });
  withExample(get, 'repdesk config get calling.daily_cap');

  const set = new Command('set')
    .description(t('config.set.description'))
    .argument('<key>', t('config.arg.key'))
    .argument('<value>', t('config.arg.value'))
    .action(async (key: string, value: string, _opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { setConfig } = await import('../../services/config.js');
      const db = await ctx.openDb();
      const stored = setConfig(db, await ctx.currentUser(), key, value, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson({ key, value: stored });
      else ctx.out.print(t('config.set_done', { key, value: formatValue(stored) }));
      ctx.close();
    });
  withExample(set, 'repdesk config set timezone Asia/Taipei', 'repdesk config set calling.window_end 19:30');

  const unset = new Command('unset')
    .description(t('config.unset.description'))
    .argument('<key>', t('config.arg.key'))
    .action(async (key: string, _opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { unsetConfig } = await import('../../services/config.js');
      const db = await ctx.openDb();
      const res = unsetConfig(db, await ctx.currentUser(), key, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson({ key, value: res.value, changed: res.changed });
      else ctx.out.print(t(res.changed ? 'config.unset_done' : 'config.unset_nothing', { key, value: formatValue(res.value) }));
      ctx.close();
    });
  withExample(unset, 'repdesk config unset calling.window_end', 'repdesk config unset policy.country.US.daily_cap');

  const list = new Command('list')
    .description(t('config.list.description'))
    .action(async (_opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const { listConfig } = await import('../../services/config.js');
      const rows = listConfig(await ctx.openDb());
      if (ctx.out.json) ctx.out.printJson(Object.fromEntries(rows.map((r) => [r.key, r.value])));
      else
        ctx.out.table(
          [
            { header: t('config.col.key'), value: (r) => r.key },
            { header: t('config.col.value'), value: (r) => formatValue(r.value) },
            { header: t('config.col.source'), value: (r) => (r.isDefault ? t('config.source.default') : t('config.source.set')) },
          ],
          rows,
        );
      ctx.close();
    });
  withExample(list, 'repdesk config list');

  config.addCommand(get).addCommand(set).addCommand(unset).addCommand(list);
  withExample(config, 'repdesk config list');
  program.addCommand(config);
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
