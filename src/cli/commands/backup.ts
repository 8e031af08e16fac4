// repdesk backup [--out FILE]: a verified, checksummed copy of the database.
import { Command } from 'commander';
import path from 'node:path';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';

export function register(program: Command): void {
  const backup = new Command('backup')
    .description(t('backup.description'))
    .option('--out <file>', t('backup.opt.out'))
    .action(async (opts: { out?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { createBackupInterruptible, BACKUP_KEEP } = await import('../../services/backup.js');
      const { busyTimeoutFromEnv } = await import('../context.js');
      const db = await ctx.openDb();
      // A backup holds every customer's data: team leads and admins only (like exports), except a
      // rep alone in the database (their own machine), whose data it all is.
      const { listUsers } = await import('../../db/repos/users.js');
      const me = await ctx.currentUser();
      const actor = me.role === 'rep' && listUsers(db).length === 1 ? me : await ctx.requireRole('lead', 'backup');
      // Progress on a terminal only: one line rewritten per step, cleared at the end.
      const tty = Boolean(process.stderr.isTTY) && !ctx.out.json;
      const onStep = tty
        ? (step: string, info: { bytes: number }) => process.stderr.write(`\r\x1b[2K${t(`backup.step.${step}`, { mb: (info.bytes / 1048576).toFixed(1) })}`)
        : undefined;
      // Ctrl-C / SIGTERM: the copy stops, its temporary files go, and the command says nothing was written (exit 130).
      const ctl = new AbortController();
      const onSignal = () => ctl.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let res;
      try {
        res = await createBackupInterruptible(db, { out: opts.out, now: ctx.clock.now(), actor: actor.username, onStep, signal: ctl.signal, busyTimeoutMs: busyTimeoutFromEnv() });
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        if (tty) process.stderr.write('\r\x1b[2K');
      }
      ctx.close();
      if (ctx.out.json) {
        ctx.out.printJson(res);
        return;
      }
      ctx.out.print(res.file);
      ctx.out.info(
        t('backup.done', {
          file: path.basename(res.file),
          size: (res.bytes / 1024).toFixed(0),
          sha: res.sha256.slice(0, 12),
          checksum: path.basename(res.checksumFile),
        }),
      );
      if (res.pruned.length) ctx.out.info(t('backup.pruned', { count: res.pruned.length, keep: BACKUP_KEEP }));
    });
  withExample(backup, 'repdesk backup', 'repdesk backup --out /mnt/usb/repdesk-2026-11-28.db');
  program.addCommand(backup);
}
