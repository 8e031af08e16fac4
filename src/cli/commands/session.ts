// repdesk session [--summary] [--ascii]: the daily call session (Ink, loaded only here and only on a
// terminal), or today's summary for scripts. Plain `repdesk` on a terminal is the same as `repdesk session`.
import { Command } from 'commander';
import { t } from '../../i18n/index.js';
import type { CommandContext } from '../context.js';
import { contextOf, withExample } from '../program.js';

interface SessionOpts {
  summary?: boolean;
  ascii?: boolean;
}

async function printSummary(ctx: CommandContext): Promise<void> {
  const rep = await ctx.currentUser();
  const { todaySummary } = await import('../../services/session.js');
  const { summaryRows } = await import('../../ui/summaryRows.js');
  const sum = todaySummary(await ctx.openDb(), rep, ctx.clock.now());
  if (ctx.out.json) {
    ctx.out.printJson(sum);
    return;
  }
  ctx.out.print(t('session.summary.title', { date: sum.date }));
  ctx.out.table(
    [
      { header: t('session.summary.col.metric'), value: (r) => t(r[0]) },
      { header: t('session.summary.col.value'), value: (r) => r[1], align: 'right' },
      { header: t('session.summary.col.target'), value: (r) => r[2] },
    ],
    summaryRows(sum),
  );
}

export async function openSession(ctx: CommandContext, opts: SessionOpts): Promise<void> {
  try {
    if (opts.summary) return await printSummary(ctx);
    const { runSession } = await import('../../ui/run.js');
    await runSession(ctx, { ascii: Boolean(opts.ascii) });
  } finally {
    ctx.close();
  }
}

/** The program's own action: plain `repdesk` opens the session; a word that is no command is a usage error. */
export async function defaultAction(cmd: Command): Promise<void> {
  if (cmd.args.length > 0) (cmd as unknown as { unknownCommand(): never }).unknownCommand();
  await openSession(contextOf(cmd), {});
}

export function register(program: Command): void {
  const session = new Command('session')
    .description(t('session.description'))
    .option('--summary', t('session.opt.summary'))
    .option('--ascii', t('session.opt.ascii'))
    .action(async (opts: SessionOpts, command: Command) => {
      await openSession(contextOf(command), opts);
    });
  withExample(session, 'repdesk session', 'repdesk session --summary --json', 'repdesk session --ascii');
  program.addCommand(session);
}
