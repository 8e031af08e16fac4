import { and, desc, eq, gte, isNull } from 'drizzle-orm';
import type { Call } from '../../core/types.js';
import type { Db } from '../client.js';
import { calls } from '../schema.js';

export type CallRow = typeof calls.$inferSelect;
export type NewCallRow = typeof calls.$inferInsert;

export function toCall(r: CallRow): Call {
  return {
    id: r.id,
    leadId: r.leadId,
    repId: r.repId,
    channel: r.channel,
    scriptId: r.scriptId,
    scriptVersion: r.scriptVersion,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    durationS: r.durationS,
    disposition: r.disposition,
    notes: r.notes,
    answers: JSON.parse(r.answers) as Record<string, string>,
    etiquette: JSON.parse(r.etiquette) as string[],
    compliance: JSON.parse(r.compliance) as string[],
    hungUpBy: r.hungUpBy,
    intentGrade: r.intentGrade,
    summary: r.summary,
  };
}

export function insertCall(db: Db, row: NewCallRow): void {
  db.orm.insert(calls).values(row).run();
}

/** A lead's calls, newest first (the history timeline and the dialable rules use it). */
export function callsForLead(db: Db, leadId: string, since = 0): Call[] {
  return db.orm
    .select()
    .from(calls)
    .where(and(eq(calls.leadId, leadId), gte(calls.startedAt, since), isNull(calls.deletedAt)))
    .orderBy(desc(calls.startedAt))
    .all()
    .map(toCall);
}
