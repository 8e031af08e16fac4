// Follow-ups: list (mine / team, by due window and kind), add, done, snooze, reschedule, cancel,
// and their history. Due times are UTC instants; windows are days in the rep's zone.
import { invalidInput, notFound, refused, usageError } from '../core/errors.js';
import { hasRole } from '../core/permissions.js';
import { addDays, isValidDate, localDate, zonedToUtc } from '../core/time.js';
import type { FollowupKind, User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { insertFollowup } from '../db/repos/followups.js';
import {
  changeFollowup,
  findFollowupsByRef,
  followupHistoryOf,
  queryFollowups,
  type FollowupRow,
  type HistoryEntry,
} from '../db/repos/followupsAdmin.js';
import { getSetting } from '../db/repos/settings.js';
import { findUserByName } from '../db/repos/users.js';
import { requireVisible, visibleRepIds } from './scope.js';

export const KIND_CHOICES = ['callback', 'care', 'birthday', 'holiday', 'checkin', 'survey', 'service'] as const;
/** `--kind care` means every care kind. */
const KIND_GROUPS: Record<string, FollowupKind[]> = { care: ['care', 'birthday', 'holiday', 'checkin'] };

/** The rep's zone: their own, else the configured one, else UTC. */
export function zoneOf(db: Db, user: User): string {
  return user.timezone ?? (getSetting(db, 'timezone') as string | null) ?? 'UTC';
}

import { resolveLead } from './leads.js';
export { resolveLead };

export interface ListOptions {
  all?: boolean;
  rep?: string;
  /** today | tomorrow | week | overdue | YYYY-MM-DD; default: overdue and due today. */
  due?: string;
  kind?: string;
  /** Include done and cancelled ones too. */
  includeClosed?: boolean;
  now: number;
}

/** Which reps' follow-ups the actor may list; a rep only their own (exit 5 otherwise). */
function repScope(db: Db, actor: User, opts: { all?: boolean; rep?: string }): string[] | undefined {
  if (opts.rep) {
    const target = findUserByName(db, opts.rep);
    if (!target) throw notFound('user.error.unknown', { user: opts.rep });
    if (target.id !== actor.id) {
      if (!hasRole(actor, 'lead')) throw refused('followups.error.rep_others', { user: actor.username });
      requireVisible(db, actor, target);
    }
    return [target.id];
  }
  if (opts.all) {
    if (!hasRole(actor, 'lead')) throw refused('followups.error.rep_others', { user: actor.username });
    // services/scope.ts: a team lead their team, a lead without a team only themself, an admin everyone.
    return visibleRepIds(db, actor);
  }
  return [actor.id];
}

export function dueWindow(due: string | undefined, now: number, zone: string): { from?: number; to?: number } {
  const today = localDate(now, zone);
  const start = (d: string) => {
    const [year, month, day] = d.split('-').map(Number);
    return zonedToUtc({ year, month, day }, zone);
  };
  switch (due) {
    case undefined:
      return { to: start(addDays(today, 1)) };
    case 'today':
      return { from: start(today), to: start(addDays(today, 1)) };
    case 'tomorrow':
      return { from: start(addDays(today, 1)), to: start(addDays(today, 2)) };
    case 'week':
      return { to: start(addDays(today, 7)) };
    case 'overdue':
      return { to: now };
    default:
      if (!isValidDate(due)) throw usageError('followups.error.bad_due', { value: due });
      return { from: start(due), to: start(addDays(due, 1)) };
  }
}

export function listFollowups(db: Db, actor: User, opts: ListOptions): FollowupRow[] {
  const zone = zoneOf(db, actor);
  const repIds = repScope(db, actor, opts);
  const window = dueWindow(opts.due, opts.now, zone);
  let kinds: FollowupKind[] | undefined;
  if (opts.kind) {
    if (!(KIND_CHOICES as readonly string[]).includes(opts.kind)) throw usageError('followups.error.bad_kind', { kind: opts.kind, kinds: KIND_CHOICES.join(', ') });
    kinds = KIND_GROUPS[opts.kind] ?? [opts.kind as FollowupKind];
  }
  return queryFollowups(db, { repIds, kinds, statuses: opts.includeClosed ? undefined : ['open'], dueFrom: window.from, dueTo: window.to });
}

export function addFollowup(
  db: Db,
  actor: User,
  input: { lead: string; dueAt: number; kind?: string; note?: string | null },
  now: number,
): FollowupRow {
  const kind = (input.kind ?? 'callback') as FollowupKind;
  if (!(KIND_CHOICES as readonly string[]).includes(kind) || kind === 'care') {
    throw usageError('followups.error.bad_kind', { kind, kinds: KIND_CHOICES.filter((k) => k !== 'care').join(', ') });
  }
  return db.write(() => {
    const lead = resolveLead(db, input.lead);
    if (!hasRole(actor, 'lead') && lead.ownerId && lead.ownerId !== actor.id) {
      throw refused('followups.error.not_your_lead', { user: actor.username, lead: lead.name || lead.id });
    }
    const { id } = insertFollowup(db, { leadId: lead.id, repId: actor.id, kind, dueAt: input.dueAt, note: input.note ?? null, actorId: actor.id }, now);
    return findFollowupsByRef(db, id)[0];
  });
}

/** One follow-up the actor may change: unique reference, own unless lead/admin. */
export function getFollowup(db: Db, actor: User, ref: string): FollowupRow {
  const found = findFollowupsByRef(db, ref.trim());
  if (found.length === 0) throw notFound('followups.error.not_found', { id: ref });
  if (found.length > 1) throw usageError('followups.error.ambiguous_id', { id: ref, candidates: found.map((f) => f.id).join(', ') });
  const f = found[0];
  if (!hasRole(actor, 'lead') && f.repId !== actor.id) throw refused('followups.error.not_yours', { user: actor.username, id: f.id });
  return f;
}

function requireOpen(f: FollowupRow): void {
  if (f.status !== 'open') throw invalidInput('followups.error.not_open', { id: f.id, status: f.status });
}

/** Mark done (also used by the session when a call completes a follow-up). */
export function completeFollowup(db: Db, actor: User, ref: string, opts: { note?: string | null; callId?: string | null }, now: number): FollowupRow {
  return db.write(() => {
    const f = getFollowup(db, actor, ref);
    requireOpen(f);
    const change: Parameters<typeof changeFollowup>[2] = { status: 'done', doneAt: now };
    if (opts.note) change.note = f.note ? `${f.note}\n${opts.note}` : opts.note;
    if (opts.callId) change.callId = opts.callId;
    changeFollowup(db, f, change, 'done', actor.id, now);
    return findFollowupsByRef(db, f.id)[0];
  });
}

export function moveFollowup(db: Db, actor: User, ref: string, dueAt: number, action: 'snooze' | 'reschedule', now: number): FollowupRow {
  return db.write(() => {
    const f = getFollowup(db, actor, ref);
    requireOpen(f);
    changeFollowup(db, f, { dueAt }, action, actor.id, now);
    return findFollowupsByRef(db, f.id)[0];
  });
}

/**
 * Snooze by a duration (`--for 2h`): from the later of the due time and now, so a follow-up due
 * tomorrow is never moved earlier by a snooze; rounded to the minute.
 */
export function snoozeFollowupFor(db: Db, actor: User, ref: string, ms: number, now: number): FollowupRow {
  return db.write(() => {
    const f = getFollowup(db, actor, ref);
    requireOpen(f);
    const dueAt = Math.round((Math.max(f.dueAt, now) + ms) / 60_000) * 60_000;
    changeFollowup(db, f, { dueAt }, 'snooze', actor.id, now);
    return findFollowupsByRef(db, f.id)[0];
  });
}

export function cancelFollowup(db: Db, actor: User, ref: string, reason: string | null, now: number): FollowupRow {
  return db.write(() => {
    const f = getFollowup(db, actor, ref);
    requireOpen(f);
    changeFollowup(db, f, { status: 'cancelled' }, 'cancel', actor.id, now, reason ? { reason } : {});
    return findFollowupsByRef(db, f.id)[0];
  });
}

export function followupHistory(db: Db, actor: User, ref: string): { followup: FollowupRow; history: HistoryEntry[] } {
  const f = getFollowup(db, actor, ref);
  return { followup: f, history: followupHistoryOf(db, f.id) };
}
