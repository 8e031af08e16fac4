import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { localTime } from '../../src/core/time.js';
import { openDb } from '../../src/db/client.js';
import { demoQueue, prepareDemoFile, seedDemo } from '../../src/services/demo.js';
import { tempDir } from '../helpers/cli.js';
import { testDb, testDbWithUser } from '../helpers/db.js';

const NOW = Date.UTC(2026, 10, 28, 9, 0);

describe('seedDemo', () => {
  const db = testDb();
  const first = seedDemo(db, { now: NOW });

  it('fills the database once, with the example scripts, and makes alex the current user', () => {
    expect(first.seeded).toBe(true);
    expect(first.user).toBe('alex');
    expect(first.counts.leads).toBeGreaterThanOrEqual(200);
    expect(first.counts.countries.length).toBeGreaterThanOrEqual(4);
    expect(first.counts.timezones.length).toBeGreaterThanOrEqual(6);
    expect(first.counts).toMatchObject({ users: 4, products: 2, scripts: 2, targets: 12 });
    expect(first.missingScripts).toEqual([]);
    expect(db.sqlite.prepare("select value from settings where key='user'").get()).toEqual({ value: '"alex"' });
    const withScript = db.sqlite.prepare("select count(*) c from calls where channel='phone' and script_id is not null").get() as { c: number };
    expect(withScript.c).toBe(first.counts.calls);
    expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    // Every follow-up has the history `followups history` shows: who created it, and when.
    const noHistory = db.sqlite.prepare("select count(*) from followups f where not exists (select 1 from followup_history h where h.followup_id = f.id and h.action = 'create')").pluck().get();
    expect(noHistory).toBe(0);
    const callback = db.sqlite.prepare("select f.rep_id rep, h.actor_id actor, h.after after, f.due_at due from followups f join followup_history h on h.followup_id = f.id where f.kind = 'callback' limit 1").get() as { rep: string; actor: string; after: string; due: number };
    expect(callback.actor).toBe(callback.rep);
    expect(JSON.parse(callback.after)).toMatchObject({ kind: 'callback', dueAt: callback.due });
    const again = seedDemo(db, { now: NOW + 60_000 });
    expect(again.seeded).toBe(false);
    expect(again.counts.leads).toBe(first.counts.leads);
  });

  it('the queue (buildQueue) holds leads of alex callable now, due callbacks and robot grade A first', () => {
    const q = demoQueue(db, 'alex', NOW);
    expect(q.length).toBe(15);
    const alex = db.sqlite.prepare("select id from users where username='alex'").get() as { id: string };
    for (const r of q) {
      const l = db.sqlite.prepare('select * from leads where id=?').get(r.leadId) as { owner_id: string | null; dnc: number; next_eligible_at: number; timezone: string };
      expect([alex.id, null]).toContain(l.owner_id);
      expect(l.dnc).toBe(0);
      expect(l.next_eligible_at).toBeLessThanOrEqual(NOW);
      const local = localTime(NOW, l.timezone);
      expect(local >= '09:00' && local < '20:00').toBe(true);
      expect(r.localTime).toBe(local);
    }
    const kinds = q.map((r) => r.reason);
    expect(kinds.some((k) => k.startsWith('callback') || k === 'robot_a')).toBe(true);
    const firstPlain = kinds.findIndex((k) => k === 'new' || k === 'retry');
    const lastFollowup = Math.max(...['callback_overdue', 'callback_due', 'robot_a', 'robot_b'].map((k) => kinds.lastIndexOf(k)));
    if (firstPlain >= 0) expect(lastFollowup).toBeLessThan(firstPlain);
    expect(demoQueue(db, 'nobody', NOW)).toEqual([]);
  });

  it('the example scripts are stored through the scripts service, and phone calls name them', () => {
    const ids = (db.sqlite.prepare('select id from scripts order by id').all() as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(['sales-en', 'sales-zh-TW']);
    const used = (db.sqlite.prepare("select distinct script_id s from calls where channel='phone' order by 1").all() as { s: string }[]).map((r) => r.s);
    expect(used).toEqual(['sales-en', 'sales-zh-TW']);
  });

  it('refuses to seed into a database holding someone\'s users or leads', () => {
    expect(() => seedDemo(testDbWithUser().db, { now: NOW })).toThrow(/demo\.error\.not_demo/);
    const other = testDb();
    const user = { id: 'u1' };
    other.sqlite.prepare("insert into users (id, username, display_name, role, created_at, updated_at) values ('u1', 'x', 'x', 'rep', 0, 0)").run();
    other.sqlite
      .prepare("insert into leads (id, name, phone, owner_id, created_at, updated_at) values ('l1', 'Real Customer', '+886912345678', ?, 0, 0)")
      .run(user.id);
    expect(() => seedDemo(other, { now: NOW })).toThrow(AppError);
  });
});

describe('prepareDemoFile', () => {
  it('--reset deletes a demo database, refuses a real one and leaves it untouched', () => {
    const dir = tempDir();
    const demo = path.join(dir, 'demo.db');
    const d = openDb(demo);
    seedDemo(d, { now: NOW });
    d.close();
    prepareDemoFile(demo, true);
    expect(fs.existsSync(demo)).toBe(false);

    const real = path.join(dir, 'real.db');
    const r = openDb(real);
    r.sqlite.prepare("insert into leads (id, name, created_at, updated_at) values ('l1', 'Someone', 0, 0)").run();
    r.close();
    const bytes = fs.readFileSync(real);
    expect(() => prepareDemoFile(real, true)).toThrow(/demo\.error\.not_demo/);
    expect(fs.readFileSync(real).equals(bytes)).toBe(true);
  });
});
