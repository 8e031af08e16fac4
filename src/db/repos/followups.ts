import { and, asc, eq } from 'drizzle-orm';
import type { Followup, FollowupKind } from '../../core/types.js';
import { newId } from '../../io/ids.js';
import type { Db } from '../client.js';
import { followupHistory, followups } from '../schema.js';

type Row = typeof followups.$inferSelect;

export function toFollowup(r: Row): Followup {
  return {
    id: r.id,
    leadId: r.leadId,
    repId: r.repId,
    kind: r.kind,
    dueAt: r.dueAt,
    status: r.status,
    note: r.note,
    callId: r.callId,
    dedupeKey: r.dedupeKey,
    doneAt: r.doneAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Create a follow-up and its first history entry. With a dedupeKey, an existing one is kept (idempotent). */
export function insertFollowup(
  db: Db,
  f: { leadId: string; repId: string | null; kind: FollowupKind; dueAt: number; note?: string | null; callId?: string | null; dedupeKey?: string | null; actorId?: string | null },
  now: number,
): { id: string; created: boolean } {
  if (f.dedupeKey) {
    const existing = db.orm.select({ id: followups.id }).from(followups).where(eq(followups.dedupeKey, f.dedupeKey)).get();
    if (existing) return { id: existing.id, created: false };
  }
  const id = newId(now);
  db.orm
    .insert(followups)
    .values({
      id,
      leadId: f.leadId,
      repId: f.repId,
      kind: f.kind,
      dueAt: f.dueAt,
      status: 'open',
      note: f.note ?? null,
      callId: f.callId ?? null,
      dedupeKey: f.dedupeKey ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  db.orm
    .insert(followupHistory)
    .values({ id: newId(now), followupId: id, actorId: f.actorId ?? null, action: 'create', before: null, after: JSON.stringify({ dueAt: f.dueAt, kind: f.kind, note: f.note ?? null }), createdAt: now, updatedAt: now })
    .run();
  return { id, created: true };
}

export function openFollowupsForLead(db: Db, leadId: string): Followup[] {
  return db.orm
    .select()
    .from(followups)
    .where(and(eq(followups.leadId, leadId), eq(followups.status, 'open')))
    .orderBy(asc(followups.dueAt))
    .all()
    .map(toFollowup);
}
