// Call scripts and their versions. A script's primary key is the id written in its file (`id: sales-en`),
// so a file added again becomes a new version of the same script; old versions are never changed.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client.js';
import { scripts, scriptVersions } from '../schema.js';

export type ScriptRow = typeof scripts.$inferSelect;
export type ScriptVersionRow = typeof scriptVersions.$inferSelect;

export function findScript(db: Db, id: string): ScriptRow | undefined {
  return db.orm
    .select()
    .from(scripts)
    .where(and(eq(scripts.id, id), isNull(scripts.deletedAt)))
    .get();
}

export function listScriptRows(db: Db): ScriptRow[] {
  return db.orm.select().from(scripts).where(isNull(scripts.deletedAt)).orderBy(asc(scripts.id)).all();
}

export function scriptVersion(db: Db, id: string, version: number): ScriptVersionRow | undefined {
  return db.orm
    .select()
    .from(scriptVersions)
    .where(and(eq(scriptVersions.scriptId, id), eq(scriptVersions.version, version)))
    .get();
}

export function versionsOf(db: Db, id: string): Omit<ScriptVersionRow, 'source'>[] {
  return db.orm
    .select({
      id: scriptVersions.id,
      scriptId: scriptVersions.scriptId,
      version: scriptVersions.version,
      sha256: scriptVersions.sha256,
      createdBy: scriptVersions.createdBy,
      createdAt: scriptVersions.createdAt,
      updatedAt: scriptVersions.updatedAt,
    })
    .from(scriptVersions)
    .where(eq(scriptVersions.scriptId, id))
    .orderBy(desc(scriptVersions.version))
    .all();
}

export function insertScriptRow(db: Db, row: { id: string; name: string; language: string; currentVersion: number }, now: number): void {
  db.orm.insert(scripts).values({ ...row, createdAt: now, updatedAt: now }).run();
}

export function updateScriptRow(db: Db, id: string, patch: { name: string; language: string; currentVersion: number }, now: number): void {
  db.orm.update(scripts).set({ ...patch, updatedAt: now }).where(eq(scripts.id, id)).run();
}

export function insertScriptVersion(db: Db, row: { id: string; scriptId: string; version: number; source: string; sha256: string; createdBy: string | null }, now: number): void {
  db.orm.insert(scriptVersions).values({ ...row, createdAt: now, updatedAt: now }).run();
}
