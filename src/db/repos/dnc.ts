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

export interface DncBulkEntry {
  phone: string;
  reason: string | null;
  source: string | null;
}

/**
 * `addDnc` for many numbers (import dnc): the same effect, number by number, through prepared
 * statements made once and reused for every row. Call it, and the function it returns, inside one
 * `db.write()` transaction. The function returns true when the number was not blocked before.
 */
export function dncBulkAdder(db: Db, by: { addedBy: string | null; listId: string | null }, now: number): (entry: DncBulkEntry) => boolean {
  const find = db.sqlite.prepare<[string], { id: string; deletedAt: number | null }>('select id, deleted_at as deletedAt from dnc where phone = ?');
  const insert = db.sqlite.prepare('insert into dnc (id, phone, reason, source, added_by, list_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const revive = db.sqlite.prepare('update dnc set deleted_at = null, reason = ?, source = ?, added_by = ?, updated_at = ? where id = ?');
  // The lead holding the number as its main one, then those holding it as a further number.
  const flagMain = db.sqlite.prepare('update leads set dnc = 1, updated_at = ? where phone = ?');
  const flagExtra = db.sqlite.prepare('update leads set dnc = 1, updated_at = ? where id in (select lead_id from lead_phones where phone = ?)');
  return (entry) => {
    const existing = find.get(entry.phone);
    let added = false;
    if (!existing) {
      insert.run(newId(now), entry.phone, entry.reason, entry.source, by.addedBy, by.listId, now, now);
      added = true;
    } else if (existing.deletedAt !== null) {
      revive.run(entry.reason, entry.source, by.addedBy, now, existing.id);
      added = true;
    }
    flagMain.run(now, entry.phone);
    flagExtra.run(now, entry.phone);
    return added;
  };
}
