// repdesk restore FILE: verify a backup, keep the current database, then replace it.
import { Command } from 'commander';
import fs from 'node:fs';
import { t } from '../../i18n/index.js';
import { busyTimeoutFromEnv } from '../context.js';
import { contextOf, withExample } from '../program.js';

export function register(program: Command): void {
  const restore = new Command('restore')
    .description(t('restore.description'))
    .argument('<file>', t('restore.arg.file'))
    .option('--no-checksum', t('restore.opt.no_checksum'))
    .option('-y, --yes', t('restore.opt.yes'))
    .action(async (file: string, opts: { checksum: boolean; yes?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const { checkRestorable, restoreBackup } = await import('../../services/backup.js');
      const actor = fs.existsSync(ctx.dbPath) ? await ctx.actorName() : (ctx.global.as ?? null);
      ctx.close();
      // On a terminal, say what will happen and ask (after the file has been verified); scripts pass --yes
      // or run without a terminal.
      if (ctx.interactive && !opts.yes && !ctx.out.json) {
        const check = checkRestorable(file, opts.checksum);
        const { confirm } = await import('@inquirer/prompts');
        const ok = await confirm({
          message: t('restore.confirm', { file, db: ctx.dbPath, leads: check.counts.leads ?? 0, calls: check.counts.calls ?? 0 }),
          default: false,
        });
        if (!ok) {
          ctx.out.info(t('restore.cancelled'));
          return;
        }
      }
      const res = restoreBackup({ dbPath: ctx.dbPath, file, now: ctx.clock.now(), actor, checksum: opts.checksum, busyTimeoutMs: busyTimeoutFromEnv() });
      if (ctx.out.json) {
        ctx.out.printJson(res);
        return;
      }
      ctx.out.print(t('restore.done', { file: res.restored, db: res.into }));
      if (res.previous) ctx.out.info(t('restore.previous_kept', { file: res.previous }));
      ctx.out.info(t('restore.counts', { leads: res.counts.leads ?? 0, calls: res.counts.calls ?? 0, users: res.counts.users ?? 0 }));
    });
  withExample(restore, 'repdesk restore ~/.local/share/repdesk/backups/repdesk-20261128-093000-000.db', 'repdesk restore /mnt/usb/repdesk.db --yes');
  program.addCommand(restore);
}
