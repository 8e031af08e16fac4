import { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { snakeKeys } from '../jsonShape.js';
import { contextOf, withExample } from '../program.js';
import type { DialableReason } from '../../core/dialable.js';
import type { Disposition, Lang } from '../../core/types.js';

/** A dialable-now reason in the user's language; instants shown in `zone` (the rep's). */
export async function reasonText(r: DialableReason, zone: string, dispositions: Disposition[], lang: Lang): Promise<string> {
  const { localDateTime } = await import('../../core/time.js');
  const when = (ms: number) => localDateTime(ms, zone);
  switch (r.code) {
    case 'daily_cap':
      return t('leads.reason.daily_cap', { count: r.count, cap: r.cap, resets: when(r.resetsAt) });
    case 'lifetime_cap':
      return t('leads.reason.lifetime_cap', { count: r.count, cap: r.cap });
    case 'retry_delay': {
      const label = dispositions.find((d) => d.code === r.disposition)?.labels[lang] ?? r.disposition;
      return t('leads.reason.retry_delay', { disposition: label, minutes: r.minutes, until: when(r.until) });
    }
    case 'claimed_by_other_rep':
      return t('leads.reason.claimed_by_other_rep', { by: r.by, until: when(r.until) });
    case 'holiday':
      return t('leads.reason.holiday', { date: r.date, country: r.country });
    case 'outside_window':
      return t('leads.reason.outside_window', { local: r.localTime, zone: r.zone, start: r.start, end: r.end });
    case 'final_status':
      return t('leads.reason.final_status', { status: r.status });
    default:
      return t(`leads.reason.${r.code}`);
  }
}

/** A reason for --json: its fields, instants as ISO strings, and the message. */
/** A reason a lead cannot be called, for --json: snake_case, instants in the user's zone. */
export function reasonJson(r: DialableReason, message: string, zone: string, iso: (at: number, zone: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r, message };
  for (const k of ['resetsAt', 'until'] as const) if (k in r) out[k] = iso((r as unknown as Record<string, number>)[k], zone);
  return snakeKeys(out) as Record<string, unknown>;
}

export function register(program: Command): void {
  const queue = new Command('queue')
    .description(t('queue.description'))
    .option('--limit <n>', t('queue.opt.limit'), '20')
    .option('--all', t('queue.opt.all'))
    .option('--list <name>', t('queue.opt.list'))
    .option('--recompute', t('queue.opt.recompute'))
    .action(async (opts: { limit: string; all?: boolean; list?: string; recompute?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const { usageError } = await import('../../core/errors.js');
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw usageError('queue.error.bad_limit', { value: opts.limit });
      const rep = await ctx.currentUser();
      const db = await ctx.openDb();
      const now = ctx.clock.now();
      const { buildQueue } = await import('../../services/queue.js');
      const { repZone } = await import('../../services/policy.js');
      const { listDispositions } = await import('../../db/repos/dispositions.js');
      const { isoWithOffset, localDateTime } = await import('../../core/time.js');
      const { getLang } = await import('../../i18n/index.js');
      if (opts.recompute) {
        const { refreshAllEligibility } = await import('../../services/leadState.js');
        const { hasRole } = await import('../../core/permissions.js');
        const count = refreshAllEligibility(db, now, hasRole(rep, 'lead') ? undefined : rep.id);
        ctx.out.info(t('queue.recomputed', { count }));
      }
      let listId: string | undefined;
      if (opts.list !== undefined) {
        const { findList } = await import('../../db/repos/lists.js');
        const { notFound } = await import('../../core/errors.js');
        const found = findList(db, opts.list);
        if (!found) throw notFound('queue.error.no_list', { list: opts.list });
        listId = found.id;
      }
      const q = buildQueue(db, { rep, now, limit, includeBlocked: Boolean(opts.all), filter: listId ? { listId } : undefined });
      const zone = repZone(db, rep) ?? 'UTC';
      const dispositions = listDispositions(db);
      const lang = getLang();
      const kindText = (e: (typeof q.entries)[number]) =>
        t(`queue.kind.${e.reason.kind}`, { priority: e.lead.priority, attempt: e.reason.attempt ?? 1 });
      const reasons = await Promise.all(q.entries.map(async (e) => Promise.all(e.dialable.reasons.map((r) => reasonText(r, zone, dispositions, lang)))));
      if (ctx.out.json) {
        ctx.out.printJson({
          now: isoWithOffset(now, zone),
          rep: rep.username,
          truncated: q.truncated,
          entries: q.entries.map((e, i) => ({
            rank: i + 1,
            lead: { id: e.lead.id, name: e.lead.name, phone: e.lead.phone, company: e.lead.company, timezone: e.lead.timezone, country: e.lead.country, status: e.lead.status, priority: e.lead.priority, intent_grade: e.lead.intentGrade },
            reason: snakeKeys({ ...e.reason, dueAt: e.reason.dueAt !== undefined && e.reason.dueAt > 0 ? isoWithOffset(e.reason.dueAt, zone) : null }),
            dialable: e.dialable.ok,
            reasons: e.dialable.reasons.map((r, j) => reasonJson(r, reasons[i][j], zone, isoWithOffset)),
            local_time: e.localTime,
            next_eligible_at: e.dialable.nextEligibleAt === null ? null : isoWithOffset(e.dialable.nextEligibleAt, zone),
          })),
        });
      } else if (q.entries.length === 0) {
        ctx.out.print(t('queue.empty'));
      } else {
        const rows = q.entries.map((e, i) => ({ e, i, blocked: reasons[i].join(' ') }));
        ctx.out.table(
          [
            { header: t('queue.col.rank'), value: (r) => String(r.i + 1), align: 'right' },
            { header: t('queue.col.lead'), value: (r) => r.e.lead.name + (r.e.lead.company ? ` (${r.e.lead.company})` : ''), maxWidth: 32 },
            { header: t('queue.col.phone'), value: (r) => r.e.lead.phone ?? '' },
            { header: t('queue.col.local'), value: (r) => r.e.localTime ?? '?' },
            { header: t('queue.col.why'), value: (r) => kindText(r.e) },
            { header: t('queue.col.due'), value: (r) => (r.e.reason.dueAt ? localDateTime(r.e.reason.dueAt, zone) : '') },
            ...(opts.all ? [{ header: t('queue.col.blocked'), value: (r: (typeof rows)[number]) => r.blocked, style: (s: string) => ctx.out.chalk.yellow(s) }] : []),
          ],
          rows,
        );
      }
      if (q.truncated) ctx.out.warn(t('queue.truncated', { count: q.examined }));
      ctx.close();
    });
  withExample(queue, 'repdesk queue', 'repdesk queue --limit 50 --json', 'repdesk queue --all', 'repdesk queue --list "Expo 2026"');
  program.addCommand(queue);
}
