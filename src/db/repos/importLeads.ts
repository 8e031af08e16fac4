// The bulk side of imports: one IMMEDIATE transaction spanning the whole file (begun here, fed in
// batches while the file streams, committed or rolled back at the end). New leads are STAGED in a
// TEMP table (no index, appended in file order, many rows per INSERT) while the file streams, and
// merged into `leads` / `lead_phones` at the end by set-based INSERT … SELECT in id order: the
// leads indexes are untouched while the file is read (lookups of existing leads stay cheap) and the
// merge runs inside SQLite without a per-row call. Changes to existing leads (update/merge, DNC
// flags) are rare and written as they come. Plain better-sqlite3 statements: drizzle's per-call
// overhead is 2–6× on this path (ENGINEERING.md).
import type { StoredLeadFields } from '../../core/import/duplicates.js';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../client.js';
import { translateSqliteError } from '../client.js';

/** A new lead as staged: the per-row columns (list, status and time are the import's). */
export interface NewImportLead {
  id: string;
  name: string;
  phone: string | null;
  phoneRaw: string | null;
  phoneExt: string | null;
  phoneType: string | null;
  email: string | null;
  company: string | null;
  title: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  timezone: string | null;
  birthday: string | null;
  source: string | null;
  ownerId: string | null;
  intentGrade: string | null;
  tags: string;
  custom: string;
  notes: string | null;
  dnc: number;
}

export interface NewImportPhone {
  id: string;
  leadId: string;
  phone: string;
  raw: string | null;
  ext: string | null;
  type: string | null;
}

export interface LeadRef {
  id: string;
  /** The lead's rowid: a small integer, for sets of the leads an import touched. */
  rowid: number;
}

export interface ImportTx {
  /** Leads (not deleted) when the import began: 0 lets the hot path skip lookups. */
  readonly existingLeads: number;
  /** A lead present before the import (not deleted) whose main number is this one. */
  findMain(e164: string): LeadRef | undefined;
  /** A lead present before the import (or changed by it) holding this number as an extra one. */
  findExtra(e164: string): LeadRef | undefined;
  findByEmail(email: string): LeadRef | undefined;
  storedFields(leadId: string): (StoredLeadFields & { phone: string | null }) | undefined;
  /** Every number (main and extra) and email of the leads present when the import began. */
  eachExistingKey(fn: (key: string) => void): void;
  /**
   * Stage a new lead; returns its sequence number (1, 2, …). `keys` are all its numbers and its
   * email (for `stagedHas`).
   */
  stageLead(l: NewImportLead, keys: string[]): number;
  /** Stage an extra number of a staged lead. */
  stagePhone(p: NewImportPhone): void;
  /** Whether the staged lead `seq` holds `key` (a number or an email). */
  stagedHas(seq: number, key: string): boolean;
  /** Add a number to an existing lead unless it holds it already; the new lead_phones id, or null. */
  addPhone(p: NewImportPhone, now: number): string | null;
  updateFields(leadId: string, patch: Partial<StoredLeadFields>, now: number): void;
  insertChange(c: { id: string; listId: string; leadId: string; action: 'insert' | 'update' | 'merge'; before: string | null; now: number }): void;
  flagDnc(leadId: string, now: number): void;
  /** Write the staged leads and numbers into leads / lead_phones (before commit). */
  merge(listId: string, now: number): void;
  commit(): void;
  rollback(): void;
}

const COLUMN: Record<keyof StoredLeadFields, string> = {
  name: 'name',
  email: 'email',
  company: 'company',
  title: 'title',
  city: 'city',
  region: 'region',
  country: 'country',
  timezone: 'timezone',
  birthday: 'birthday',
  notes: 'notes',
  source: 'source',
  intentGrade: 'intent_grade',
  ownerId: 'owner_id',
  tags: 'tags',
  custom: 'custom',
};

/** Staged columns, in order (seq first, the keys for `stagedHas` last). */
const STAGE_COLUMNS = [
  'seq',
  'id',
  'name',
  'phone',
  'phone_raw',
  'phone_ext',
  'phone_type',
  'email',
  'company',
  'title',
  'city',
  'region',
  'country',
  'timezone',
  'birthday',
  'source',
  'owner_id',
  'intent_grade',
  'tags',
  'custom',
  'notes',
  'dnc',
  'keys',
] as const;

/** The leads indexes whose keys come in random order (see merge), and the import size that rebuilds them. */
const RANDOM_KEY_INDEXES = ['leads_phone_idx', 'leads_email_idx'];
export const REBUILD_MIN_ROWS = 20_000;

/** Begin the import's IMMEDIATE transaction, create the staging tables, prepare the statements. */
export function beginImport(db: Db): ImportTx {
  const s = db.sqlite;
  try {
    s.exec('BEGIN IMMEDIATE');
  } catch (err) {
    throw translateSqliteError(err, db.path);
  }
  let open = true;
  try {
    // The page cache stays as opened (16 MB): 64 MB measured no faster here (same CPU time for 1M
    // rows, into an empty table or one holding 1M leads) and cost 48 MB of memory. The staging table
    // is written in order and read in order: 4 MB of cache is enough for it.
    s.pragma('temp.cache_size = -4096');
    // TEMP tables live in this connection only and are created inside the transaction: a rollback
    // (or a kill) leaves nothing behind. temp_store stays on file so memory is flat with the file size.
    s.exec(`drop table if exists temp.import_stage_leads; drop table if exists temp.import_stage_phones;
      create temp table import_stage_leads (${STAGE_COLUMNS.map((c) => (c === 'seq' ? 'seq integer primary key' : c)).join(', ')});
      create temp table import_stage_phones (id, lead_id, phone, raw, ext, type);`);
    const existingLeads = (s.prepare('select count(*) from leads where deleted_at is null').pluck().get() as number) ?? 0;
    // Extra numbers are rare: while lead_phones is empty, one index lookup per number is enough.
    let extraNumbers = s.prepare('select exists (select 1 from lead_phones)').pluck().get() === 1;
    const byMain = s.prepare('select id, rowid from leads where phone = ? and deleted_at is null limit 1');
    const byExtra = s.prepare('select l.id, l.rowid from lead_phones p join leads l on l.id = p.lead_id where p.phone = ? and l.deleted_at is null limit 1');
    const byEmail = s.prepare('select id, rowid from leads where email = ? and deleted_at is null limit 1');
    const fields = s.prepare(
      'select name, email, company, title, city, region, country, timezone, birthday, notes, source, intent_grade as intentGrade, owner_id as ownerId, tags, custom, phone from leads where id = ?',
    );
    // One row per INSERT: measured faster here than 64-row multi-VALUES statements (3.3 vs 2.9 s CPU
    // for 800k rows), the binding dominates either way.
    const stageOne = s.prepare(`insert into temp.import_stage_leads values (${STAGE_COLUMNS.map(() => '?').join(', ')})`);
    const phoneOne = s.prepare('insert into temp.import_stage_phones values (?, ?, ?, ?, ?, ?)');
    const stagedRow = s.prepare('select phone, email, keys from temp.import_stage_leads where seq = ?').raw();
    const phoneExists = s.prepare('select 1 from lead_phones where lead_id = ? and phone = ?').pluck();
    const insPhone = s.prepare('insert into lead_phones (id, lead_id, phone, raw, ext, type, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
    const insChange = s.prepare('insert into import_changes (id, list_id, lead_id, action, before, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
    const dnc = s.prepare('update leads set dnc = 1, updated_at = ? where id = ?');
    const updates = new Map<string, BetterSqlite3.Statement<unknown[]>>();

    let seq = 0;

    const finish = (sql: string) => {
      open = false;
      s.exec(sql);
    };

    return {
      existingLeads,
      findMain: (e164) => byMain.get(e164) as LeadRef | undefined,
      findExtra: (e164) => (extraNumbers ? (byExtra.get(e164) as LeadRef | undefined) : undefined),
      findByEmail: (email) => byEmail.get(email) as LeadRef | undefined,
      storedFields: (id) => fields.get(id) as (StoredLeadFields & { phone: string | null }) | undefined,
      eachExistingKey(fn) {
        for (const k of s.prepare('select phone from leads where phone is not null and deleted_at is null').pluck().iterate()) fn(k as string);
        for (const k of s.prepare('select email from leads where email is not null and deleted_at is null').pluck().iterate()) fn(k as string);
        for (const k of s.prepare('select phone from lead_phones').pluck().iterate()) fn(k as string);
      },
      stageLead(l, keys) {
        seq++;
        // Only the keys beyond the main number and the email need storing for stagedHas.
        const more = keys.length > (l.phone ? 1 : 0) + (l.email ? 1 : 0) ? keys.join('\n') : null;
        stageOne.run(seq, l.id, l.name, l.phone, l.phoneRaw, l.phoneExt, l.phoneType, l.email, l.company, l.title, l.city, l.region, l.country, l.timezone, l.birthday, l.source, l.ownerId, l.intentGrade, l.tags, l.custom, l.notes, l.dnc, more);
        return seq;
      },
      stagePhone(p) {
        phoneOne.run(p.id, p.leadId, p.phone, p.raw, p.ext, p.type);
      },
      stagedHas(n, key) {
        const row = stagedRow.get(n) as [string | null, string | null, string | null] | undefined;
        if (!row) return false;
        return row[0] === key || row[1] === key || (row[2] !== null && row[2].split('\n').includes(key));
      },
      addPhone(p, now) {
        if (phoneExists.get(p.leadId, p.phone)) return null;
        insPhone.run(p.id, p.leadId, p.phone, p.raw, p.ext, p.type, now, now);
        extraNumbers = true;
        return p.id;
      },
      updateFields(id, patch, now) {
        const keys = Object.keys(patch) as (keyof StoredLeadFields)[];
        if (!keys.length) return;
        const sig = keys.join(',');
        let st = updates.get(sig);
        if (!st) {
          st = s.prepare<unknown[]>(`update leads set ${keys.map((k) => `${COLUMN[k]} = ?`).join(', ')}, updated_at = ? where id = ?`);
          updates.set(sig, st);
        }
        st.run(...keys.map((k) => patch[k] ?? null), now, id);
      },
      insertChange(c) {
        insChange.run(c.id, c.listId, c.leadId, c.action, c.before, c.now, c.now);
      },
      flagDnc(id, now) {
        dnc.run(now, id);
      },
      merge(listId, now) {
        // In seq order = id order (ids are time-ordered): the primary key, and the indexes whose
        // keys are the same for the whole import (list, owner/status, queue), grow at one place.
        // Numbers and emails land at random places in theirs: when the import is large against the
        // table, dropping those two and building them once after the merge (a sort) is cheaper —
        // 800k rows: 3.3 against 4.5–7.1 s of CPU into an empty table, 4.4 against 8.6 s into one
        // holding 1M leads. Rebuilding all the indexes measured slower. Inside the transaction, so a
        // kill or rollback leaves them as they were.
        const rebuild =
          seq >= REBUILD_MIN_ROWS && seq * 4 >= existingLeads
            ? (s.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'leads' and name in (${RANDOM_KEY_INDEXES.map(() => '?').join(', ')})`).all(...RANDOM_KEY_INDEXES) as { name: string; sql: string }[])
            : [];
        for (const i of rebuild) s.exec(`drop index "${i.name}"`);
        s.prepare(
          `insert into leads (id, name, phone, phone_raw, phone_ext, phone_type, email, company, title, city, region, country, timezone, birthday, source, list_id, owner_id, status, intent_grade, priority, tags, custom, notes, dnc, attempts_total, next_eligible_at, created_at, updated_at)
           select id, name, phone, phone_raw, phone_ext, phone_type, email, company, title, city, region, country, timezone, birthday, source, ?, owner_id, 'new', intent_grade, 0, tags, custom, notes, dnc, 0, 0, ?, ?
           from temp.import_stage_leads order by seq`,
        ).run(listId, now, now);
        s.prepare('insert into lead_phones (id, lead_id, phone, raw, ext, type, created_at, updated_at) select id, lead_id, phone, raw, ext, type, ?, ? from temp.import_stage_phones order by rowid').run(now, now);
        for (const i of rebuild) s.exec(i.sql);
      },
      commit() {
        if (!open) return;
        try {
          finish('drop table temp.import_stage_leads; drop table temp.import_stage_phones; COMMIT');
        } catch (err) {
          if (s.inTransaction) s.exec('ROLLBACK');
          throw translateSqliteError(err, db.path);
        }
      },
      rollback() {
        if (!open) return;
        open = false;
        if (s.inTransaction) s.exec('ROLLBACK');
      },
    };
  } catch (err) {
    if (s.inTransaction) s.exec('ROLLBACK');
    throw translateSqliteError(err, db.path);
  }
}

/** Every number on the DNC list now (the import checks rows against it in memory). */
export function activeDncNumbers(db: Db): Set<string> {
  return new Set(db.sqlite.prepare('select phone from dnc where deleted_at is null').pluck().all() as string[]);
}

/** username → user id, for the owner column and --owner / --assign. */
export function userIdsByName(db: Db): Map<string, string> {
  const rows = db.sqlite.prepare('select username, id from users where deleted_at is null').all() as { username: string; id: string }[];
  return new Map(rows.map((r) => [r.username, r.id]));
}

// ----- rollback -----

/**
 * Key in import_changes.before listing the lead_phones ids an update/merge import added to an
 * existing lead (rollback removes exactly those rows).
 */
export const ADDED_PHONES = '+phones';

export interface RollbackOutcome {
  removed: number;
  keptWithHistory: number;
  restored: number;
  restoreSkipped: number;
  /** Extra numbers an update/merge import had added to existing leads, removed again. */
  phonesRemoved: number;
  callsRemoved: number;
  followupsRemoved: number;
}

/**
 * Undo an import inside the caller's transaction: remove its new leads that have no calls,
 * follow-ups or deals from elsewhere, restore fields changed by update/merge and remove the numbers
 * they added, and remove robot calls (and their follow-ups) the list brought in.
 */
export function rollbackImportRows(db: Db, listId: string, now: number): RollbackOutcome {
  const s = db.sqlite;
  const out: RollbackOutcome = { removed: 0, keptWithHistory: 0, restored: 0, restoreSkipped: 0, phonesRemoved: 0, callsRemoved: 0, followupsRemoved: 0 };
  // Robot calls of this list, and the follow-ups created for them.
  s.prepare("delete from followup_history where followup_id in (select id from followups where call_id in (select id from calls where list_id = ?) and status = 'open')").run(listId);
  out.followupsRemoved = s.prepare("delete from followups where call_id in (select id from calls where list_id = ?) and status = 'open'").run(listId).changes;
  out.callsRemoved = s.prepare("delete from calls where list_id = ? and channel = 'robot'").run(listId).changes;

  // The list's leads without history go, set-based (their extra numbers cascade); the rest stay.
  const total = s.prepare('select count(*) from leads where list_id = ? and deleted_at is null').pluck().get(listId) as number;
  const free = `list_id = ? and deleted_at is null
    and not exists (select 1 from calls c where c.lead_id = leads.id)
    and not exists (select 1 from followups f where f.lead_id = leads.id)
    and not exists (select 1 from deals d where d.lead_id = leads.id)`;
  s.prepare(`delete from import_changes where list_id = ? and lead_id in (select id from leads where ${free})`).run(listId, listId);
  out.removed = s.prepare(`delete from leads where ${free}`).run(listId).changes;
  out.keptWithHistory = total - out.removed;

  const changes = s.prepare("select lead_id as leadId, before from import_changes where list_id = ? and action in ('update','merge') order by id desc").all(listId) as { leadId: string; before: string | null }[];
  const delPhone = s.prepare('delete from lead_phones where id = ? and lead_id = ?');
  for (const c of changes) {
    const before = c.before ? (JSON.parse(c.before) as Partial<StoredLeadFields> & { [ADDED_PHONES]?: string[] }) : {};
    const keys = (Object.keys(before) as (keyof StoredLeadFields)[]).filter((k) => k in COLUMN);
    const phones = before[ADDED_PHONES] ?? [];
    if (!keys.length && !phones.length) continue;
    const exists = s.prepare('select 1 from leads where id = ?').pluck().get(c.leadId);
    if (!exists) {
      out.restoreSkipped++;
      continue;
    }
    for (const id of phones) out.phonesRemoved += delPhone.run(id, c.leadId).changes;
    if (keys.length) {
      s.prepare(`update leads set ${keys.map((k) => `${COLUMN[k]} = ?`).join(', ')}, updated_at = ? where id = ?`).run(...keys.map((k) => before[k] ?? null), now, c.leadId);
    }
    out.restored++;
  }
  return out;
}

// ----- robot calls -----

export interface RobotTx {
  findLeadByPhone(e164: string): { id: string; ownerId: string | null; timezone: string | null; tags: string; status: string } | undefined;
  insertLead(l: { id: string; name: string; phone: string; phoneRaw: string; phoneType: string | null; country: string | null; timezone: string | null; listId: string; now: number }): void;
  /** False when a call with this external key exists already (idempotent re-import). */
  insertCall(c: {
    id: string;
    leadId: string;
    startedAt: number;
    durationS: number;
    disposition: string;
    hungUpBy: string | null;
    intentGrade: string | null;
    rounds: number | null;
    summary: string | null;
    notes: string | null;
    recordingUrl: string | null;
    externalKey: string;
    listId: string;
    answers: string;
    now: number;
  }): boolean;
  setLead(id: string, patch: { intentGrade?: string; status?: string; tags?: string }, now: number): void;
}

export function robotStatements(db: Db): RobotTx {
  const s = db.sqlite;
  const find = s.prepare(
    `select id, owner_id as ownerId, timezone, tags, status from leads where deleted_at is null and (phone = ? or id in (select lead_id from lead_phones where phone = ?)) order by created_at limit 1`,
  );
  const insLead = s.prepare(
    `insert into leads (id, name, phone, phone_raw, phone_type, country, timezone, list_id, status, priority, tags, custom, dnc, attempts_total, next_eligible_at, created_at, updated_at, source)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'new', 0, '[]', '{}', 0, 0, 0, ?, ?, 'robot')`,
  );
  const insCall = s.prepare(
    `insert into calls (id, lead_id, rep_id, channel, started_at, ended_at, duration_s, disposition, notes, answers, etiquette, compliance, hung_up_by, intent_grade, rounds, summary, recording_url, external_key, list_id, created_at, updated_at)
     values (?, ?, null, 'robot', ?, ?, ?, ?, ?, ?, '[]', '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict(external_key) do nothing`,
  );
  return {
    findLeadByPhone: (e164) => find.get(e164, e164) as ReturnType<RobotTx['findLeadByPhone']>,
    insertLead: (l) => {
      insLead.run(l.id, l.name, l.phone, l.phoneRaw, l.phoneType, l.country, l.timezone, l.listId, l.now, l.now);
    },
    insertCall: (c) =>
      insCall.run(c.id, c.leadId, c.startedAt, c.startedAt + c.durationS * 1000, c.durationS, c.disposition, c.notes, c.answers, c.hungUpBy, c.intentGrade, c.rounds, c.summary, c.recordingUrl, c.externalKey, c.listId, c.now, c.now).changes > 0,
    setLead(id, patch, now) {
      const keys = Object.keys(patch) as (keyof typeof patch)[];
      if (!keys.length) return;
      const col = { intentGrade: 'intent_grade', status: 'status', tags: 'tags' } as const;
      s.prepare<unknown[]>(`update leads set ${keys.map((k) => `${col[k]} = ?`).join(', ')}, updated_at = ? where id = ?`).run(...keys.map((k) => patch[k]), now, id);
    },
  };
}
