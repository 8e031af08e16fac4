// The care plan: generate birthday, holiday and check-in follow-ups for the coming days,
// idempotently (dedupe keys), for the actor's own leads, their team's (lead) or everyone's (admin).
import { GREETING_STATUSES, planCare, type CareTask } from '../core/care.js';
import { refused, usageError } from '../core/errors.js';
import { hasRole } from '../core/permissions.js';
import { addDays, localDate } from '../core/time.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { insertFollowup } from '../db/repos/followups.js';
import { careAudience, existingDedupeKeys, queryFollowups, type FollowupRow } from '../db/repos/followupsAdmin.js';
import { getSetting } from '../db/repos/settings.js';
import { dueWindow, zoneOf } from './followups.js';
import { visibleRepIds } from './targets.js';

export interface PlannedTask extends CareTask {
  /** false when the same task was planned before (nothing new created). */
  created: boolean;
}

export interface CarePlanResult {
  days: number;
  dryRun: boolean;
  created: number;
  existing: number;
  tasks: PlannedTask[];
}

export function runCarePlan(
  db: Db,
  actor: User,
  opts: { days: number; dryRun: boolean; noteFor: (task: CareTask) => string },
  now: number,
): CarePlanResult {
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 366) throw usageError('care.error.days', { value: String(opts.days) });
  const checkinDays = Number(getSetting(db, 'care.checkin_days') ?? 90);
  const owners = visibleRepIds(db, actor);
  const leads = careAudience(db, [...new Set([...GREETING_STATUSES, 'customer'])], owners);
  const tasks = planCare(leads, { now, days: opts.days, checkinDays, defaultZone: zoneOf(db, actor) });

  const write = () => {
    const seen = existingDedupeKeys(db, tasks.map((t) => t.dedupeKey));
    const planned: PlannedTask[] = tasks.map((t) => ({ ...t, created: !seen.has(t.dedupeKey) }));
    if (!opts.dryRun) {
      for (const t of planned) {
        if (!t.created) continue;
        insertFollowup(db, { leadId: t.leadId, repId: t.repId, kind: t.kind, dueAt: t.dueAt, note: opts.noteFor(t), dedupeKey: t.dedupeKey, actorId: actor.id }, now);
      }
      const created = planned.filter((t) => t.created).length;
      if (created > 0) appendAudit(db, { actor: actor.username, action: 'care.plan', entity: 'followup', detail: { days: opts.days, created } }, now);
    }
    return planned;
  };
  const planned = opts.dryRun ? write() : db.write(write);
  const created = planned.filter((t) => t.created).length;
  return { days: opts.days, dryRun: opts.dryRun, created, existing: planned.length - created, tasks: planned };
}

/** Open care follow-ups (birthday, holiday, check-in, care) due within the next `days` days, overdue included. */
export function careList(db: Db, actor: User, opts: { days: number; all?: boolean }, now: number): FollowupRow[] {
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 366) throw usageError('care.error.days', { value: String(opts.days) });
  const zone = zoneOf(db, actor);
  const lastDay = addDays(localDate(now, zone), opts.days - 1);
  const to = dueWindow(lastDay, now, zone).to;
  if (opts.all && !hasRole(actor, 'lead')) throw refused('followups.error.rep_others', { user: actor.username });
  const repIds = opts.all ? visibleRepIds(db, actor) : [actor.id];
  return queryFollowups(db, { repIds, statuses: ['open'], kinds: ['care', 'birthday', 'holiday', 'checkin'], dueTo: to });
}
