// The bulk side of imports: one IMMEDIATE transaction spanning the whole file (begun here, fed in
// batches while the file streams, committed or rolled back at the end), reused prepared
// statements for the hot path, and the queries rollback needs. Plain better-sqlite3 statements:
// drizzle's per-call overhead is 2–6× on this path (ENGINEERING.md).
import type { StoredLeadFields } from '../../core/import/duplicates.js';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../client.js';
import { translateSqliteError } from '../client.js';

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
  listId: string;
  ownerId: string | null;
  status: string;
  intentGrade: string | null;
  tags: string;
  custom: string;
  notes: string | null;
  dnc: number;
  now: number;
}

export interface LeadRef {
  id: string;
  listId: string | null;
}

export interface ImportTx {
  /** Leads (not deleted) when the import began: 0 lets the hot path skip lookups. */
  readonly existingLeads: number;
  /** The lead holding this number (main or extra), with the list it came from. */
  findByPhone(e164: string): LeadRef | undefined;
  findByEmail(email: string): LeadRef | undefined;
  storedFields(leadId: string): StoredLeadFields | undefined;
  /** Every number (main and extra) and email of the leads present when the import began. */
  eachExistingKey(fn: (key: string) => void): void;
  insertLead(l: NewImportLead): void;
  insertPhone(p: { id: string; leadId: string; phone: string; raw: string | null; ext: string | null; type: string | null; now: number }): boolean;
  updateFields(leadId: string, patch: Partial<StoredLeadFields>, now: number): void;
  insertChange(c: { id: string; listId: string; leadId: string; action: 'insert' | 'update' | 'merge'; before: string | null; now: number }): void;
  flagDnc(leadId: string, now: number): void;
  /**
   * For large files: drop the leads indexes the import does not read (queue, owner, zone, list)
   * and build them again once at commit — a bulk build is much cheaper than a million live
   * updates. Inside the transaction, so a kill or rollback restores them untouched.
   */
  deferIndexes(): void;
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

/** Begin the import's IMMEDIATE transaction and prepare the statements it needs. */
export function beginImport(db: Db): ImportTx {
  const s = db.sqlite;
  try {
    s.exec('BEGIN IMMEDIATE');
  } catch (err) {
    throw translateSqliteError(err, db.path);
  }
  let open = true;
  try {
    const existingLeads = (s.prepare('select count(*) from leads where deleted_at is null').pluck().get() as number) ?? 0;
    // Extra numbers are rare: while lead_phones is empty, one index lookup per number is enough.
    let extraNumbers = s.prepare('select exists (select 1 from lead_phones)').pluck().get() === 1;
    const byMain = s.prepare('select id, list_id as listId from leads where phone = ? and deleted_at is null limit 1');
    const byExtra = s.prepare('select l.id, l.list_id as listId from lead_phones p join leads l on l.id = p.lead_id where p.phone = ? and l.deleted_at is null limit 1');
    const byEmail = s.prepare('select id, list_id as listId from leads where email = ? and deleted_at is null limit 1');
    const fields = s.prepare(
      'select name, email, company, title, city, region, country, timezone, birthday, notes, source, intent_grade as intentGrade, owner_id as ownerId, tags, custom from leads where id = ?',
    );
    const ins = s.prepare(
      `insert into leads (id, name, phone, phone_raw, phone_ext, phone_type, email, company, title, city, region, country, timezone, birthday, source, list_id, owner_id, status, intent_grade, priority, tags, custom, notes, dnc, attempts_total, next_eligible_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, 0, ?, ?)`,
    );
    const phoneExists = s.prepare('select 1 from lead_phones where lead_id = ? and phone = ?').pluck();
    const insPhone = s.prepare('insert into lead_phones (id, lead_id, phone, raw, ext, type, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
    const insChange = s.prepare('insert into import_changes (id, list_id, lead_id, action, before, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
    const dnc = s.prepare('update leads set dnc = 1, updated_at = ? where id = ?');
    const updates = new Map<string, BetterSqlite3.Statement<unknown[]>>();
    let deferred: { name: string; sql: string }[] = [];
    return {
      existingLeads,
      findByPhone: (e164) => (byMain.get(e164) ?? (extraNumbers ? byExtra.get(e164) : undefined)) as LeadRef | undefined,
      findByEmail: (email) => byEmail.get(email) as LeadRef | undefined,
      storedFields: (id) => fields.get(id) as StoredLeadFields | undefined,
      eachExistingKey(fn) {
        for (const k of s.prepare('select phone from leads where phone is not null and deleted_at is null').pluck().iterate()) fn(k as string);
        for (const k of s.prepare('select email from leads where email is not null and deleted_at is null').pluck().iterate()) fn(k as string);
        for (const k of s.prepare('select phone from lead_phones').pluck().iterate()) fn(k as string);
      },
      insertLead(l) {
        ins.run(l.id, l.name, l.phone, l.phoneRaw, l.phoneExt, l.phoneType, l.email, l.company, l.title, l.city, l.region, l.country, l.timezone, l.birthday, l.source, l.listId, l.ownerId, l.status, l.intentGrade, l.tags, l.custom, l.notes, l.dnc, l.now, l.now);
      },
      insertPhone(p) {
        if (phoneExists.get(p.leadId, p.phone)) return false;
        insPhone.run(p.id, p.leadId, p.phone, p.raw, p.ext, p.type, p.now, p.now);
        extraNumbers = true;
        return true;
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
      deferIndexes() {
        if (deferred.length) return;
        deferred = s
          .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'leads' and sql is not null and name not in ('leads_phone_idx', 'leads_email_idx')")
          .all() as { name: string; sql: string }[];
        for (const i of deferred) s.exec(`drop index "${i.name.replace(/"/g, '""')}"`);
      },
      commit() {
        if (!open) return;
        open = false;
        try {
          for (const i of deferred) s.exec(i.sql);
          s.exec('COMMIT');
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

export interface RollbackOutcome {
  removed: number;
  keptWithHistory: number;
  restored: number;
  restoreSkipped: number;
  callsRemoved: number;
  followupsRemoved: number;
}

/**
 * Undo an import inside the caller's transaction: remove its new leads that have no calls,
 * follow-ups or deals from elsewhere, restore fields changed by update/merge, and remove robot
 * calls (and their follow-ups) the list brought in.
 */
export function rollbackImportRows(db: Db, listId: string, now: number): RollbackOutcome {
  const s = db.sqlite;
  const out: RollbackOutcome = { removed: 0, keptWithHistory: 0, restored: 0, restoreSkipped: 0, callsRemoved: 0, followupsRemoved: 0 };
  // Robot calls of this list, and the follow-ups created for them.
  s.prepare("delete from followup_history where followup_id in (select id from followups where call_id in (select id from calls where list_id = ?) and status = 'open')").run(listId);
  out.followupsRemoved = s.prepare("delete from followups where call_id in (select id from calls where list_id = ?) and status = 'open'").run(listId).changes;
  out.callsRemoved = s.prepare("delete from calls where list_id = ? and channel = 'robot'").run(listId).changes;

  const leads = s.prepare('select id from leads where list_id = ? and deleted_at is null').pluck().all(listId) as string[];
  const busy = s.prepare(
    'select (select count(*) from calls where lead_id = ?) + (select count(*) from followups where lead_id = ?) + (select count(*) from deals where lead_id = ?)',
  ).pluck();
  const del = s.prepare('delete from leads where id = ?');
  const delChanges = s.prepare('delete from import_changes where lead_id = ? and list_id = ?');
  for (const id of leads) {
    if ((busy.get(id, id, id) as number) > 0) {
      out.keptWithHistory++;
      continue;
    }
    delChanges.run(id, listId);
    del.run(id);
    out.removed++;
  }
  const changes = s.prepare("select lead_id as leadId, before from import_changes where list_id = ? and action in ('update','merge') order by id desc").all(listId) as { leadId: string; before: string | null }[];
  for (const c of changes) {
    const before = c.before ? (JSON.parse(c.before) as Partial<StoredLeadFields>) : {};
    const keys = (Object.keys(before) as (keyof StoredLeadFields)[]).filter((k) => k in COLUMN);
    if (!keys.length) continue;
    const exists = s.prepare('select 1 from leads where id = ?').pluck().get(c.leadId);
    if (!exists) {
      out.restoreSkipped++;
      continue;
    }
    s.prepare(`update leads set ${keys.map((k) => `${COLUMN[k]} = ?`).join(', ')}, updated_at = ? where id = ?`).run(...keys.map((k) => before[k] ?? null), now, c.leadId);
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
