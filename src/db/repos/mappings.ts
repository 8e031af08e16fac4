// Named column mappings (`--save-mapping NAME`, `--mapping NAME`).
import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { importMappings } from '../schema.js';

export function saveMapping(db: Db, name: string, mapping: Record<string, string>, now: number): void {
  const value = JSON.stringify(mapping);
  db.orm
    .insert(importMappings)
    .values({ name, mapping: value, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: importMappings.name, set: { mapping: value, updatedAt: now } })
    .run();
}

export function getMapping(db: Db, name: string): Record<string, string> | undefined {
  const r = db.orm.select().from(importMappings).where(eq(importMappings.name, name)).get();
  return r ? (JSON.parse(r.mapping) as Record<string, string>) : undefined;
}

export function listMappingNames(db: Db): string[] {
  return db.orm.select({ name: importMappings.name }).from(importMappings).all().map((r) => r.name);
}
