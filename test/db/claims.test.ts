// Lead claims: what a session takes and gives back, and that giving back does not scan every lead.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { claimHolder, releaseClaimsOf, tryClaim } from '../../src/db/repos/claims.js';
import { insertLead } from '../../src/db/repos/leads.js';
import { leads } from '../../src/db/schema.js';
import { testDb } from '../helpers/db.js';

const NOW = Date.parse('2026-11-28T03:00:00Z');

function seed(n: number) {
  const db = testDb();
  for (let i = 0; i < n; i++) {
    insertLead(db, { id: `L${String(i).padStart(4, '0')}`, name: `Lead ${i}`, phone: `+88691230${String(i).padStart(4, '0')}`, status: 'new', priority: 0, createdAt: NOW, updatedAt: NOW });
  }
  return db;
}

describe('lead claims', () => {
  it('releasing a rep’s claims frees exactly theirs', () => {
    const db = seed(20);
    expect(tryClaim(db, 'L0001', 'rep-a', NOW, NOW + 60_000)).toBe(true);
    expect(tryClaim(db, 'L0002', 'rep-a', NOW, NOW + 60_000)).toBe(true);
    expect(tryClaim(db, 'L0003', 'rep-b', NOW, NOW + 60_000)).toBe(true);
    expect(tryClaim(db, 'L0003', 'rep-a', NOW, NOW + 60_000)).toBe(false);
    expect(releaseClaimsOf(db, 'rep-a')).toBe(2);
    expect(claimHolder(db, 'L0001', NOW)).toBeNull();
    expect(claimHolder(db, 'L0003', NOW)).toEqual({ repId: 'rep-b', until: NOW + 60_000 });
  });

  it('finds a rep’s claims through the partial index, not a scan of all leads', () => {
    const db = seed(5);
    // The statement releaseClaimsOf runs, built the same way.
    const { sql, params } = db.orm.update(leads).set({ claimedBy: null, claimedUntil: null }).where(eq(leads.claimedBy, 'rep-a')).toSQL();
    const plan = (db.sqlite.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/USING INDEX leads_claimed_by_idx/);
  });
});
