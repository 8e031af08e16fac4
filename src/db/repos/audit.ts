// The append-only audit log of sensitive actions (imports, exports, erasures, role changes…).
import { desc } from 'drizzle-orm';
import type { AuditEntry } from '../../core/types.js';
import { newId } from '../../io/ids.js';
import type { Db } from '../client.js';
import { auditLog } from '../schema.js';

export function appendAudit(
  db: Db,
  entry: { actor: string | null; action: string; entity?: string | null; entityId?: string | null; detail?: Record<string, unknown> },
  now: number,
): string {
  const id = newId(now);
  db.orm
    .insert(auditLog)
    .values({
      id,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity ?? null,
      entityId: entry.entityId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      at: now,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}

export function listAudit(db: Db, limit = 100): AuditEntry[] {
  return db.orm
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
