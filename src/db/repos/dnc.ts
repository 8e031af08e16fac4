import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { DncEntry } from '../../core/types.js';
import { newId } from '../../io/ids.js';
import type { Db } from '../client.js';
import { dnc, leadPhones, leads } from '../schema.js';

export function findDnc(db: Db, e164: string): DncEntry | undefined {
  const r = db.orm
    .select()
    .from(dnc)
    .where(and(eq(dnc.phone, e164), isNull(dnc.deletedAt)))
    .get();
  return r ? { id: r.id, phone: r.phone, reason: r.reason, source: r.source, addedBy: r.addedBy, createdAt: r.createdAt } : undefined;
}

/**
 * Put a number on the DNC list (or revive a removed entry) and flag every lead holding it,
 * for all reps at once. Returns true when the number was not blocked before.
 */
export function addDnc(
  db: Db,
  entry: { phone: string; reason: string | null; source: string | null; addedBy: string | null; listId?: string | null },
  now: number,
): boolean {
  const existing = db.orm.select().from(dnc).where(eq(dnc.phone, entry.phone)).get();
  let added = false;
  if (!existing) {
    db.orm
      .insert(dnc)
      .values({ id: newId(now), ...entry, listId: entry.listId ?? null, createdAt: now, updatedAt: now })
      .run();
    added = true;
  } else if (existing.deletedAt !== null) {
    db.orm
      .update(dnc)
      .set({ deletedAt: null, reason: entry.reason, source: entry.source, addedBy: entry.addedBy, updatedAt: now })
      .where(eq(dnc.id, existing.id))
      .run();
    added = true;
  }
  const extra = db.orm.select({ id: leadPhones.leadId }).from(leadPhones).where(eq(leadPhones.phone, entry.phone));
  db.orm
    .update(leads)
    .set({ dnc: 1, updatedAt: now })
    .where(or(eq(leads.phone, entry.phone), inArray(leads.id, extra)))
    .run();
  return added;
}
