// Settings: read, change (validated, with the role the key needs), and put back to the default. Every
// change is audited with the user who made it.
import { findConfigKey, type ConfigValue } from '../core/config.js';
import { parseConfigValue, unknownKeyError } from '../core/configValue.js';
import { notFound, usageError } from '../core/errors.js';
import { requireRole } from '../core/permissions.js';
import type { Role, User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { getSetting, listSettings, setSetting, unsetSetting } from '../db/repos/settings.js';
import { appendAudit } from '../db/repos/audit.js';
import { findUserByName } from '../db/repos/users.js';
import { listDispositions } from '../db/repos/dispositions.js';

/**
 * Settings that concern only the person at this machine (any role may change them). Everything else
 * — calling rules, per-country/list policy, the script linter, robot follow-ups, care — applies to
 * the whole team sharing the database, so it needs a team lead or an admin.
 */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set(['user', 'lang', 'timezone', 'country', 'dial.command']);

export function roleNeededFor(key: string): Role {
  return PERSONAL_KEYS.has(key) ? 'rep' : 'lead';
}

function knownKey(key: string): void {
  if (!findConfigKey(key)) throw unknownKeyError(key);
}

export function getConfig(db: Db, key: string): ConfigValue | null {
  knownKey(key);
  return getSetting(db, key);
}

/** The value another key of the same scope has now (stored, or for global keys the default). */
function current(db: Db, key: string): ConfigValue | null {
  return getSetting(db, key);
}

/** Checks that need the rest of the configuration or the database: window order, caps order, dispositions. */
function checkAgainstOthers(db: Db, key: string, value: ConfigValue): void {
  const scope = /^(calling|policy\.(?:country\.[A-Z]{2}|list\.[^.]+))\.(.+)$/.exec(key);
  if (!scope) return;
  const [, prefix, field] = scope;
  // A policy override without its partner is compared with the global value it combines with.
  const partner = (name: string) => current(db, `${prefix}.${name}`) ?? (prefix === 'calling' ? null : current(db, `calling.${name}`));
  if (field === 'window_start' || field === 'window_end') {
    const start = field === 'window_start' ? value : partner('window_start');
    const end = field === 'window_end' ? value : partner('window_end');
    if (typeof start === 'string' && typeof end === 'string' && start >= end) {
      throw usageError('config.error.window_order', { key, value: String(value), start, end });
    }
  }
  if (field === 'daily_cap' || field === 'lifetime_cap') {
    const daily = field === 'daily_cap' ? value : partner('daily_cap');
    const lifetime = field === 'lifetime_cap' ? value : partner('lifetime_cap');
    if (typeof daily === 'number' && typeof lifetime === 'number' && daily > lifetime) {
      throw usageError('config.error.caps_order', { key, value: String(value), daily, lifetime });
    }
  }
  const retry = /^calling\.retry\.(.+)$/.exec(key);
  if (retry) {
    const codes = listDispositions(db).map((d) => d.code);
    if (!codes.includes(retry[1])) throw usageError('config.error.unknown_disposition', { key, disposition: retry[1], codes: codes.join(', ') });
  }
}

/** Change one setting: validated, allowed for the actor's role, audited with the actor. */
export function setConfig(db: Db, actor: User, key: string, raw: string, now: number): ConfigValue {
  const value = parseConfigValue(key, raw);
  requireRole(actor, roleNeededFor(key), `config set ${key}`);
  if (key === 'user') {
    if (!findUserByName(db, String(value))) throw notFound('user.error.unknown', { user: String(value) });
  }
  return db.write(() => {
    checkAgainstOthers(db, key, value);
    const before = current(db, key);
    setSetting(db, key, value, now);
    appendAudit(db, { actor: actor.username, action: 'config.set', entity: 'setting', entityId: key, detail: { value, before } }, now);
    return value;
  });
}

/** Put a setting back to its default (or remove an override). Same roles as `set`; audited. */
export function unsetConfig(db: Db, actor: User, key: string, now: number): { value: ConfigValue | null; changed: boolean } {
  knownKey(key);
  requireRole(actor, roleNeededFor(key), `config unset ${key}`);
  return db.write(() => {
    const def = findConfigKey(key)!;
    const before = current(db, key);
    const stored = listSettings(db).some((r) => r.key === key && !r.isDefault);
    if (stored) {
      // Back to the default must itself be a valid combination (e.g. a window end of 12:00 with the start's default 09:00 is fine,
      // a start of 13:00 with the end's default is not): check the default like a typed value.
      if (def.default !== null) checkAgainstOthers(db, key, def.default);
      unsetSetting(db, key);
      appendAudit(db, { actor: actor.username, action: 'config.unset', entity: 'setting', entityId: key, detail: { before } }, now);
    }
    return { value: getSetting(db, key), changed: stored };
  });
}

export function listConfig(db: Db) {
  return listSettings(db);
}
