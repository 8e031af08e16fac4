import { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';
import { snakeKeys } from '../jsonShape.js';
import { reasonJson, reasonText } from './queue.js';

export function register(program: Command): void {
  const leads = new Command('leads').description(t('leads.description'));

  const why = new Command('why')
    .description(t('leads.why.description'))
    .argument('<lead>', t('leads.arg.lead'))
    .action(async (ref: string, _o: unknown, command: Command) => {
      const ctx = contextOf(command);
      const rep = await ctx.currentUser();
      const db = await ctx.openDb();
      const now = ctx.clock.now();
      const { explainLead } = await import('../../services/queue.js');
      const { repZone } = await import('../../services/policy.js');
      const { listDispositions } = await import('../../db/repos/dispositions.js');
      const { isoWithOffset, localDateTime, localTime } = await import('../../core/time.js');
      const { getLang } = await import('../../i18n/index.js');
      const ex = explainLead(db, ref, rep, now);
      const zone = repZone(db, rep) ?? ex.dialable.zone ?? 'UTC';
      const dispositions = listDispositions(db);
      const lang = getLang();
      const messages = await Promise.all(ex.dialable.reasons.map((r) => reasonText(r, zone, dispositions, lang)));
      const d = ex.dialable;
      const iso = (ms: number | null) => (ms === null ? null : isoWithOffset(ms, zone));
      if (ctx.out.json) {
        ctx.out.printJson({
          lead: { id: ex.lead.id, name: ex.lead.name, phone: ex.lead.phone, timezone: ex.lead.timezone, country: ex.lead.country, status: ex.lead.status, owner_id: ex.lead.ownerId },
          dialable: d.ok,
          reasons: d.reasons.map((r, i) => reasonJson(r, messages[i], zone, isoWithOffset)),
          next_eligible_at: iso(d.nextEligibleAt),
          zone: d.zone,
          zone_assumed: d.zoneAssumed,
          local_time: d.localTime,
          attempts: { today: d.attemptsToday, total: d.attemptsTotal },
          policy: snakeKeys(ex.policy),
          last_call: ex.lastCall ? { at: iso(ex.lastCall.at), disposition: ex.lastCall.disposition } : null,
          open_callback: ex.openCallback ? { due_at: iso(ex.openCallback.dueAt) } : null,
        });
        ctx.close();
        return;
      }
      const who = `${ex.lead.name || ex.lead.id}${ex.lead.phone ? ` (${ex.lead.phone})` : ''}`;
      if (d.ok) ctx.out.print(ctx.out.chalk.green(t('leads.why.ok', { lead: who, local: d.localTime ?? '?', zone: d.zone ?? '?' })));
      else {
        ctx.out.print(ctx.out.chalk.yellow(t('leads.why.blocked', { lead: who })));
        for (const m of messages) ctx.out.print(`  • ${m}`);
        if (d.nextEligibleAt !== null) ctx.out.print(t('leads.why.next', { at: localDateTime(d.nextEligibleAt, zone), local: d.zone ? localDateTime(d.nextEligibleAt, d.zone) : '?' }));
        else ctx.out.print(t('leads.why.never'));
      }
      if (d.zoneAssumed && d.zone) ctx.out.print(t('leads.why.zone_assumed', { zone: d.zone }));
      ctx.out.print(t('leads.why.policy', { start: ex.policy.windowStart, end: ex.policy.windowEnd, daily: ex.policy.dailyCap, lifetime: ex.policy.lifetimeCap }));
      ctx.out.print(t('leads.why.attempts', { today: d.attemptsToday, total: d.attemptsTotal }));
      if (ex.lastCall) {
        const label = dispositions.find((x) => x.code === ex.lastCall!.disposition)?.labels[lang] ?? ex.lastCall.disposition ?? '-';
        ctx.out.print(t('leads.why.last_call', { at: localDateTime(ex.lastCall.at, zone), disposition: label }));
      }
      if (ex.openCallback) ctx.out.print(t('leads.why.callback', { at: `${localDateTime(ex.openCallback.dueAt, zone)}${d.zone && d.zone !== zone ? ` (${localTime(ex.openCallback.dueAt, d.zone)} ${d.zone})` : ''}` }));
      ctx.close();
    });
  withExample(why, 'repdesk leads why 0912-345-678', 'repdesk leads why "王小明" --json');

  leads.addCommand(why);
  withExample(leads, 'repdesk leads why 0912345678');
  program.addCommand(leads);
}
