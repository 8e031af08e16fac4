// `repdesk import lists`: the imports made so far (lead lists, robot results, DNC lists), newest
// first, with their counts, who made them, how many of their leads are still there and whether they
// were rolled back: where a team lead finds the name `import rollback` needs.
import type { Db } from '../db/client.js';
import { listOverview, type ListKind } from '../db/repos/lists.js';

export interface ImportListRow {
  id: string;
  name: string;
  kind: ListKind;
  file: string | null;
  sha256: string | null;
  encoding: string | null;
  format: string | null;
  source: string | null;
  created_by: string | null;
  created_at: number;
  rolled_back_at: number | null;
  /** Leads whose list this is, not deleted (robot and DNC lists: leads they created, if any). */
  leads_now: number;
  /** The import's summary counts (rows, inserted, rejected…), as recorded. */
  counts: Record<string, number>;
}

export function importLists(db: Db, opts: { kind?: ListKind; limit: number }): { total: number; rows: ImportListRow[] } {
  const { total, rows } = listOverview(db, opts);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      file: r.fileName,
      sha256: r.sha256,
      encoding: r.encoding,
      format: r.format,
      source: r.source,
      created_by: r.createdBy,
      created_at: r.createdAt,
      rolled_back_at: r.rolledBackAt,
      leads_now: r.leadsNow,
      counts: parseCounts(r.counts),
    })),
  };
}

function parseCounts(text: string | null): Record<string, number> {
  if (!text) return {};
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return {};
  }
}
