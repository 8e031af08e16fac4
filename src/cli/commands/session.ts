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

/**
 * Today's summary as --json gives it, with the report's names and definitions: connect_rate is a
 * 0–1 fraction, avg_talk_s is talk seconds over connected calls.
 */
export function summaryJson(sum: import('../../services/session.js').TodaySummary): Record<string, unknown> {
  return {
    rep: sum.rep,
    date: sum.date,
    zone: sum.zone,
    calls: sum.calls,
    connected: sum.connected,
    conversations: sum.conversations,
    talk_s: sum.talkTimeS,
    connect_rate: sum.connectRate,
    avg_talk_s: sum.avgCallS,
    followups_set: sum.followupsSet,
    deals_opened: sum.dealsOpened,
    deals_won: sum.dealsWon,
    revenue: sum.revenue,
    targets: sum.targets,
  };
}

async function printSummary(ctx: CommandContext): Promise<void> {
  const rep = await ctx.currentUser();
  const { todaySummary } = await import('../../services/session.js');
  const { summaryRows } = await import('../../ui/summaryRows.js');
  const sum = todaySummary(await ctx.openDb(), rep, ctx.clock.now());
  if (ctx.out.json) {
    ctx.out.printJson(summaryJson(sum));
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
