// The summary's rows, shared by the TUI and `repdesk session --summary` (no Ink here).
import { formatDuration, progress } from '../core/session.js';
import type { TodaySummary } from '../services/session.js';

/** Summary rows shared by the TUI and `repdesk session --summary`: [label key, value, target]. */
export function summaryRows(sum: TodaySummary): [string, string, string][] {
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  const tg = (v: number, target: number | undefined) => (target ? `${target} (${pct(progress(v, target))})` : '');
  return [
    ['session.summary.calls', String(sum.calls), tg(sum.calls, sum.targets.calls)],
    ['session.summary.conversations', String(sum.conversations), tg(sum.conversations, sum.targets.conversations)],
    ['session.summary.connect_rate', pct(sum.connectRate), ''],
    ['session.summary.talk_time', formatDuration(sum.talkTimeS), ''],
    ['session.summary.avg_call', sum.avgCallS === null ? '—' : formatDuration(sum.avgCallS), ''],
    ['session.summary.followups', String(sum.followupsSet), ''],
    ['session.summary.deals_opened', String(sum.dealsOpened), ''],
    ['session.summary.deals_won', String(sum.dealsWon), tg(sum.dealsWon, sum.targets.deals)],
    ['session.summary.revenue', String(sum.revenue), tg(sum.revenue, sum.targets.revenue)],
  ];
}
