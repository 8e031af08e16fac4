import { findConfigKey, type ConfigValue } from '../core/config.js';
import { parseConfigValue } from '../core/configValue.js';
import { usageError } from '../core/errors.js';
import type { Db } from '../db/client.js';
import { getSetting, listSettings, setSetting } from '../db/repos/settings.js';
import { appendAudit } from '../db/repos/audit.js';
import { findUserByName } from '../db/repos/users.js';

export function getConfig(db: Db, key: string): ConfigValue | null {
  if (!findConfigKey(key)) parseConfigValue(key, ''); // throws the unknown-key error with the valid keys
  return getSetting(db, key);
}

export function setConfig(db: Db, key: string, raw: string, now: number): ConfigValue {
  const value = parseConfigValue(key, raw);
  if (key === 'user') {
    if (!findUserByName(db, String(value))) throw usageError('user.error.unknown', { user: String(value) });
  }
  db.write(() => {
    setSetting(db, key, value, now);
    appendAudit(db, { actor: null, action: 'config.set', entity: 'setting', entityId: key, detail: { value } }, now);
  });
  return value;
}

export function listConfig(db: Db) {
  return listSettings(db);
}
