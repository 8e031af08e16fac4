// What an import does to a lead that already exists: skip, update (the file's non-empty values
// win) or merge (only empty fields are filled; tags are unioned; custom fields filled).
// The `before` snapshot is what `import rollback` restores.

export type DuplicateMode = 'skip' | 'update' | 'merge';
export const DUPLICATE_MODES: readonly DuplicateMode[] = ['skip', 'update', 'merge'];

/** The lead columns an import may change, as stored (tags and custom are JSON text). */
export interface StoredLeadFields {
  name: string;
  email: string | null;
  company: string | null;
  title: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  timezone: string | null;
  birthday: string | null;
  notes: string | null;
  source: string | null;
  intentGrade: string | null;
  ownerId: string | null;
  tags: string;
  custom: string;
}

export const STORED_FIELDS: readonly (keyof StoredLeadFields)[] = [
  'name',
  'email',
  'company',
  'title',
  'city',
  'region',
  'country',
  'timezone',
  'birthday',
  'notes',
  'source',
  'intentGrade',
  'ownerId',
  'tags',
  'custom',
];

export type IncomingFields = Omit<StoredLeadFields, 'tags' | 'custom'> & { tags: string[]; custom: Record<string, string> };

export interface Change {
  /** Columns to write (only those that differ). */
  patch: Partial<StoredLeadFields>;
  /** The same columns as they were, for rollback. */
  before: Partial<StoredLeadFields>;
}

const empty = (v: string | null | undefined) => v === null || v === undefined || v === '';

/** The change an import makes to an existing lead, or null when nothing would change. */
export function planDuplicate(mode: DuplicateMode, existing: StoredLeadFields, incoming: IncomingFields): Change | null {
  if (mode === 'skip') return null;
  const patch: Partial<StoredLeadFields> = {};
  const before: Partial<StoredLeadFields> = {};
  const set = <K extends keyof StoredLeadFields>(k: K, v: StoredLeadFields[K]) => {
    if (existing[k] === v) return;
    patch[k] = v;
    before[k] = existing[k];
  };
  for (const k of STORED_FIELDS) {
    if (k === 'tags' || k === 'custom') continue;
    const v = incoming[k];
    if (empty(v)) continue;
    if (mode === 'update' || empty(existing[k])) set(k, v as never);
  }
  const oldTags = JSON.parse(existing.tags) as string[];
  if (incoming.tags.length) {
    const tags = mode === 'update' ? incoming.tags : [...oldTags, ...incoming.tags.filter((t) => !oldTags.includes(t))];
    set('tags', JSON.stringify(tags));
  }
  const oldCustom = JSON.parse(existing.custom) as Record<string, string>;
  const custom = { ...oldCustom };
  for (const [k, v] of Object.entries(incoming.custom)) {
    if (empty(v)) continue;
    if (mode === 'update' || empty(custom[k])) custom[k] = v;
  }
  set('custom', JSON.stringify(custom));
  return Object.keys(patch).length ? { patch, before } : null;
}
