// Basic lead queries shared by every feature. Feature-specific queries (the queue, bulk import,
// exports) live in their own repository files and reuse toLead().
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Lead, LeadStatus } from '../../core/types.js';
import type { Db } from '../client.js';
import { leadPhones, leads } from '../schema.js';

export type LeadRow = typeof leads.$inferSelect;
export type NewLeadRow = typeof leads.$inferInsert;

export function toLead(r: LeadRow): Lead {
  return {
    ...r,
    status: r.status as LeadStatus,
    tags: JSON.parse(r.tags) as string[],
    custom: JSON.parse(r.custom) as Record<string, string>,
    dnc: r.dnc === 1,
  };
}

export function findLeadById(db: Db, id: string): Lead | undefined {
  const r = db.orm.select().from(leads).where(eq(leads.id, id)).get();
  return r ? toLead(r) : undefined;
}

/**
 * Leads having this E.164 number as main or extra phone (not deleted): two index lookups joined
 * with UNION ALL (an OR across the two would scan every lead).
 */
export function findLeadsByPhone(db: Db, e164: string): Lead[] {
  const main = db.orm.select().from(leads).where(and(isNull(leads.deletedAt), eq(leads.phone, e164))).all();
  const extraIds = db.orm.select({ id: leadPhones.leadId }).from(leadPhones).where(eq(leadPhones.phone, e164)).all().map((r) => r.id);
  const seen = new Set(main.map((r) => r.id));
  const extra = extraIds.filter((id) => !seen.has(id));
  const more = extra.length ? db.orm.select().from(leads).where(and(isNull(leads.deletedAt), inArray(leads.id, extra))).all() : [];
  return [...main, ...more].map(toLead);
}

export function findLeadsByEmail(db: Db, email: string): Lead[] {
  return db.orm
    .select()
    .from(leads)
    .where(and(isNull(leads.deletedAt), eq(leads.email, email.toLowerCase())))
    .all()
    .map(toLead);
}

/**
 * Leads named exactly `name`, at most `limit`. Asked before findLeadsByName, so that a lead called
 * 王偉 is found among many 王偉明 and 王偉華 (two scans that stop at `limit` are faster on a large
 * table than one that sorts every match).
 */
export function findLeadsNamed(db: Db, name: string, limit = 10): Lead[] {
  return db.orm.select().from(leads).where(and(isNull(leads.deletedAt), eq(leads.name, name))).limit(limit).all().map(toLead);
}

/** Leads whose name contains `name` as typed (`%` and `_` are not wildcards; ASCII case ignored), at most `limit`. */
export function findLeadsByName(db: Db, name: string, limit = 10): Lead[] {
  const pattern = `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.orm
    .select()
    .from(leads)
    .where(and(isNull(leads.deletedAt), sql`${leads.name} like ${pattern} escape '\\'`))
    .limit(limit)
    .all()
    .map(toLead);
}

export function insertLead(db: Db, row: NewLeadRow): void {
  db.orm.insert(leads).values(row).run();
}

export function updateLead(db: Db, id: string, patch: Partial<NewLeadRow>): void {
  db.orm.update(leads).set(patch).where(eq(leads.id, id)).run();
}

export function countLeads(db: Db): number {
  return db.orm.select({ n: sql<number>`count(*)` }).from(leads).where(isNull(leads.deletedAt)).get()!.n;
}
