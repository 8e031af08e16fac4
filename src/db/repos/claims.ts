// Lead claims: a lead opened in a session is claimed by its rep until an expiry, so that two reps
// on one database never work the same lead. A claim is taken with one conditional UPDATE, which
// SQLite serialises: of two racing reps exactly one sees a changed row.
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../client.js';
import { leads } from '../schema.js';

/** Claim `leadId` for `repId` until `until`, unless another rep holds a live claim. True when claimed. */
export function tryClaim(db: Db, leadId: string, repId: string, now: number, until: number): boolean {
  const res = db.orm
    .update(leads)
    .set({ claimedBy: repId, claimedUntil: until })
    .where(
      and(
        eq(leads.id, leadId),
        or(isNull(leads.claimedBy), eq(leads.claimedBy, repId), isNull(leads.claimedUntil), lt(leads.claimedUntil, now)),
      ),
    )
    .run();
  return res.changes === 1;
}

/** Drop a claim held by this rep (another rep's claim is left alone). */
export function releaseClaim(db: Db, leadId: string, repId: string): void {
  db.orm
    .update(leads)
    .set({ claimedBy: null, claimedUntil: null })
    .where(and(eq(leads.id, leadId), eq(leads.claimedBy, repId)))
    .run();
}

/** Drop every claim this rep holds (end of a session). Returns how many were released. */
export function releaseClaimsOf(db: Db, repId: string): number {
  return db.orm.update(leads).set({ claimedBy: null, claimedUntil: null }).where(eq(leads.claimedBy, repId)).run().changes;
}

/** Who holds a live claim on the lead at `now` (null when free or expired). */
export function claimHolder(db: Db, leadId: string, now: number): { repId: string; until: number } | null {
  const r = db.orm
    .select({ by: leads.claimedBy, until: leads.claimedUntil })
    .from(leads)
    .where(eq(leads.id, leadId))
    .get();
  if (!r || !r.by || r.until === null || r.until < now) return null;
  return { repId: r.by, until: r.until };
}

/** Ids among `leadIds` claimed live by someone other than `repId` (the queue hides them). */
export function claimedByOthers(db: Db, leadIds: string[], repId: string, now: number): Set<string> {
  if (leadIds.length === 0) return new Set();
  const rows = db.sqlite
    .prepare(
      `select id from leads where id in (select value from json_each(?)) and claimed_by is not null and claimed_by <> ? and claimed_until >= ?`,
    )
    .all(JSON.stringify(leadIds), repId, now) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

