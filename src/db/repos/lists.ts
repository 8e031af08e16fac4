// Import batches (the `lists` table): one row per import of leads, robot results or DNC numbers.
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../client.js';
import { lists } from '../schema.js';

export type ListRow = typeof lists.$inferSelect;
export type ListKind = ListRow['kind'];

export function insertList(
  db: Db,
  row: { id: string; name: string; kind: ListKind; fileName: string | null; sha256: string | null; encoding: string | null; format: string | null; mapping: string | null; counts: string | null; source: string | null; createdBy: string | null },
  now: number,
): void {
  db.orm.insert(lists).values({ ...row, createdAt: now, updatedAt: now }).run();
}

export function updateList(db: Db, id: string, patch: Partial<Pick<ListRow, 'sha256' | 'counts' | 'rolledBackAt' | 'encoding' | 'format' | 'mapping'>>, now: number): void {
  db.orm.update(lists).set({ ...patch, updatedAt: now }).where(eq(lists.id, id)).run();
}

/** An earlier import of the same file (same kind and checksum) that is still in effect. */
export function findActiveListBySha(db: Db, kind: ListKind, sha256: string, exceptId?: string): ListRow | undefined {
  return db.orm
    .select()
    .from(lists)
    .where(and(eq(lists.kind, kind), eq(lists.sha256, sha256), isNull(lists.rolledBackAt), isNull(lists.deletedAt)))
    .all()
    .find((l) => l.id !== exceptId);
}

/** By id, or by name (the newest list of that name). */
export function findList(db: Db, nameOrId: string): ListRow | undefined {
  return db.orm
    .select()
    .from(lists)
    .where(and(or(eq(lists.id, nameOrId), eq(lists.name, nameOrId)), isNull(lists.deletedAt)))
    .orderBy(desc(lists.createdAt))
    .get();
}

export function listLists(db: Db, limit = 100): ListRow[] {
  return db.orm.select().from(lists).where(isNull(lists.deletedAt)).orderBy(desc(lists.createdAt)).limit(limit).all();
}
