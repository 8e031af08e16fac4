// Configuration values (the settings table). Values are JSON; validation lives in core/config.ts.
import { eq } from 'drizzle-orm';
import { CONFIG_KEYS, findConfigKey, type ConfigValue } from '../../core/config.js';
import type { Db } from '../client.js';
import { settings } from '../schema.js';

export function getSetting(db: Db, key: string): ConfigValue | null {
  const row = db.orm.select().from(settings).where(eq(settings.key, key)).get();
  if (row) return JSON.parse(row.value) as ConfigValue;
  return findConfigKey(key)?.default ?? null;
}

export function setSetting(db: Db, key: string, value: ConfigValue, now: number): void {
  db.orm
    .insert(settings)
    .values({ key, value: JSON.stringify(value), createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(value), updatedAt: now } })
    .run();
}

export function unsetSetting(db: Db, key: string): void {
  db.orm.delete(settings).where(eq(settings.key, key)).run();
}

/** Every known key with its effective value, plus any stored pattern keys. */
export function listSettings(db: Db): { key: string; value: ConfigValue | null; isDefault: boolean }[] {
  const stored = new Map(db.orm.select().from(settings).all().map((r) => [r.key, JSON.parse(r.value) as ConfigValue]));
  const out = CONFIG_KEYS.filter((d) => !d.pattern).map((d) => ({
    key: d.key,
    value: stored.has(d.key) ? stored.get(d.key)! : d.default,
    isDefault: !stored.has(d.key),
  }));
  for (const [key, value] of stored) {
    // maintenance.* rows are repdesk's own bookkeeping (e.g. the last quick_check), not settings.
    if (key.startsWith('maintenance.')) continue;
    if (!out.some((o) => o.key === key)) out.push({ key, value, isDefault: false });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
