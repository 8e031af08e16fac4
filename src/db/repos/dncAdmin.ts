// The do-not-call list beyond adding a number (src/db/repos/dnc.ts): listing, checking, removing,
// and the lead flags that follow a removal.
import type { Db } from '../client.js';

export interface DncRow {
  id: string;
  phone: string;
  reason: string | null;
  source: string | null;
  addedBy: string | null;
  listId: string | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

const COLS = 'id, phone, reason, source, added_by as addedBy, list_id as listId, created_at as createdAt, updated_at as updatedAt, deleted_at as deletedAt';

/** The entry for a number, removed or not (check explains both). */
export function dncEntry(db: Db, e164: string): DncRow | undefined {
  return db.sqlite.prepare(`select ${COLS} from dnc where phone = ?`).get(e164) as DncRow | undefined;
}

export function listDncRows(db: Db, opts: { limit: number; includeRemoved?: boolean }): DncRow[] {
  const where = opts.includeRemoved ? '' : 'where deleted_at is null';
  return db.sqlite.prepare(`select ${COLS} from dnc ${where} order by created_at desc, phone limit ?`).all(opts.limit) as DncRow[];
}

export function countDnc(db: Db): number {
  return db.sqlite.prepare('select count(*) from dnc where deleted_at is null').pluck().get() as number;
}

/**
 * Soft-remove a number and clear the flag of leads that have no other blocked number.
 * Returns the number of leads unflagged.
 */
export function removeDncEntry(db: Db, id: string, phone: string, now: number): number {
  db.sqlite.prepare('update dnc set deleted_at = ?, updated_at = ? where id = ?').run(now, now, id);
  const leads = db.sqlite
    .prepare('select id from leads where dnc = 1 and (phone = ? or id in (select lead_id from lead_phones where phone = ?))')
    .pluck()
    .all(phone, phone) as string[];
  const stillBlocked = db.sqlite
    .prepare(
      'select count(*) from dnc d where d.deleted_at is null and (d.phone = (select phone from leads where id = ?) or d.phone in (select phone from lead_phones where lead_id = ?))',
    )
    .pluck();
  const clear = db.sqlite.prepare('update leads set dnc = 0, updated_at = ? where id = ?');
  let n = 0;
  for (const id of leads) {
    if ((stillBlocked.get(id, id) as number) > 0) continue;
    clear.run(now, id);
    n++;
  }
  return n;
}

/** Leads holding this number (main or extra), for `dnc check`. */
export function leadsWithNumber(db: Db, e164: string): { id: string; name: string; dnc: number }[] {
  return db.sqlite
    .prepare('select id, name, dnc from leads where deleted_at is null and (phone = ? or id in (select lead_id from lead_phones where phone = ?))')
    .all(e164, e164) as { id: string; name: string; dnc: number }[];
}
