import { Argument, Command, Option } from 'commander';
import { t } from '../../i18n/index.js';
import { contextOf, withExample } from '../program.js';
import type { Report, ReportLine } from '../../services/report.js';

/** The report as --json: snake_case keys, the same figures as the CSV (core/report.ts lineFigures). */
function reportJson(r: Report, lineFigures: (l: ReportLine) => Record<string, number | null>, generatedAt: string) {
  const line = (l: ReportLine, rep: string | null) => ({ rep, ...lineFigures(l), dispositions: l.counts.dispositions, daily: l.daily });
  return { from: r.from, to: r.to, zone: r.zone, days: r.days, dates: r.dates, generated_at: generatedAt, reps: r.reps.map((l) => line(l, l.rep)), total: line(r.total, null) };
}

const pctText = (v: number | null) => (v === null ? '–' : `${v}%`);

function vsTarget(actual: number, target: number | null, p: number | null): string {
  // No target and nothing done (e.g. the team lead's own row): an empty cell, as elsewhere.
  if (target === null) return actual === 0 ? '–' : String(actual);
  return `${actual}/${target} (${pctText(p)})`;
}

export function register(program: Command): void {
  const cmd = new Command('report')
    .description(t('report.description'))
    .addArgument(new Argument('[period]', t('report.arg.period')).choices(['today', 'week', 'month']).default('today'))
    .option('--from <date>', t('report.opt.from'))
    .option('--to <date>', t('report.opt.to'))
    .option('--rep <user>', t('report.opt.rep'))
    .option('--team', t('report.opt.team'))
    .addOption(new Option('--format <format>', t('report.opt.format')).choices(['table', 'csv']).default('table'))
    .action(async (period: 'today' | 'week' | 'month', opts: { from?: string; to?: string; rep?: string; team?: boolean; format: string }, command: Command) => {
      const ctx = contextOf(command);
      const { usageError } = await import('../../core/errors.js');
      if (opts.rep && opts.team) throw usageError('report.error.rep_and_team');
      const db = await ctx.openDb();
      const actor = await ctx.currentUser();
      const { buildReport } = await import('../../services/report.js');
      const r = buildReport(db, actor, { period, from: opts.from, to: opts.to, rep: opts.rep, team: opts.team, now: ctx.clock.now() });
      const { lineFigures } = await import('../../core/report.js');
      if (ctx.out.json) {
        const { isoWithOffset } = await import('../../core/time.js');
        ctx.out.printJson(reportJson(r, lineFigures, isoWithOffset(ctx.clock.now(), r.zone)));
      } else if (opts.format === 'csv') {
        // The period on every row (a sheet pasted elsewhere keeps it); the TOTAL row has rep TOTAL.
        const { csvLine } = await import('../../core/csv.js');
        const rows = [...r.reps, r.total].map((l) => ({ from: r.from, to: r.to, zone: r.zone, rep: l === r.total ? 'TOTAL' : l.rep, ...lineFigures(l) }));
        // Stable English keys unless a language was asked for with --lang (as export does).
        const keys = Object.keys(rows[0]);
        const headers = ctx.global.lang ? keys.map((k) => t(`report.csv.${k}`)) : keys;
        process.stdout.write(csvLine(headers) + rows.map((row) => csvLine(Object.values(row))).join(''));
      } else await printReport(ctx.out, r, db);
      ctx.close();
    });
  withExample(cmd, 'repdesk report week', 'repdesk report --from 2026-11-01 --to 2026-11-30 --rep bob', 'repdesk report month --team --json');
  program.addCommand(cmd);
}

async function printReport(out: import('../output.js').Output, r: Report, db: import('../../db/client.js').Db): Promise<void> {
  const { formatDuration, sparkline } = await import('../../core/report.js');
  const { listDispositions } = await import('../../db/repos/dispositions.js');
  const { getLang } = await import('../../i18n/index.js');
  out.print(t('report.title', { from: r.from, to: r.to, zone: r.zone, days: r.days }));
  out.print('');
  const rows = [...r.reps, r.total];
  const name = (l: ReportLine) => (l === r.total ? t('report.total') : l.rep);
  out.table(
    [
      { header: t('report.col.rep'), value: name },
      { header: t('report.col.dials'), value: (l) => String(l.counts.dials), align: 'right' },
      { header: t('report.col.connects'), value: (l) => String(l.counts.connects), align: 'right' },
      { header: t('report.col.connect_rate'), value: (l) => pctText(l.kpis.connectRate), align: 'right' },
      { header: t('report.col.conversations'), value: (l) => String(l.counts.conversations), align: 'right' },
      { header: t('report.col.talk'), value: (l) => formatDuration(l.counts.talkS), align: 'right' },
      { header: t('report.col.avg_call'), value: (l) => (l.kpis.avgCallS === null ? '–' : formatDuration(l.kpis.avgCallS)), align: 'right' },
      {
        header: t('report.col.followups'),
        value: (l) =>
          `${l.counts.followupsOnTime}/${l.counts.followupsDue} ${pctText(l.kpis.followupsOnTimePct)}` +
          (l.counts.followupsPending > 0 ? t('report.followups_pending', { n: l.counts.followupsPending }) : ''),
        align: 'right',
      },
      { header: t('report.col.dnc'), value: (l) => String(l.counts.dncRequests), align: 'right' },
      { header: t('report.col.violations'), value: (l) => String(l.counts.violations), align: 'right' },
      { header: t('report.col.grade_a'), value: (l) => `${l.counts.gradeAInSla}/${l.counts.gradeALeads} ${pctText(l.kpis.gradeASlaPct)}`, align: 'right' },
    ],
    rows,
  );
  out.print('');
  out.print(t('report.targets_title'));
  out.table(
    [
      { header: t('report.col.rep'), value: name },
      { header: t('report.col.calls_target'), value: (l) => vsTarget(l.targets.calls.actual, l.targets.calls.target, l.targets.calls.pct), align: 'right' },
      { header: t('report.col.conv_target'), value: (l) => vsTarget(l.targets.conversations.actual, l.targets.conversations.target, l.targets.conversations.pct), align: 'right' },
      { header: t('report.col.deals_target'), value: (l) => vsTarget(l.targets.deals.actual, l.targets.deals.target, l.targets.deals.pct), align: 'right' },
      { header: t('report.col.revenue_target'), value: (l) => vsTarget(l.targets.revenue.actual, l.targets.revenue.target, l.targets.revenue.pct), align: 'right' },
    ],
    rows,
  );
  const totalDisp = Object.entries(r.total.counts.dispositions).sort((a, b) => b[1] - a[1]);
  if (totalDisp.length) {
    const lang = getLang();
    const labels = new Map(listDispositions(db).map((d) => [d.code, d.labels[lang]]));
    out.print('');
    out.print(t('report.dispositions_title'));
    out.table(
      [
        { header: t('report.col.disposition'), value: ([code]: [string, number]) => labels.get(code) ?? code },
        { header: t('report.col.calls'), value: ([, n]: [string, number]) => String(n), align: 'right' },
        { header: '%', value: ([, n]: [string, number]) => pctText(Math.round((n / r.total.counts.dials) * 1000) / 10), align: 'right' },
      ],
      totalDisp,
    );
  }
  if (r.days > 1) {
    out.print('');
    out.print(t('report.chart_title', { from: r.from, to: r.to }));
    out.table(
      [
        { header: t('report.col.rep'), value: name },
        { header: t('report.col.dials'), value: (l) => sparkline(l.daily.dials) },
        { header: t('report.col.conversations'), value: (l) => sparkline(l.daily.conversations) },
      ],
      rows,
    );
  }
}
