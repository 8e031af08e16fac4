import { desc } from 'drizzle-orm';
import type { Severity, Violation } from '../../core/types.js';
import { newId } from '../../io/ids.js';
import type { Db } from '../client.js';
import { violations } from '../schema.js';

export function insertViolation(
  db: Db,
  v: { rule: string; severity: Severity; leadId?: string | null; callId?: string | null; repId?: string | null; detail?: Record<string, unknown>; occurredAt: number },
  now: number,
): string {
  const id = newId(now);
  db.orm
    .insert(violations)
    .values({
      id,
      rule: v.rule,
      severity: v.severity,
      leadId: v.leadId ?? null,
      callId: v.callId ?? null,
      repId: v.repId ?? null,
      detail: JSON.stringify(v.detail ?? {}),
      occurredAt: v.occurredAt,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}

export function listViolations(db: Db, limit = 200): Violation[] {
  return db.orm
    .select()
    .from(violations)
    .orderBy(desc(violations.occurredAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
