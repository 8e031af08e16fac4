import { Command, Option } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';
import type { CommandContext } from '../context.js';
import type { FollowupRow } from '../../db/repos/followupsAdmin.js';

const KINDS = ['callback', 'care', 'birthday', 'holiday', 'checkin', 'survey', 'service'];

/** Read WHEN in the rep's zone or fail with the reason and working examples (exit 2). */
export async function parseWhenOrFail(text: string, now: number, zone: string): Promise<number> {
  const { parseWhen } = await import('../../core/when.js');
  const { usageError } = await import('../../core/errors.js');
  const r = parseWhen(text, { now, zone });
  if (r.ok) return toMinute(r.at);
  throw usageError('followups.error.when', { reason: t(r.reason, r.params), examples: r.examples.join('  ·  ') });
}

/** Follow-ups are due on a minute: +2h from 10:03:27 is 12:03. */
const toMinute = (at: number) => Math.round(at / 60_000) * 60_000;

export const shortId = (id: string) => id.slice(-8);

async function printRows(ctx: CommandContext, rows: FollowupRow[], zone: string, now: number, showRep: boolean): Promise<void> {
  const { isoWithOffset, localDateTime, localTime } = await import('../../core/time.js');
  if (ctx.out.json) {
    ctx.out.printJson(
      rows.map((f) => ({
        id: f.id,
        lead: { id: f.leadId, name: f.leadName, phone: f.leadPhone, timezone: f.leadTimezone },
        rep: f.repName,
        kind: f.kind,
        status: f.status,
        due_at: isoWithOffset(f.dueAt, zone),
        due_lead_local: f.leadTimezone ? isoWithOffset(f.dueAt, f.leadTimezone) : null,
        overdue: f.status === 'open' && f.dueAt < now,
        note: f.note,
        done_at: f.doneAt === null ? null : isoWithOffset(f.doneAt, zone),
      })),
    );
    return;
  }
  if (rows.length === 0) {
    ctx.out.print(t('followups.none'));
    return;
  }
  const chalk = ctx.out.chalk;
  const cols: import('../output.js').Column<FollowupRow>[] = [
    { header: t('followups.col.id'), value: (f) => shortId(f.id) },
    { header: t('followups.col.due'), value: (f) => localDateTime(f.dueAt, zone), style: (s, f) => (f.status === 'open' && f.dueAt < now ? chalk.red(s) : s) },
    {
      header: t('followups.col.lead_time'),
      value: (f) => (f.leadTimezone && f.leadTimezone !== zone ? `${localTime(f.dueAt, f.leadTimezone)} ${f.leadTimezone}` : f.leadTimezone ? localTime(f.dueAt, f.leadTimezone) : '?'),
    },
    { header: '', value: (f) => (f.status === 'open' && f.dueAt < now ? t('followups.overdue') : f.status === 'open' ? '' : t(`followups.status.${f.status}`)) },
    { header: t('followups.col.lead'), value: (f) => f.leadName, maxWidth: 24 },
    { header: t('followups.col.kind'), value: (f) => t(`followups.kind.${f.kind}`) },
  ];
  if (showRep) cols.push({ header: t('followups.col.rep'), value: (f) => f.repName ?? '' });
  cols.push({ header: t('followups.col.note'), value: (f) => f.note ?? '', maxWidth: 40 });
  ctx.out.table(cols, rows);
}

/** What every follow-up subcommand needs: the open database, who is acting, the service, now, their zone. */
interface FollowupScope {
  ctx: CommandContext;
  db: Awaited<ReturnType<CommandContext['openDb']>>;
  actor: Awaited<ReturnType<CommandContext['currentUser']>>;
  svc: typeof import('../../services/followups.js');
  now: number;
  zone: string;
}

/** Runs a subcommand body with its scope, then closes the database. */
async function withScope(command: Command, body: (s: FollowupScope) => Promise<void>): Promise<void> {
  const ctx = contextOf(command);
  const db = await ctx.openDb();
  const actor = await ctx.currentUser();
  const svc = await import('../../services/followups.js');
  await body({ ctx, db, actor, svc, now: ctx.clock.now(), zone: svc.zoneOf(db, actor) });
  ctx.close();
}

export function register(program: Command): void {
  const root = new Command('followups').alias('fu').description(t('followups.description'));

  const list = new Command('list')
    .description(t('followups.list.description'))
    .option('--all', t('followups.opt.all'))
    .option('--rep <user>', t('followups.opt.rep'))
    .option('--due <when>', t('followups.opt.due'))
    .addOption(new Option('--kind <kind>', t('followups.opt.kind')).choices(KINDS))
    .option('--closed', t('followups.opt.closed'))
    .action(async (opts: { all?: boolean; rep?: string; due?: string; kind?: string; closed?: boolean }, command: Command) => {
      await withScope(command, async ({ ctx, db, actor, svc, now, zone }) => {
        const rows = svc.listFollowups(db, actor, { all: opts.all, rep: opts.rep, due: opts.due, kind: opts.kind, includeClosed: opts.closed, now });
        await printRows(ctx, rows, zone, now, Boolean(opts.all || opts.rep));
      });
    });
  withExample(list, 'repdesk followups', 'repdesk followups --due week --kind care', 'repdesk followups --all --due overdue --json');

  const add = new Command('add')
    .description(t('followups.add.description'))
    .argument('<lead>', t('followups.arg.lead'))
    .requiredOption('--at <when>', t('followups.opt.at'))
    .addOption(new Option('--kind <kind>', t('followups.opt.kind')).choices(KINDS.filter((k) => k !== 'care')).default('callback'))
    .option('--note <text>', t('followups.opt.note'))
    .action(async (lead: string, opts: { at: string; kind: string; note?: string }, command: Command) => {
      await withScope(command, async ({ ctx, db, actor, svc, now, zone }) => {
        const dueAt = await parseWhenOrFail(opts.at, now, zone);
        const f = svc.addFollowup(db, actor, { lead, dueAt, kind: opts.kind, note: opts.note }, now);
        if (ctx.out.json) return printRows(ctx, [f], zone, now, false);
        const { localDateTime } = await import('../../core/time.js');
        ctx.out.print(t('followups.added', { id: shortId(f.id), lead: f.leadName, due: localDateTime(f.dueAt, zone) }));
      });
    });
  withExample(add, 'repdesk followups add 0912345678 --at "tomorrow 10:00" --note "send the quote"', 'repdesk followups add 王小明 --at 明天上午10點');

  const done = new Command('done')
    .description(t('followups.done.description'))
    .argument('<id>', t('followups.arg.id'))
    .option('--note <text>', t('followups.opt.note'))
    .action(async (id: string, opts: { note?: string }, command: Command) => {
      await withScope(command, async ({ ctx, db, actor, svc, now, zone }) => {
        const f = svc.completeFollowup(db, actor, id, { note: opts.note }, now);
        if (ctx.out.json) return printRows(ctx, [f], zone, now, false);
        ctx.out.print(t('followups.done', { id: shortId(f.id), lead: f.leadName }));
      });
    });
  withExample(done, 'repdesk followups done 7K3M9Q2A --note "sent the quote"');

  const snooze = new Command('snooze')
    .description(t('followups.snooze.description'))
    .argument('<id>', t('followups.arg.id'))
    .option('--for <duration>', t('followups.opt.for'))
    .option('--until <when>', t('followups.opt.until'))
    .action(async (id: string, opts: { for?: string; until?: string }, command: Command) => {
      const { usageError } = await import('../../core/errors.js');
      if (Boolean(opts.for) === Boolean(opts.until)) throw usageError('followups.error.snooze_args');
      await withScope(command, async ({ ctx, db, actor, svc, now, zone }) => {
        if (opts.for) {
          const { parseDuration } = await import('../../core/when.js');
          const ms = parseDuration(opts.for);
          if (ms === undefined) throw usageError('followups.error.bad_duration', { value: opts.for });
          // From the later of the due time and now (services/followups.ts): never earlier than before.
          await printMoved(ctx, svc.snoozeFollowupFor(db, actor, id, ms, now), zone, now);
          return;
        }
        const dueAt = await parseWhenOrFail(opts.until!, now, zone);
        await printMoved(ctx, svc.moveFollowup(db, actor, id, dueAt, 'snooze', now), zone, now);
      });
    });
  withExample(snooze, 'repdesk followups snooze 7K3M9Q2A --for 2h', 'repdesk followups snooze 7K3M9Q2A --until "明天 10:00"');

  const reschedule = new Command('reschedule')
    .description(t('followups.reschedule.description'))
    .argument('<id>', t('followups.arg.id'))
    .argument('<when>', t('followups.opt.at'))
    .action(async (id: string, when: string, _opts: unknown, command: Command) => {
      await withScope(command, async ({ ctx, db, actor, svc, now, zone }) => {
        const dueAt = await parseWhenOrFail(when, now, zone);
        await printMoved(ctx, svc.moveFollowup(db, actor, id, dueAt, 'reschedule', now), zone, now);
      });
    });
  withExample(reschedule, 'repdesk followups reschedule 7K3M9Q2A "next monday 9am"', 'repdesk followups reschedule 7K3M9Q2A 下週一9:00');

  const cancel = new Command('cancel')
    .description(t('followups.cancel.description'))
    .argument('<id>', t('followups.arg.id'))
    .option('--reason <text>', t('followups.opt.reason'))
    .action(async (id: string, opts: { reason?: string }, command: Command) => {
      await withScope(command, async ({ ctx, db, actor, svc, now, zone }) => {
        const f = svc.cancelFollowup(db, actor, id, opts.reason ?? null, now);
        if (ctx.out.json) return printRows(ctx, [f], zone, now, false);
        ctx.out.print(t('followups.cancelled', { id: shortId(f.id), lead: f.leadName }));
      });
    });
  withExample(cancel, 'repdesk followups cancel 7K3M9Q2A --reason "customer bought elsewhere"');

  const history = new Command('history')
    .description(t('followups.history.description'))
    .argument('<id>', t('followups.arg.id'))
    .action(async (id: string, _opts: unknown, command: Command) => {
      await withScope(command, async ({ ctx, db, actor, svc, zone }) => {
        const { isoWithOffset, localDateTime } = await import('../../core/time.js');
        const { snakeCase } = await import('../jsonShape.js');
        const { followup, history: entries } = svc.followupHistory(db, actor, id);
        const isInstant = (k: string, x: unknown): x is number => (k === 'dueAt' || k === 'doneAt') && typeof x === 'number';
        const known = (key: string, fallback: string) => (t(key) === key ? fallback : t(key));
        const value = (k: string, x: unknown): string => {
          if (x === null || x === undefined || x === '') return t('common.none');
          if (isInstant(k, x)) return localDateTime(x, zone);
          if (k === 'kind') return known(`followups.kind.${String(x)}`, String(x));
          if (k === 'status') return known(`followups.status.${String(x)}`, String(x));
          if (k === 'callId') return shortId(String(x));
          return String(x);
        };
        const show = (v: Record<string, unknown> | null) =>
          Object.entries(v ?? {})
            .map(([k, x]) => t('followups.history.pair', { field: known(`followups.field.${snakeCase(k)}`, k), value: value(k, x) }))
            .join(t('followups.history.sep'));
        const fieldsJson = (v: Record<string, unknown> | null) =>
          v === null ? null : Object.fromEntries(Object.entries(v).map(([k, x]) => [snakeCase(k), isInstant(k, x) ? isoWithOffset(x, zone) : x]));
        if (ctx.out.json)
          ctx.out.printJson({ id: followup.id, history: entries.map((e) => ({ at: isoWithOffset(e.at, zone), action: e.action, actor: e.actor, before: fieldsJson(e.before), after: fieldsJson(e.after) })) });
        else
          ctx.out.table(
            [
              { header: t('followups.col.when'), value: (e) => localDateTime(e.at, zone) },
              { header: t('followups.col.who'), value: (e) => e.actor ?? '' },
              { header: t('followups.col.action'), value: (e) => known(`followups.action.${e.action}`, e.action) },
              { header: t('followups.col.before'), value: (e) => show(e.before) },
              { header: t('followups.col.after'), value: (e) => show(e.after) },
            ],
            entries,
          );
      });
    });
  withExample(history, 'repdesk followups history 7K3M9Q2A');

  root.addCommand(list, { isDefault: true }).addCommand(add).addCommand(done).addCommand(snooze).addCommand(reschedule).addCommand(cancel).addCommand(history);
  withExample(root, 'repdesk followups', 'repdesk followups add 王小明 --at "tomorrow 10:00"');
  program.addCommand(root);
}

async function printMoved(ctx: CommandContext, f: FollowupRow, zone: string, now: number): Promise<void> {
  if (ctx.out.json) return printRows(ctx, [f], zone, now, false);
  const { localDateTime } = await import('../../core/time.js');
  ctx.out.print(t('followups.moved', { id: shortId(f.id), lead: f.leadName, due: localDateTime(f.dueAt, zone) }));
}
