import { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';
import type { ViolationRow } from '../../services/violations.js';

/** A stored rule or reason as its code: codes are stored now; older overrides stored i18n keys ('session.why.outside_window'). */
export const reasonCode = (value: unknown): string => {
  const raw = typeof value === 'string' ? value : String((value as { code?: unknown } | null)?.code ?? value);
  return raw.replace(/^.*\./, '');
};

/** A rule code in the user's language (the code itself when it is not a known rule). */
export function ruleText(code: string): string {
  const key = `violations.rule.${reasonCode(code)}`;
  const text = t(key);
  return text === key ? code : text;
}

/** A violation's detail in the user's language: the broken rule's explanation, or the override's reasons and note. */
async function detailText(v: ViolationRow, zone: string, dispositions: import('../../core/types.js').Disposition[], lang: import('../../core/types.js').Lang): Promise<string> {
  const d = v.detail;
  if (v.rule === 'dial_override') {
    const reasons = Array.isArray(d.reasons) ? d.reasons.map((r) => ruleText(reasonCode(r))).join(t('violations.sep')) : '';
    return t('violations.detail.override', { reasons: reasons || '–', reason: String(d.reason ?? '') });
  }
  if (typeof d.code === 'string' && t(`violations.rule.${d.code}`) !== `violations.rule.${d.code}`) {
    const { reasonText } = await import('./queue.js');
    return reasonText(d as unknown as import('../../core/dialable.js').DialableReason, zone, dispositions, lang);
  }
  const { localDateTime } = await import('../../core/time.js');
  return Object.entries(d)
    .filter(([k]) => k !== 'code')
    .map(([k, x]) => `${k}=${Array.isArray(x) ? x.join('+') : typeof x === 'number' && x > 1e12 ? localDateTime(x, zone) : String(x)}`)
    .join(' ');
}

export function register(program: Command): void {
  const violations = new Command('violations').description(t('violations.description'));

  const list = new Command('list')
    .description(t('violations.list.description'))
    .option('--from <date>', t('violations.opt.from'))
    .option('--to <date>', t('violations.opt.to'))
    .option('--rule <rule>', t('violations.opt.rule'))
    .option('--limit <n>', t('violations.opt.limit'), '200')
    .action(async (opts: { from?: string; to?: string; rule?: string; limit: string }, command: Command) => {
      const ctx = contextOf(command);
      const { usageError } = await import('../../core/errors.js');
      const { isValidDate, zonedToUtc, addDays, localDateTime, isoWithOffset } = await import('../../core/time.js');
      const viewer = await ctx.currentUser();
      const db = await ctx.openDb();
      const { repZone } = await import('../../services/policy.js');
      const zone = repZone(db, viewer) ?? 'UTC';
      const day = (option: string, value: string | undefined, plus = 0): number | undefined => {
        if (value === undefined) return undefined;
        if (!isValidDate(value)) throw usageError('violations.error.bad_date', { option, value });
        const [year, month, d] = addDays(value, plus).split('-').map(Number);
        return zonedToUtc({ year, month, day: d }, zone);
      };
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw usageError('queue.error.bad_limit', { value: opts.limit });
      const { listViolationRows } = await import('../../services/violations.js');
      const rows = listViolationRows(db, viewer, { from: day('--from', opts.from), to: day('--to', opts.to, 1), rule: opts.rule, limit });
      const { listDispositions } = await import('../../db/repos/dispositions.js');
      const { getLang } = await import('../../i18n/index.js');
      const dispositions = listDispositions(db);
      const texts = await Promise.all(rows.map((v) => detailText(v, zone, dispositions, getLang())));
      // A robot call has no rep: its violation is credited to the lead's owner (as in the report and the export).
      const whom = (v: ViolationRow) => v.repName ?? (v.creditedName ? t('violations.credited_owner', { user: v.creditedName }) : '');
      if (ctx.out.json) {
        ctx.out.printJson(
          rows.map((v, i) => ({
            id: v.id,
            occurred_at: isoWithOffset(v.occurredAt, zone),
            rule: reasonCode(v.rule),
            rule_text: ruleText(v.rule),
            severity: v.severity,
            rep: v.repName,
            credited_to: v.creditedName,
            lead: v.leadName,
            lead_id: v.leadId,
            call_id: v.callId,
            detail: v.detail,
            message: texts[i],
          })),
        );
      } else if (rows.length === 0) {
        ctx.out.print(t('violations.empty'));
      } else {
        const index = new Map(rows.map((v, i) => [v, i]));
        ctx.out.table(
          [
            { header: t('violations.col.when'), value: (v) => localDateTime(v.occurredAt, zone) },
            { header: t('violations.col.rule'), value: (v) => ruleText(v.rule) },
            { header: t('violations.col.severity'), value: (v) => t(`violations.severity.${v.severity}`), style: (s, v) => (v.severity === 'high' ? ctx.out.chalk.red(s) : s) },
            { header: t('violations.col.rep'), value: whom },
            { header: t('violations.col.lead'), value: (v) => v.leadName ?? '', maxWidth: 24 },
            { header: t('violations.col.detail'), value: (v) => texts[index.get(v)!], maxWidth: 60 },
          ],
          rows,
        );
      }
      ctx.close();
    });
  withExample(list, 'repdesk violations list', 'repdesk violations list --from 2026-11-01 --to 2026-11-30 --rule outside_window --json');

  const check = new Command('check')
    .description(t('violations.check.description'))
    .option('--since <date>', t('violations.opt.since'))
    .action(async (opts: { since?: string }, command: Command) => {
      const ctx = contextOf(command);
      const { usageError } = await import('../../core/errors.js');
      const { isValidDate, zonedToUtc } = await import('../../core/time.js');
      const actor = await ctx.currentUser();
      const db = await ctx.openDb();
      const { repZone } = await import('../../services/policy.js');
      let since = 0;
      if (opts.since !== undefined) {
        if (!isValidDate(opts.since)) throw usageError('violations.error.bad_date', { option: '--since', value: opts.since });
        const [year, month, day] = opts.since.split('-').map(Number);
        since = zonedToUtc({ year, month, day }, repZone(db, actor) ?? 'UTC');
      }
      const { checkImportedCalls } = await import('../../services/violations.js');
      const res = checkImportedCalls(db, actor, since, ctx.clock.now());
      if (ctx.out.json) ctx.out.printJson({ calls: res.calls, violations: res.violations, by_rule: res.byRule });
      else ctx.out.print(t('violations.checked', { calls: res.calls, violations: res.violations }));
      ctx.close();
    });
  withExample(check, 'repdesk violations check', 'repdesk violations check --since 2026-11-01 --json');

  violations.addCommand(list).addCommand(check);
  withExample(violations, 'repdesk violations list');
  program.addCommand(violations);
}
