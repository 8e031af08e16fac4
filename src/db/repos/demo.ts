// Writing the demo data set and reading back what the demo command shows.
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { DemoData } from '../../core/demo.js';
import type { Db } from '../client.js';
import { calls, deals, dealStages, dnc, followupHistory, followups, leads, lists, products, scripts, targets, users } from '../schema.js';

function chunks<T>(rows: T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** True when the database holds the demo marker list (so --reset may delete it). */
export function isDemoDatabase(db: Db): boolean {
  return db.orm.select({ id: lists.id }).from(lists).where(eq(lists.kind, 'demo')).get() !== undefined;
}

/** True when someone's data is in the database (any user or lead): the demo must not mix into it. */
export function hasUserData(db: Db): boolean {
  return db.orm.select({ id: leads.id }).from(leads).limit(1).get() !== undefined || db.orm.select({ id: users.id }).from(users).limit(1).get() !== undefined;
}

/** The demo team first (the example scripts are added in a team lead's name). */
export function insertDemoUsers(db: Db, data: DemoData): void {
  const at = data.anchor - 30 * 86_400_000;
  db.orm.insert(users).values(data.users.map((u) => ({ ...u, createdAt: at, updatedAt: at }))).run();
}

/** Insert the rest of the data set, after insertDemoUsers (the caller wraps both in one write transaction). */
export function insertDemoData(db: Db, data: DemoData, scriptIds: Record<string, { id: string; version: number }>): void {
  db.orm.insert(lists).values(data.lists).run();
  db.orm.insert(products).values(data.products).run();
  for (const c of chunks(data.leads)) db.orm.insert(leads).values(c).run();
  for (const c of chunks(data.calls)) {
    db.orm
      .insert(calls)
      .values(
        c.map(({ scriptKey, ...call }) => ({
          ...call,
          scriptId: scriptKey ? (scriptIds[scriptKey]?.id ?? null) : null,
          scriptVersion: scriptKey ? (scriptIds[scriptKey]?.version ?? null) : null,
        })),
      )
      .run();
  }
  for (const c of chunks(data.followups)) db.orm.insert(followups).values(c).run();
  for (const c of chunks(data.followupHistory)) db.orm.insert(followupHistory).values(c).run();
  for (const c of chunks(data.dnc)) db.orm.insert(dnc).values(c).run();
  db.orm.insert(targets).values(data.targets).run();
  for (const c of chunks(data.deals)) db.orm.insert(deals).values(c).run();
  for (const c of chunks(data.dealStages)) db.orm.insert(dealStages).values(c).run();
}

export interface DemoCounts {
  leads: number;
  countries: string[];
  timezones: string[];
  users: number;
  calls: number;
  robotCalls: number;
  followupsOpen: number;
  followupsOverdue: number;
  dnc: number;
  products: number;
  scripts: number;
  deals: number;
  targets: number;
}

export function demoCounts(db: Db, now: number): DemoCounts {
  const one = (q: { c: number } | undefined) => q?.c ?? 0;
  const c = sql<number>`count(*)`.as('c');
  return {
    leads: one(db.orm.select({ c }).from(leads).where(isNull(leads.deletedAt)).get()),
    countries: db.orm.selectDistinct({ v: leads.country }).from(leads).orderBy(asc(leads.country)).all().map((r) => r.v ?? ''),
    timezones: db.orm.selectDistinct({ v: leads.timezone }).from(leads).orderBy(asc(leads.timezone)).all().map((r) => r.v ?? ''),
    users: one(db.orm.select({ c }).from(users).get()),
    calls: one(db.orm.select({ c }).from(calls).where(eq(calls.channel, 'phone')).get()),
    robotCalls: one(db.orm.select({ c }).from(calls).where(eq(calls.channel, 'robot')).get()),
    followupsOpen: one(db.orm.select({ c }).from(followups).where(eq(followups.status, 'open')).get()),
    followupsOverdue: one(db.orm.select({ c }).from(followups).where(and(eq(followups.status, 'open'), lte(followups.dueAt, now))).get()),
    dnc: one(db.orm.select({ c }).from(dnc).where(isNull(dnc.deletedAt)).get()),
    products: one(db.orm.select({ c }).from(products).get()),
    scripts: one(db.orm.select({ c }).from(scripts).get()),
    deals: one(db.orm.select({ c }).from(deals).get()),
    targets: one(db.orm.select({ c }).from(targets).get()),
  };
}
