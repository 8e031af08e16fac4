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

/** An import as `repdesk import lists` shows it: who imported it, and how many of its leads remain. */
export interface ListOverview {
  id: string;
  name: string;
  kind: ListKind;
  fileName: string | null;
  sha256: string | null;
  encoding: string | null;
  format: string | null;
  counts: string | null;
  source: string | null;
  createdBy: string | null;
  createdAt: number;
  rolledBackAt: number | null;
  leadsNow: number;
}

/** Imports, newest first (the lead count per list goes through leads_list_idx), and how many there are. */
export function listOverview(db: Db, opts: { kind?: ListKind; limit: number }): { total: number; rows: ListOverview[] } {
  const where = `l.deleted_at is null${opts.kind ? ' and l.kind = @kind' : ''}`;
  const params = { kind: opts.kind ?? null, limit: opts.limit };
  const total = db.sqlite.prepare(`select count(*) from lists l where ${where}`).pluck().get(opts.kind ? { kind: opts.kind } : {}) as number;
  const rows = db.sqlite
    .prepare(
      `select l.id, l.name, l.kind, l.file_name as fileName, l.sha256, l.encoding, l.format, l.counts, l.source,
              u.username as createdBy, l.created_at as createdAt, l.rolled_back_at as rolledBackAt,
              (select count(*) from leads where list_id = l.id and deleted_at is null) as leadsNow
         from lists l left join users u on u.id = l.created_by
        where ${where}
        order by l.created_at desc, l.id desc
        limit @limit`,
    )
    .all(opts.kind ? params : { limit: params.limit }) as ListOverview[];
  return { total, rows };
}
