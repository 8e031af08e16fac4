// Queries of the daily session: today's figures for the summary, targets, deals and history for the
// prep card, the follow-ups a call fulfils, surveys, and a plain fallback queue.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Lead } from '../../core/types.js';
import { newId } from '../../io/ids.js';
import type { Db } from '../client.js';
import { deals, dealStages, followupHistory, leads, surveys, targets } from '../schema.js';
import { toLead } from './leads.js';

export interface DayFigures {
  calls: number;
  conversations: number;
  connected: number;
  talkTimeS: number;
  followupsSet: number;
  dealsOpened: number;
  dealsWon: number;
  revenue: number;
}

/** What the rep did in [from, to): calls by this rep (not robot calls), follow-ups set in their wrap-ups, and deals. */
export function dayFigures(db: Db, repId: string, from: number, to: number): DayFigures {
  const c = db.sqlite
    .prepare(
      `select count(*) as calls,
              coalesce(sum(case when d.conversation = 1 then 1 else 0 end), 0) as conversations,
              coalesce(sum(case when d.connected = 1 then 1 else 0 end), 0) as connected,
              coalesce(sum(c.duration_s), 0) as talk
         from calls c left join dispositions d on d.code = c.disposition
        where c.rep_id = ? and c.channel = 'phone' and c.deleted_at is null and c.started_at >= ? and c.started_at < ?`,
    )
    .get(repId, from, to) as { calls: number; conversations: number; connected: number; talk: number };
  const f = db.sqlite
    .prepare(
      // Follow-ups the rep set in a wrap-up: those of their own phone calls (a robot import's follow-ups have a robot call).
      `select count(*) as n from followups f join calls c on c.id = f.call_id
        where f.rep_id = ? and c.channel = 'phone' and f.deleted_at is null and f.created_at >= ? and f.created_at < ?`,
    )
    .get(repId, from, to) as { n: number };
  const opened = db.sqlite
    .prepare(`select count(*) as n from deals where rep_id = ? and deleted_at is null and created_at >= ? and created_at < ?`)
    .get(repId, from, to) as { n: number };
  const won = db.sqlite
    .prepare(
      `select count(*) as n, coalesce(sum(amount), 0) as revenue from deals
        where rep_id = ? and stage = 'won' and deleted_at is null and closed_at >= ? and closed_at < ?`,
    )
    .get(repId, from, to) as { n: number; revenue: number };
  return {
    calls: c.calls,
    conversations: c.conversations,
    connected: c.connected,
    talkTimeS: c.talk,
    followupsSet: f.n,
    dealsOpened: opened.n,
    dealsWon: won.n,
    revenue: won.revenue,
  };
}

export type TargetMetric = 'calls' | 'conversations' | 'deals' | 'revenue';

export function targetsFor(db: Db, repId: string, period: 'day' | 'week' | 'month'): Partial<Record<TargetMetric, number>> {
  const rows = db.orm
    .select({ metric: targets.metric, value: targets.value })
    .from(targets)
    .where(and(eq(targets.repId, repId), eq(targets.period, period)))
    .all();
  return Object.fromEntries(rows.map((r) => [r.metric, r.value]));
}

export interface DealSummary {
  id: string;
  stage: string;
  amount: number | null;
  currency: string | null;
  productId: string | null;
  createdAt: number;
}

export function dealsForLead(db: Db, leadId: string): DealSummary[] {
  return db.orm
    .select({ id: deals.id, stage: deals.stage, amount: deals.amount, currency: deals.currency, productId: deals.productId, createdAt: deals.createdAt })
    .from(deals)
    .where(and(eq(deals.leadId, leadId), isNull(deals.deletedAt)))
    .orderBy(desc(deals.createdAt))
    .all();
}

export function insertDeal(
  db: Db,
  d: { leadId: string; repId: string; amount: number | null; currency: string | null; productId: string | null; stage: 'new' | 'qualified' | 'proposal' | 'negotiation' | 'won' | 'lost' },
  now: number,
): string {
  const id = newId(now);
  db.orm
    .insert(deals)
    .values({ id, leadId: d.leadId, repId: d.repId, amount: d.amount, currency: d.currency, productId: d.productId, stage: d.stage, closedAt: d.stage === 'won' || d.stage === 'lost' ? now : null, createdAt: now, updatedAt: now })
    .run();
  db.orm.insert(dealStages).values({ id: newId(now), dealId: id, stage: d.stage, actorId: d.repId, at: now, createdAt: now, updatedAt: now }).run();
  return id;
}

export function setDealStage(db: Db, dealId: string, stage: 'new' | 'qualified' | 'proposal' | 'negotiation' | 'won' | 'lost', actorId: string, now: number): void {
  db.orm
    .update(deals)
    .set({ stage, updatedAt: now, closedAt: stage === 'won' || stage === 'lost' ? now : null })
    .where(eq(deals.id, dealId))
    .run();
  db.orm.insert(dealStages).values({ id: newId(now), dealId, stage, actorId, at: now, createdAt: now, updatedAt: now }).run();
}

/** Close the lead's open callbacks that are due by `dueBy` (the call just made fulfils them). */
export function completeDueCallbacks(db: Db, leadId: string, dueBy: number, actorId: string, callId: string, now: number): number {
  const due = db.sqlite
    .prepare(`select id from followups where lead_id = ? and status = 'open' and kind in ('callback', 'robot') and due_at <= ? and deleted_at is null`)
    .all(leadId, dueBy) as { id: string }[];
  const done = db.sqlite.prepare(`update followups set status = 'done', done_at = ?, updated_at = ? where id = ?`);
  for (const f of due) {
    done.run(now, now, f.id);
    db.orm
      .insert(followupHistory)
      .values({ id: newId(now), followupId: f.id, actorId, action: 'done', before: JSON.stringify({ status: 'open' }), after: JSON.stringify({ status: 'done', callId }), createdAt: now, updatedAt: now })
      .run();
  }
  return due.length;
}

export function insertSurvey(db: Db, s: { leadId: string; callId: string; kind: 'csat' | 'nps'; score: number; comment: string | null }, now: number): void {
  db.orm.insert(surveys).values({ id: newId(now), ...s, dealId: null, createdAt: now, updatedAt: now }).run();
}

/**
 * A plain queue for when no ranked queue service is available: the rep's dialable-status leads
 * whose retry delay has passed, by priority, skipping leads claimed by other reps.
 */
export function plainQueue(db: Db, repId: string, now: number, limit: number): Lead[] {
  const rows = db.sqlite
    .prepare(
      `select * from leads
        where owner_id = ? and dnc = 0 and deleted_at is null and status in ('new','contacted','callback','interested')
          and next_eligible_at <= ?
          and (claimed_by is null or claimed_by = ? or claimed_until < ?)
        order by priority desc, next_eligible_at
        limit ?`,
    )
    .all(repId, now, repId, now, limit) as Record<string, unknown>[];
  return rows.map((r) => toLead(snakeToLeadRow(r)));
}

function snakeToLeadRow(r: Record<string, unknown>): typeof leads.$inferSelect {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out as typeof leads.$inferSelect;
}

export interface StoredScriptSource {
  id: string;
  name: string;
  language: string;
  version: number;
  source: string;
}

/** Every live script at its current version, with its source (the session parses and checks it). */
export function currentScriptSources(db: Db): StoredScriptSource[] {
  return db.sqlite
    .prepare(
      `select s.id, s.name, s.language, s.current_version as version, v.source
         from scripts s join script_versions v on v.script_id = s.id and v.version = s.current_version
        where s.deleted_at is null order by s.name`,
    )
    .all() as StoredScriptSource[];
}

export interface ProductRow {
  id: string;
  code: string;
  name: string;
  price: number | null;
  currency: string | null;
  highlights: string;
}

export function liveProducts(db: Db): ProductRow[] {
  return db.sqlite.prepare(`select id, code, name, price, currency, highlights from products where deleted_at is null order by code`).all() as ProductRow[];
}

/** Names of the lead lists by id (the queue filters and shows lists by name). */
export function listNamesById(db: Db): Map<string, string> {
  const rows = db.sqlite.prepare(`select id, name from lists where deleted_at is null`).all() as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The name of one list (null when it is gone). */
export function listNameOf(db: Db, listId: string): string | null {
  const row = db.sqlite.prepare(`select name from lists where id = ? and deleted_at is null`).get(listId) as { name: string } | undefined;
  return row?.name ?? null;
}
