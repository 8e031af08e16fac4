// repdesk demo [--reset] [--open]: seed a separate demo database and show its call queue.
import { Command, InvalidArgumentError, Option } from 'commander';
import { t } from '../../i18n/index.js';
import { demoDbPath } from '../../io/paths.js';
import { CommandContext } from '../context.js';
import { contextOf, withExample } from '../program.js';

interface DemoOpts {
  reset?: boolean;
  open?: boolean;
  seed: number;
}

/** The session UI, when it is installed (src/ui/run.ts): loaded only for --open on a terminal. */
type RunSession = (opts: { dbPath: string; user: string }) => Promise<unknown>;

async function loadSession(): Promise<RunSession | null> {
  const modPath = '../../ui/run.js';
  try {
    const mod = (await import(modPath)) as { runSession?: RunSession };
    return typeof mod.runSession === 'function' ? mod.runSession : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('ui/run')) return null;
    throw err;
  }
}

export function register(program: Command): void {
  const demo = new Command('demo')
    .description(t('demo.description'))
    .option('--reset', t('demo.opt.reset'))
    .option('--open', t('demo.opt.open'))
    .addOption(
      new Option('--seed <n>', t('demo.opt.seed')).default(2026).argParser((v) => {
        if (!/^\d{1,9}$/.test(v)) throw new InvalidArgumentError(t('demo.error.seed', { value: v }));
        return Number(v);
      }),
    )
    .action(async (opts: DemoOpts, command: Command) => {
      const base = contextOf(command);
      // The demo never touches the real database: --db if given, else its own file (REPDESK_DB ignored).
      const dbPath = base.global.db ?? demoDbPath();
      const ctx = new CommandContext({ ...base.global, db: dbPath });
      const { prepareDemoFile, seedDemo, demoQueue } = await import('../../services/demo.js');
      prepareDemoFile(dbPath, Boolean(opts.reset));
      const db = await ctx.openDb({ create: true });
      const now = ctx.clock.now();
      const res = seedDemo(db, { seed: opts.seed, now });
      const queue = demoQueue(db, res.user, now);
      const { repZone } = await import('../../services/policy.js');
      const { findUserByName } = await import('../../db/repos/users.js');
      const zone = repZone(db, findUserByName(db, res.user) ?? { timezone: null }) ?? 'UTC';
      ctx.close();

      if (opts.open && ctx.interactive && !ctx.out.json) {
        const runSession = await loadSession();
        if (runSession) {
          await runSession({ dbPath, user: res.user });
          return;
        }
        ctx.out.info(t('demo.no_session'));
      }

      if (ctx.out.json) {
        const { isoWithOffset } = await import('../../core/time.js');
        const { snakeKeys } = await import('../jsonShape.js');
        ctx.out.printJson({
          db: dbPath,
          seeded: res.seeded,
          user: res.user,
          counts: snakeKeys(res.counts),
          missing_scripts: res.missingScripts,
          queue: queue.map((q) => snakeKeys({ ...q, dueAt: q.dueAt === null || q.dueAt <= 0 ? null : isoWithOffset(q.dueAt, zone) })),
        });
        return;
      }
      const c = res.counts;
      ctx.out.info(
        t(res.seeded ? 'demo.seeded' : 'demo.existing', {
          db: dbPath,
          leads: c.leads,
          countries: c.countries.length,
          zones: c.timezones.length,
          calls: c.calls,
          robot: c.robotCalls,
          followups: c.followupsOpen,
          overdue: c.followupsOverdue,
          dnc: c.dnc,
        }),
      );
      for (const f of res.missingScripts) ctx.out.warn(t('demo.missing_script', { file: f }));
      ctx.out.info(t('demo.queue_title', { user: res.user }));
      if (queue.length === 0) ctx.out.print(t('demo.queue_empty'));
      else
        ctx.out.table(
          [
            { header: '#', value: (r) => String(r.rank), align: 'right' },
            { header: t('demo.col.name'), value: (r) => r.name, maxWidth: 18 },
            { header: t('demo.col.company'), value: (r) => r.company ?? '', maxWidth: 24 },
            { header: t('demo.col.phone'), value: (r) => r.phone ?? '' },
            { header: t('demo.col.local'), value: (r) => `${r.localTime ?? '?'} ${r.timezone ?? ''}` },
            { header: t('demo.col.grade'), value: (r) => r.grade ?? '' },
            { header: t('demo.col.why'), value: (r) => t(`queue.kind.${r.reason}`, { priority: r.priority, attempt: r.attempt ?? 1 }) },
          ],
          queue,
        );
      ctx.out.info(t('demo.next', { db: dbPath }));
    });
  withExample(demo, 'repdesk demo', 'repdesk demo --reset --open', 'repdesk demo --db /tmp/try.db --json');
  program.addCommand(demo);
}
