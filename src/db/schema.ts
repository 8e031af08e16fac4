// Every table of repdesk, in one file. drizzle-kit generates migrations/ from it.
//
// Conventions (SPEC.md "Storage and identity"):
// - primary keys are ULIDs (sortable text) made by the application, so several machines can merge later;
// - instants are UTC epoch milliseconds (integer); calendar dates are 'YYYY-MM-DD' text;
// - every row has created_at / updated_at; business records are soft-deleted through deleted_at;
// - JSON payloads are text columns holding JSON.
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const stamps = {
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
};

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['rep', 'lead', 'admin'] }).notNull(),
    team: text('team'),
    timezone: text('timezone'),
    lang: text('lang'),
    ...stamps,
    deletedAt: integer('deleted_at'),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username)],
);

/** Configuration values (validated in core/config.ts), stored as JSON text. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  ...stamps,
});

/** One row per import batch (leads, robot results or DNC numbers). */
export const lists = sqliteTable(
  'lists',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['leads', 'robot', 'dnc', 'demo', 'manual'] }).notNull(),
    fileName: text('file_name'),
    sha256: text('sha256'),
    encoding: text('encoding'),
    format: text('format'),
    mapping: text('mapping'),
    counts: text('counts'),
    source: text('source'),
    createdBy: text('created_by').references(() => users.id),
    rolledBackAt: integer('rolled_back_at'),
    ...stamps,
    deletedAt: integer('deleted_at'),
  },
  (t) => [index('lists_name_idx').on(t.name), index('lists_sha_idx').on(t.sha256)],
);

export const leads = sqliteTable(
  'leads',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().default(''),
    /** E.164, null when the lead has only an email or the number is invalid. */
    phone: text('phone'),
    phoneRaw: text('phone_raw'),
    phoneExt: text('phone_ext'),
    phoneType: text('phone_type'),
    email: text('email'),
    company: text('company'),
    title: text('title'),
    city: text('city'),
    region: text('region'),
    country: text('country'),
    /** IANA zone; null means unknown (the dialable rules treat it per policy). */
    timezone: text('timezone'),
    birthday: text('birthday'),
    source: text('source'),
    listId: text('list_id').references(() => lists.id),
    ownerId: text('owner_id').references(() => users.id),
    status: text('status', {
      enum: ['new', 'contacted', 'callback', 'interested', 'customer', 'not_interested', 'invalid', 'closed'],
    })
      .notNull()
      .default('new'),
    intentGrade: text('intent_grade'),
    priority: integer('priority').notNull().default(0),
    tags: text('tags').notNull().default('[]'),
    custom: text('custom').notNull().default('{}'),
    notes: text('notes'),
    consent: text('consent'),
    consentAt: integer('consent_at'),
    dnc: integer('dnc').notNull().default(0),
    attemptsTotal: integer('attempts_total').notNull().default(0),
    lastCallAt: integer('last_call_at'),
    lastDisposition: text('last_disposition'),
    /** Earliest instant the lead may be called again (retry delays); the queue filters on it in SQL. */
    nextEligibleAt: integer('next_eligible_at').notNull().default(0),
    claimedBy: text('claimed_by'),
    claimedUntil: integer('claimed_until'),
    ...stamps,
    deletedAt: integer('deleted_at'),
    erasedAt: integer('erased_at'),
  },
  (t) => [
    index('leads_queue_idx')
      .on(t.ownerId, t.priority, t.nextEligibleAt)
      .where(sql`dnc = 0 and deleted_at is null and status in ('new','contacted','callback','interested')`),
    index('leads_owner_status_idx').on(t.ownerId, t.status, t.nextEligibleAt),
    index('leads_tz_idx').on(t.timezone),
    index('leads_phone_idx').on(t.phone),
    index('leads_email_idx').on(t.email),
    index('leads_list_idx').on(t.listId),
    // Releasing a rep's claims at the end of a session; partial, so it holds only the claimed few.
    index('leads_claimed_by_idx').on(t.claimedBy).where(sql`claimed_by is not null`),
  ],
);

/** Further numbers of a lead (the main one is leads.phone). */
export const leadPhones = sqliteTable(
  'lead_phones',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    raw: text('raw'),
    ext: text('ext'),
    type: text('type'),
    ...stamps,
  },
  (t) => [index('lead_phones_phone_idx').on(t.phone), index('lead_phones_lead_idx').on(t.leadId)],
);

/** What an import did to each lead, so `import rollback` can undo it. */
export const importChanges = sqliteTable(
  'import_changes',
  {
    id: text('id').primaryKey(),
    listId: text('list_id')
      .notNull()
      .references(() => lists.id),
    leadId: text('lead_id').notNull(),
    action: text('action', { enum: ['insert', 'update', 'merge'] }).notNull(),
    /** JSON of the fields as they were before an update/merge. */
    before: text('before'),
    ...stamps,
  },
  (t) => [index('import_changes_list_idx').on(t.listId)],
);

export const importMappings = sqliteTable('import_mappings', {
  name: text('name').primaryKey(),
  mapping: text('mapping').notNull(),
  ...stamps,
});

export const dispositions = sqliteTable('dispositions', {
  code: text('code').primaryKey(),
  labelEn: text('label_en').notNull(),
  labelZhTw: text('label_zh_tw').notNull(),
  labelZhCn: text('label_zh_cn').notNull(),
  hotkey: text('hotkey'),
  connected: integer('connected').notNull().default(0),
  final: integer('final').notNull().default(0),
  retryAfterMin: integer('retry_after_min'),
  conversation: integer('conversation').notNull().default(0),
  requiresFollowup: integer('requires_followup').notNull().default(0),
  addsDnc: integer('adds_dnc').notNull().default(0),
  sort: integer('sort').notNull().default(0),
  ...stamps,
  deletedAt: integer('deleted_at'),
});

export const products = sqliteTable(
  'products',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    price: real('price'),
    currency: text('currency'),
    highlights: text('highlights').notNull().default('[]'),
    faq: text('faq').notNull().default('[]'),
    ...stamps,
    deletedAt: integer('deleted_at'),
  },
  (t) => [uniqueIndex('products_code_uq').on(t.code)],
);

/** A call script; its text lives in script_versions, one row per added version. */
export const scripts = sqliteTable('scripts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  language: text('language').notNull(),
  currentVersion: integer('current_version').notNull(),
  ...stamps,
  deletedAt: integer('deleted_at'),
});

export const scriptVersions = sqliteTable(
  'script_versions',
  {
    id: text('id').primaryKey(),
    scriptId: text('script_id')
      .notNull()
      .references(() => scripts.id),
    version: integer('version').notNull(),
    source: text('source').notNull(),
    sha256: text('sha256').notNull(),
    createdBy: text('created_by'),
    ...stamps,
  },
  (t) => [uniqueIndex('script_versions_uq').on(t.scriptId, t.version)],
);

export const calls = sqliteTable(
  'calls',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    repId: text('rep_id').references(() => users.id),
    channel: text('channel', { enum: ['phone', 'robot'] })
      .notNull()
      .default('phone'),
    scriptId: text('script_id'),
    scriptVersion: integer('script_version'),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    durationS: integer('duration_s').notNull().default(0),
    disposition: text('disposition'),
    notes: text('notes'),
    answers: text('answers').notNull().default('{}'),
    etiquette: text('etiquette').notNull().default('[]'),
    compliance: text('compliance').notNull().default('[]'),
    hungUpBy: text('hung_up_by'),
    intentGrade: text('intent_grade'),
    rounds: integer('rounds'),
    summary: text('summary'),
    recordingUrl: text('recording_url'),
    /** Idempotency key of an imported external call (robot: phone + call time). */
    externalKey: text('external_key'),
    listId: text('list_id'),
    ...stamps,
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    index('calls_lead_idx').on(t.leadId, t.startedAt),
    index('calls_rep_idx').on(t.repId, t.startedAt),
    index('calls_started_idx').on(t.startedAt),
    // Reports: per rep, disposition and day by index seeks, no sort over a month of calls.
    index('calls_report_idx')
      .on(t.repId, t.disposition, t.startedAt, t.durationS)
      .where(sql`channel = 'phone' and deleted_at is null`),
    // Reports: robot calls (grade-A SLA) without visiting every phone call.
    index('calls_robot_idx').on(t.startedAt).where(sql`channel = 'robot'`),
    uniqueIndex('calls_external_uq').on(t.externalKey),
  ],
);

export const followups = sqliteTable(
  'followups',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    repId: text('rep_id').references(() => users.id),
    kind: text('kind', {
      enum: ['callback', 'care', 'birthday', 'holiday', 'checkin', 'survey', 'service', 'robot'],
    }).notNull(),
    dueAt: integer('due_at').notNull(),
    status: text('status', { enum: ['open', 'done', 'cancelled'] })
      .notNull()
      .default('open'),
    note: text('note'),
    callId: text('call_id'),
    /** Makes generated follow-ups (care plan, robot grades) idempotent. */
    dedupeKey: text('dedupe_key'),
    doneAt: integer('done_at'),
    ...stamps,
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    index('followups_rep_due_idx').on(t.repId, t.status, t.dueAt),
    index('followups_lead_idx').on(t.leadId),
    uniqueIndex('followups_dedupe_uq').on(t.dedupeKey),
  ],
);

export const followupHistory = sqliteTable(
  'followup_history',
  {
    id: text('id').primaryKey(),
    followupId: text('followup_id')
      .notNull()
      .references(() => followups.id),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    before: text('before'),
    after: text('after'),
    ...stamps,
  },
  (t) => [index('followup_history_fu_idx').on(t.followupId)],
);

export const dnc = sqliteTable(
  'dnc',
  {
    id: text('id').primaryKey(),
    phone: text('phone').notNull(),
    reason: text('reason'),
    source: text('source'),
    addedBy: text('added_by'),
    listId: text('list_id'),
    ...stamps,
    /** Removal is soft so the history of a number stays explainable. */
    deletedAt: integer('deleted_at'),
  },
  (t) => [uniqueIndex('dnc_phone_uq').on(t.phone)],
);

export const violations = sqliteTable(
  'violations',
  {
    id: text('id').primaryKey(),
    rule: text('rule').notNull(),
    severity: text('severity', { enum: ['low', 'medium', 'high'] }).notNull(),
    leadId: text('lead_id'),
    callId: text('call_id'),
    repId: text('rep_id'),
    detail: text('detail').notNull().default('{}'),
    occurredAt: integer('occurred_at').notNull(),
    ...stamps,
  },
  (t) => [index('violations_at_idx').on(t.occurredAt)],
);

/** Append-only (triggers in the migration refuse UPDATE and DELETE). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    actor: text('actor'),
    action: text('action').notNull(),
    entity: text('entity'),
    entityId: text('entity_id'),
    detail: text('detail').notNull().default('{}'),
    at: integer('at').notNull(),
    ...stamps,
  },
  (t) => [index('audit_at_idx').on(t.at)],
);

/** Unsaved work (wrap-up notes, answers) kept across crashes. One draft per rep and kind. */
export const drafts = sqliteTable(
  'drafts',
  {
    id: text('id').primaryKey(),
    repId: text('rep_id').notNull(),
    kind: text('kind').notNull(),
    leadId: text('lead_id'),
    payload: text('payload').notNull(),
    ...stamps,
  },
  (t) => [uniqueIndex('drafts_rep_kind_uq').on(t.repId, t.kind)],
);

export const deals = sqliteTable(
  'deals',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    repId: text('rep_id'),
    productId: text('product_id'),
    amount: real('amount'),
    currency: text('currency'),
    stage: text('stage', { enum: ['new', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] })
      .notNull()
      .default('new'),
    expectedClose: text('expected_close'),
    closedAt: integer('closed_at'),
    ...stamps,
    deletedAt: integer('deleted_at'),
  },
  (t) => [index('deals_lead_idx').on(t.leadId), index('deals_rep_idx').on(t.repId, t.stage)],
);

export const dealStages = sqliteTable(
  'deal_stages',
  {
    id: text('id').primaryKey(),
    dealId: text('deal_id')
      .notNull()
      .references(() => deals.id),
    stage: text('stage').notNull(),
    actorId: text('actor_id'),
    at: integer('at').notNull(),
    ...stamps,
  },
  (t) => [index('deal_stages_deal_idx').on(t.dealId)],
);

export const surveys = sqliteTable(
  'surveys',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id').notNull(),
    callId: text('call_id'),
    dealId: text('deal_id'),
    kind: text('kind', { enum: ['csat', 'nps'] }).notNull(),
    score: integer('score').notNull(),
    comment: text('comment'),
    ...stamps,
  },
  (t) => [index('surveys_lead_idx').on(t.leadId)],
);

export const targets = sqliteTable(
  'targets',
  {
    id: text('id').primaryKey(),
    repId: text('rep_id')
      .notNull()
      .references(() => users.id),
    period: text('period', { enum: ['day', 'week', 'month'] }).notNull(),
    metric: text('metric', { enum: ['calls', 'conversations', 'deals', 'revenue'] }).notNull(),
    value: real('value').notNull(),
    ...stamps,
  },
  (t) => [uniqueIndex('targets_uq').on(t.repId, t.period, t.metric)],
);
