// repdesk dnc add | remove | check | list.
import { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { DNC_REASON } from '../../core/types.js';
import { t, tCount } from '../../i18n/index.js';
import type { CommandContext } from '../context.js';
import { contextOf, positiveInt, withExample } from '../program.js';

const DEFAULT_LIMIT = 1000;
const num = (n: number) => n.toLocaleString('en-US');
/** "1 lead" / "3 leads" in the user's language. */
const count = (what: 'leads' | 'numbers', n: number) => tCount(`dnc.count.${what}`, n);

/**
 * The reasons and sources repdesk itself writes are stored as stable English words (scripts and
 * --json read them as they are); people see them in their own language. A person's own words are
 * shown as typed.
 */
const SYSTEM_REASONS: Record<string, string> = { [DNC_REASON.callRequest]: 'dnc.reason.call_request', [DNC_REASON.robotRefusal]: 'dnc.reason.robot_refusal' };
const SYSTEM_SOURCES = new Set(['manual', 'import', 'call', 'robot']);
const reasonShown = (reason: string | null) => (reason === null ? null : SYSTEM_REASONS[reason] ? t(SYSTEM_REASONS[reason]) : reason);
const sourceShown = (source: string | null) => (source !== null && SYSTEM_SOURCES.has(source) ? t(`dnc.source.${source}`) : source);

/** The zone times are shown in: the user's own, else the configured one, else UTC. */
async function displayZone(ctx: CommandContext): Promise<string> {
  const db = await ctx.openDb();
  const { zoneOf } = await import('../../services/followups.js');
  try {
    return zoneOf(db, await ctx.currentUser());
  } catch {
    // No user chosen yet (checking a number must still work): the configured zone.
    const { getConfig } = await import('../../services/config.js');
    const zone = getConfig(db, 'timezone');
    return typeof zone === 'string' ? zone : 'UTC';
  }
}

/** Run a service call; a number that cannot be normalised says why in the user's language. */
async function explained<T>(run: () => T): Promise<T> {
  try {
    return run();
  } catch (err) {
    if (err instanceof AppError && err.key === 'dnc.error.bad_number' && typeof err.params.why === 'string') {
      throw new AppError(err.kind, err.key, { ...err.params, why: t(`import.phone.${err.params.why}`) }, { cause: err });
    }
    throw err;
  }
}

export function register(program: Command): void {
  const dnc = new Command('dnc').description(t('dnc.description')).helpCommand('help [command]', t('cli.opt.help'));

  const add = new Command('add')
    .description(t('dnc.add.description'))
    .argument('<number>', t('dnc.arg.number'))
    .option('--reason <text>', t('dnc.opt.reason'))
    .option('--source <source>', t('dnc.opt.source'))
    .option('--country <code>', t('dnc.opt.country'))
    .action(async (number: string, opts: { reason?: string; source?: string; country?: string }, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { addToDnc } = await import('../../services/dnc.js');
      const r = await explained(() => addToDnc(db, actor, { number, ...opts }, ctx.clock.now()));
      if (ctx.out.json) ctx.out.printJson(r);
      else ctx.out.print(r.added ? t('dnc.added', { phone: r.phone, leads: count('leads', r.leads_flagged) }) : t('dnc.already', { phone: r.phone }));
      ctx.close();
    });
  withExample(add, 'repdesk dnc add "0912-345-678" --reason "asked on the phone"');

  const remove = new Command('remove')
    .description(t('dnc.remove.description'))
    .argument('<number>', t('dnc.arg.number'))
    .option('--reason <text>', t('dnc.opt.remove_reason'))
    .option('--country <code>', t('dnc.opt.country'))
    .action(async (number: string, opts: { reason?: string; country?: string }, command: Command) => {
      const ctx = contextOf(command);
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { removeFromDnc } = await import('../../services/dnc.js');
      const r = await explained(() => removeFromDnc(db, actor, { number, ...opts }, ctx.clock.now()));
      if (ctx.out.json) ctx.out.printJson(r);
      else ctx.out.print(t('dnc.removed', { phone: r.phone, leads: count('leads', r.leads_unflagged) }));
      ctx.close();
    });
  withExample(remove, 'repdesk dnc remove +886912345678 --reason "consent given 2026-11-28"');

  const check = new Command('check')
    .description(t('dnc.check.description'))
    .argument('<number>', t('dnc.arg.number'))
    .option('--country <code>', t('dnc.opt.country'))
    .action(async (number: string, opts: { country?: string }, command: Command) => {
      const ctx = contextOf(command);
      const db = await ctx.openDb();
      const { checkDnc } = await import('../../services/dnc.js');
      const r = await explained(() => checkDnc(db, number, opts.country));
      const zone = await displayZone(ctx);
      const { isoWithOffset, localDateTime } = await import('../../core/time.js');
      if (ctx.out.json) ctx.out.printJson({ ...r, added_at: r.added_at === null ? null : isoWithOffset(r.added_at, zone), removed_at: r.removed_at === null ? null : isoWithOffset(r.removed_at, zone) });
      else {
        const when = (ms: number | null) => (ms === null ? '' : localDateTime(ms, zone));
        const none = t('common.none');
        if (r.blocked) ctx.out.print(t('dnc.blocked', { phone: r.phone, reason: reasonShown(r.reason) ?? none, source: sourceShown(r.source) ?? none, by: r.added_by ?? none, at: when(r.added_at) }));
        else if (r.removed_at !== null) ctx.out.print(t('dnc.was_removed', { phone: r.phone, at: when(r.removed_at) }));
        else ctx.out.print(t('dnc.clear', { phone: r.phone }));
        if (r.leads.length) ctx.out.print(t('dnc.leads', { names: r.leads.map((l) => l.name || l.id).join(', ') }));
      }
      ctx.close();
    });
  withExample(check, 'repdesk dnc check 0912345678', 'repdesk dnc check +14155550100 --json');

  const list = new Command('list')
    .description(t('dnc.list.description'))
    .option('--limit <n>', t('dnc.opt.limit', { default: DEFAULT_LIMIT }), positiveInt('dnc.error.bad_limit'))
    .option('--removed', t('dnc.opt.removed'))
    .action(async (opts: { limit?: number; removed?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const db = await ctx.openDb();
      const { listDnc } = await import('../../services/dnc.js');
      const limit = opts.limit ?? DEFAULT_LIMIT;
      const { total, rows } = listDnc(db, { limit, includeRemoved: opts.removed });
      if (ctx.out.json) {
        const zone = await displayZone(ctx);
        const { isoWithOffset } = await import('../../core/time.js');
        const iso = (ms: number | null) => (ms === null ? null : isoWithOffset(ms, zone));
        ctx.out.printJson(rows.map((r) => ({ phone: r.phone, reason: r.reason, source: r.source, added_by: r.addedBy, added_at: iso(r.createdAt), removed_at: iso(r.deletedAt) })));
      } else if (rows.length === 0) {
        ctx.out.print(t('dnc.none'));
      } else {
        const zone = await displayZone(ctx);
        const { localDateTime } = await import('../../core/time.js');
        const when = (ms: number | null) => (ms === null ? '' : localDateTime(ms, zone));
        ctx.out.table(
          [
            { header: t('dnc.col.phone'), value: (r) => r.phone },
            { header: t('dnc.col.reason'), value: (r) => reasonShown(r.reason) ?? '', maxWidth: 40 },
            { header: t('dnc.col.source'), value: (r) => sourceShown(r.source) ?? '' },
            { header: t('dnc.col.by'), value: (r) => r.addedBy ?? '' },
            { header: t('dnc.col.at'), value: (r) => when(r.createdAt) },
            ...(opts.removed ? [{ header: t('dnc.col.removed'), value: (r: (typeof rows)[number]) => when(r.deletedAt) }] : []),
          ],
          rows,
        );
        // Only blocked numbers count towards the total; with --removed the rows include removed ones.
        if (!opts.removed && rows.length < total) ctx.out.info(t('dnc.shown', { shown: num(rows.length), count: num(total) }));
        else ctx.out.info(t('dnc.total', { count: count('numbers', total) }));
      }
      ctx.close();
    });
  withExample(list, 'repdesk dnc list', 'repdesk dnc list --json');

  dnc.addCommand(add).addCommand(remove).addCommand(check).addCommand(list);
  withExample(dnc, 'repdesk dnc check 0912345678');
  program.addCommand(dnc);
}
