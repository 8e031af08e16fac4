// repdesk restore FILE: verify a backup, keep the current database, then replace it.
import { Command } from 'commander';
import fs from 'node:fs';
import { t } from '../../i18n/index.js';
import { AppError } from '../../core/errors.js';
import { busyTimeoutFromEnv, type CommandContext } from '../context.js';
import { contextOf, withExample } from '../program.js';

/**
 * Restoring replaces the whole team's database: an admin only. The check needs a database that opens
 * and has users; a missing, damaged or foreign file (what a restore is for) can be restored by anyone
 * at the machine, and --as names them in the audit log.
 */
async function restoringActor(ctx: CommandContext): Promise<string | null> {
  if (!fs.existsSync(ctx.dbPath)) return ctx.global.as ?? null;
  let hasUsers = false;
  try {
    const db = await ctx.openDb();
    const { listUsers } = await import('../../db/repos/users.js');
    hasUsers = listUsers(db).length > 0;
  } catch (err) {
    if (err instanceof AppError && (err.kind === 'busy' || err.kind === 'not_found' || err.kind === 'refused')) throw err;
    return ctx.global.as ?? null;
  }
  if (!hasUsers) return ctx.global.as ?? null;
  return (await ctx.requireRole('admin', 'restore')).username;
}

export function register(program: Command): void {
  const restore = new Command('restore')
    .description(t('restore.description'))
    .argument('<file>', t('restore.arg.file'))
    .option('--no-checksum', t('restore.opt.no_checksum'))
    .option('-y, --yes', t('restore.opt.yes'))
    .action(async (file: string, opts: { checksum: boolean; yes?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const { checkRestorable, restoreBackup } = await import('../../services/backup.js');
      const actor = await restoringActor(ctx);
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
