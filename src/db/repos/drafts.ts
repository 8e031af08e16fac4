// Unsaved work kept across crashes: one draft per rep and kind (upserted on every change).
import { and, eq } from 'drizzle-orm';
import { newId } from '../../io/ids.js';
import type { Db } from '../client.js';
import { drafts } from '../schema.js';

export interface DraftRow {
  repId: string;
  kind: string;
  leadId: string | null;
  payload: string;
  updatedAt: number;
}

export function upsertDraft(db: Db, d: { repId: string; kind: string; leadId: string | null; payload: string }, now: number): void {
  db.orm
    .insert(drafts)
    .values({ id: newId(now), repId: d.repId, kind: d.kind, leadId: d.leadId, payload: d.payload, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [drafts.repId, drafts.kind], set: { leadId: d.leadId, payload: d.payload, updatedAt: now } })
    .run();
}

export function findDraft(db: Db, repId: string, kind: string): DraftRow | undefined {
  const r = db.orm
    .select()
    .from(drafts)
    .where(and(eq(drafts.repId, repId), eq(drafts.kind, kind)))
    .get();
  return r ? { repId: r.repId, kind: r.kind, leadId: r.leadId, payload: r.payload, updatedAt: r.updatedAt } : undefined;
}

export function deleteDraft(db: Db, repId: string, kind: string): void {
  db.orm
    .delete(drafts)
    .where(and(eq(drafts.repId, repId), eq(drafts.kind, kind)))
    .run();
}
