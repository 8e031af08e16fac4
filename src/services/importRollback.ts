// `repdesk import rollback LIST`: undo an import. New leads without calls, follow-ups or deals
// are removed; fields changed by update/merge are restored and the extra numbers they added removed;
// robot calls of the list are removed; what had to be kept is reported.
import { AppError, notFound } from '../core/errors.js';
import { requireRole } from '../core/permissions.js';
import type { User } from '../core/types.js';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repos/audit.js';
import { rollbackImportRows, type RollbackOutcome } from '../db/repos/importLeads.js';
import { findList, updateList } from '../db/repos/lists.js';

export interface RollbackSummary extends RollbackOutcome {
  list: string;
  list_id: string;
  kind: string;
}

export function rollbackImport(db: Db, actor: User, nameOrId: string, now: number): RollbackSummary {
  requireRole(actor, 'lead', 'import rollback');
  return db.write(() => {
    const list = findList(db, nameOrId);
    if (!list) throw notFound('import.error.no_list', { list: nameOrId });
    if (list.rolledBackAt !== null) throw new AppError('invalid_input', 'import.error.already_rolled_back', { list: list.name, at: new Date(list.rolledBackAt).toISOString() });
    if (list.kind !== 'leads' && list.kind !== 'robot') throw new AppError('invalid_input', 'import.error.rollback_kind', { list: list.name, kind: list.kind });
    const out = rollbackImportRows(db, list.id, now);
    updateList(db, list.id, { rolledBackAt: now }, now);
    appendAudit(db, { actor: actor.username, action: 'import.rollback', entity: 'list', entityId: list.id, detail: { ...out } }, now);
    return { list: list.name, list_id: list.id, kind: list.kind, ...out };
  });
}
