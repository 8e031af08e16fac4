// Targets per rep (team leads and admins set them; everyone sees their own).
import { notFound, refused, usageError } from '../core/errors.js';
import { requireRole } from '../core/permissions.js';
import type { TargetMetric, TargetPeriod, TargetSet } from '../core/report.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { deleteTarget, listTargets, upsertTarget, type TargetRow } from '../db/repos/targets.js';
import { findUserByName } from '../db/repos/users.js';
import { requireVisible, visibleRepIds } from './scope.js';

export { visibleRepIds };

export const TARGET_PERIODS: readonly TargetPeriod[] = ['day', 'week', 'month'];
export const TARGET_METRICS: readonly TargetMetric[] = ['calls', 'conversations', 'deals', 'revenue'];

export interface TargetChange {
  period: TargetPeriod;
  metric: TargetMetric;
  /** 0 removes the target. */
  value: number;
}

/** Parse a number typed for a target option: a non-negative number (revenue may have decimals). */
export function parseTargetValue(option: string, raw: string, metric: TargetMetric): number {
  const n = Number(raw.replace(/[_,]/g, ''));
  const ok = raw.trim() !== '' && Number.isFinite(n) && n >= 0 && (metric === 'revenue' || Number.isInteger(n)) && n <= 1e12;
  if (!ok) throw usageError('targets.error.bad_value', { option, value: raw });
  return n;
}

export function setTargets(db: Db, actor: User, username: string, changes: TargetChange[], now: number): TargetRow[] {
  requireRole(actor, 'lead', 'targets set');
  if (changes.length === 0) throw usageError('targets.error.nothing');
  const rep = findUserByName(db, username);
  if (!rep) throw notFound('user.error.unknown', { user: username });
  // A team lead sets targets for their team only; a lead without a team for nobody but themself.
  requireVisible(db, actor, rep);
  return db.write(() => {
    for (const c of changes) {
      if (c.value === 0) deleteTarget(db, rep.id, c.period, c.metric);
      else upsertTarget(db, rep.id, c.period, c.metric, c.value, now);
    }
    appendAudit(db, { actor: actor.username, action: 'targets.set', entity: 'user', entityId: rep.id, detail: { rep: rep.username, changes } }, now);
    return listTargets(db, [rep.id]);
  });
}

export function targetsFor(db: Db, actor: User, username?: string): TargetRow[] {
  const scope = visibleRepIds(db, actor);
  if (username) {
    const rep = findUserByName(db, username);
    if (!rep) throw notFound('user.error.unknown', { user: username });
    if (scope && !scope.includes(rep.id)) throw refused('targets.error.not_visible', { user: actor.username, other: rep.username });
    return listTargets(db, [rep.id]);
  }
  return listTargets(db, scope);
}

/** rep id → their targets as a TargetSet (for reports). */
export function targetSets(rows: TargetRow[]): Map<string, TargetSet> {
  const out = new Map<string, TargetSet>();
  for (const r of rows) {
    const set = out.get(r.repId) ?? {};
    (set[r.period] ??= {})[r.metric] = r.value;
    out.set(r.repId, set);
  }
  return out;
}
