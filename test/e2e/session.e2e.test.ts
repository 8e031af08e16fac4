// The real-terminal tests of the session (issue 5): a full call on the demo database, a draft that
// survives SIGKILL, two reps who never open the same lead, and skip reasons, script choice and the
// large number to dial.
import { Database, type SqliteDb } from '../../src/db/sqlite.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { openDb } from '../../src/db/client.js';
import { insertLead } from '../../src/db/repos/leads.js';
import { addUser, initWorkspace } from '../../src/services/users.js';
import { addScript } from '../../src/services/scripts.js';
import { bigDigits } from '../../src/core/sessionDigits.js';
import { lists } from '../../src/db/schema.js';
import { ROOT } from '../helpers/cli.js';
import { hasTmux, startRepdesk, type Term } from './tmux.js';

// Saturday 28 November 2026, 10:00 in Taipei: inside the calling window.
const NOW = '2026-11-28T02:00:00Z';
const terms: Term[] = [];
const start = (...a: Parameters<typeof startRepdesk>) => {
  const t = startRepdesk(...a);
  terms.push(t);
  return t;
};
afterEach(() => {
  while (terms.length) terms.pop()!.kill();
});

/** A small database of unowned (pool) leads in Taipei, reps alice and bob. */
function seedPool(file: string, n = 6): void {
  const db = openDb(file);
  const at = Date.parse(NOW) - 86_400_000;
  initWorkspace(db, { username: 'alice', role: 'rep', country: 'TW', timezone: 'Asia/Taipei', lang: 'en' }, at);
  addUser(db, null, { username: 'bob', role: 'rep', timezone: 'Asia/Taipei', lang: 'en' }, at);
  const names = ['王小明', '陳美玲', '林志豪', '張雅婷', '李建國', '黃淑芬', '吳家豪', '劉怡君'];
  for (let i = 0; i < n; i++) {
    insertLead(db, { id: `01LEAD${i}`, name: names[i], phone: `+88691200000${i}`, timezone: 'Asia/Taipei', country: 'TW', company: `公司${i}`, priority: 100 - i, createdAt: at, updatedAt: at });
  }
  db.close();
}

/** A fresh pool database, a session on it, and a call started on its first lead (王小明, no script). */
async function callOnFirstPoolLead(): Promise<{ db: string; env: Record<string, string>; t: Term }> {
  const dir = tempDir();
  const db = path.join(dir, 'pool.db');
  seedPool(db);
  const env = { REPDESK_NOW: NOW, REPDESK_DATA_DIR: dir };
  const t = start(['--db', db, 'session'], env);
  await t.waitFor('王小明');
  t.send('Enter');
  await t.waitFor('c start call');
  t.send('c');
  await t.waitFor('No script for this call');
  return { db, env, t };
}

describe.runIf(hasTmux())('session in a real terminal (tmux)', () => {
  it('1: a full call on the demo database: choice, objection, Chinese note, callback tomorrow 10:00', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'demo.db');
    const seeded = runCli(['--db', db, 'demo'], { env: { REPDESK_NOW: NOW, REPDESK_DATA_DIR: dir } });
    expect(seeded.code, seeded.stderr).toBe(0);
    // $EDITOR for Ctrl+G: a stand-in that appends a line to the notes file it is given.
    const editor = path.join(dir, 'editor.sh');
    fs.writeFileSync(editor, '#!/bin/sh\necho "長筆記 from the editor" >> "$1"\n', { mode: 0o700 });
    const t = start(['--db', db], { REPDESK_NOW: NOW, REPDESK_DATA_DIR: dir, EDITOR: editor });
    await t.waitFor('Enter open');
    await t.waitFor(/robot grade|callback|new/);
    t.send('Enter');
    await t.waitFor('c start call');
    const name = /│ (\S+)/.exec(t.screen().split('\n')[2])![1];
    t.send('c');
    await t.waitFor('Time 0:0');
    t.send('Enter');
    t.send('Enter');
    await t.waitFor('1-9 choose');
    t.send('1');
    await t.waitFor('o objection');
    t.send('o');
    await t.waitFor('Objections');
    t.send('1');
    await t.waitFor('Esc: back to the script');
    t.send('Escape'); // what the card says works
    await t.waitGone('Esc: back to the script');
    t.send('n');
    await t.waitFor('Enter done');
    t.type('客戶想要報價，下週再聯絡');
    await t.waitFor('客戶想要報價，下週再聯絡');
    t.send('Enter');
    t.send('C-g');
    await t.waitFor('長筆記 from the editor');
    await t.waitFor('Ctrl+G editor'); // the screen is back after the editor
    t.send('x');
    await t.waitFor('Outcome');
    t.send('2');
    t.send('t');
    await t.waitFor('2026-11-29 10:00 lead time');
    t.send('Enter');
    // The script's later etiquette steps were not reached: a conversation is not saved until they are
    // marked done (e) or the customer hung up (h).
    await t.waitFor('Still to do:');
    expect(t.screen()).toContain('press e if you did them');
    t.send('e');
    await t.waitGone('Still to do:');
    t.send('Enter');
    await t.waitFor(`Saved the call with ${name}`);
    t.send('q');
    await t.waitFor('Today, 2026-11-28');
    t.send('q');
    await t.waitExit();

    const NOTE = '客戶想要報價，下週再聯絡\n長筆記 from the editor';
    const list = runCli(['--db', db, '--json', 'followups', 'list', '--due', 'tomorrow'], { env: { REPDESK_NOW: NOW } });
    const sql = new Database(db, { readonly: true });
    const fu = sql
      .prepare(`select f.kind, f.due_at, f.note, l.name from followups f join leads l on l.id = f.lead_id where f.kind = 'callback' and f.created_at >= ?`)
      .all(Date.parse(NOW)) as { kind: string; due_at: number; note: string; name: string }[];
    const call = sql.prepare(`select disposition, notes from calls where notes is not null and channel = 'phone' order by created_at desc limit 1`).get();
    sql.close();
    expect(fu).toEqual([{ kind: 'callback', due_at: Date.parse('2026-11-29T02:00:00Z'), note: NOTE, name }]);
    expect(call).toEqual({ disposition: 'callback_requested', notes: NOTE });
    expect(list.code, list.stderr).toBe(0);
    const mine = list.json<{ lead: { name: string }; kind: string; note: string; due_at: string }[]>().filter((f) => f.note === NOTE);
    expect(mine.map((f) => ({ kind: f.kind, name: f.lead.name, due: f.due_at }))).toEqual([{ kind: 'callback', name, due: '2026-11-29T10:00:00+08:00' }]);
  }, 60_000);

  it('2: SIGKILL while typing a wrap-up note; on restart the draft is offered with the note', async () => {
    const { db, env, t } = await callOnFirstPoolLead();
    t.send('x');
    await t.waitFor('Outcome');
    t.send('n');
    await t.waitFor('Enter done');
    // Type steadily, one character every 100 ms, never pausing: only the once-a-second save can help.
    const text = '客戶說下個月預算會增加希望我們先寄報價單過去再約時間詳談細節謝謝';
    const chars = Array.from(text);
    for (const ch of chars) {
      t.type(ch);
      await new Promise((r) => setTimeout(r, 100));
    }
    await t.waitFor(chars.slice(-3).join(''));
    process.kill(t.pid(), 'SIGKILL');
    await t.waitExit();

    // The restarted session saves drafts only on signals (no timed saves), to prove that path alone.
    const again = start(['--db', db, 'session'], { ...env, REPDESK_DRAFT_PAUSE_MS: '600000', REPDESK_DRAFT_MAX_WAIT_MS: '600000' });
    await again.waitFor('Finish the wrap-up for 王小明');
    const sql = new Database(db, { readonly: true });
    const draft = JSON.parse((sql.prepare(`select payload from drafts`).get() as { payload: string }).payload) as { notes: string };
    sql.close();
    // Everything up to the last second of typing (10 characters at this pace) is there.
    expect(text.startsWith(draft.notes)).toBe(true);
    expect(chars.length - Array.from(draft.notes).length).toBeLessThanOrEqual(12);
    expect(again.screen()).toContain(Array.from(draft.notes).slice(0, 10).join(''));
    again.send('Enter');
    await again.waitFor('Outcome');
    await again.waitFor(`Notes: ${Array.from(draft.notes).slice(0, 10).join('')}`);

    // SIGTERM right after a keystroke (no pause, no second passed): saved synchronously on the way out.
    again.send('n');
    await again.waitFor('Enter done');
    again.type('尾');
    await again.waitFor('尾█');
    process.kill(again.pid(), 'SIGTERM');
    await again.waitExit();
    const sql2 = new Database(db, { readonly: true });
    const after = JSON.parse((sql2.prepare(`select payload from drafts`).get() as { payload: string }).payload) as { notes: string };
    sql2.close();
    expect(after.notes).toBe(draft.notes + '尾');
  });

  it('5: Ctrl+C in a call keeps it and says so; the restarted session cannot throw it away, only wrap it up', async () => {
    const { db, env, t } = await callOnFirstPoolLead();
    t.send('C-c');
    await t.waitExit();
    expect(t.screen()).toContain('The call with 王小明 is not wrapped up yet. It is kept');

    const again = start(['--db', db, 'session'], env);
    await again.waitFor('Finish the wrap-up for 王小明');
    expect(again.screen()).toContain('it needs an outcome');
    expect(again.screen()).not.toContain('d discard');
    again.send('d');
    again.send('d');
    await new Promise((r) => setTimeout(r, 300));
    expect(again.screen()).toContain('Finish the wrap-up for 王小明');
    again.send('Enter');
    await again.waitFor('Outcome');
    again.send('7');
    again.send('Enter');
    await again.waitFor('Saved the call with 王小明');
    again.send('q');
    await again.waitFor('Today, 2026-11-28');
    again.send('q');
    await again.waitExit();
    const sql = new Database(db, { readonly: true });
    const calls = sql.prepare(`select disposition from calls where channel = 'phone'`).all();
    const audit = sql.prepare(`select count(*) n from audit_log where action = 'call.wrapup'`).get();
    sql.close();
    expect(calls).toEqual([{ disposition: 'no_answer' }]);
    expect(audit).toEqual({ n: 1 });
  }, 60_000);

  it('3: two reps on one database never have the same lead open', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'pool.db');
    seedPool(db);
    const env = { REPDESK_NOW: NOW, REPDESK_DATA_DIR: dir };
    const a = start(['--db', db, '--as', 'alice', 'session'], env);
    const b = start(['--db', db, '--as', 'bob', 'session'], env);
    await a.waitFor('王小明');
    await b.waitFor('王小明');
    // alice opens the top lead; bob's screen still lists it (loaded before) and he tries it too
    a.send('Enter');
    await a.waitFor('c start call');
    expect(a.screen()).toContain('王小明');
    b.send('Enter');
    await b.waitFor('alice has this lead open');
    // bob's refreshed queue no longer offers it; his next open is another lead
    await b.waitGone(/│ 王小明/);
    b.send('Enter');
    await b.waitFor('c start call');
    const bobLead = b.screen().split('\n')[2];
    expect(bobLead).not.toContain('王小明');
    // a third look from bob, with blocked leads shown, explains why 王小明 is missing
    b.send('Escape');
    await b.waitFor('Enter open');
    b.send('b');
    await b.waitFor('opened by another rep');
    // alice finishes: the lead is free again (wrap-up saved; the lead is no longer claimed)
    a.send('c');
    await a.waitFor('x end call');
    a.send('x');
    a.send('7');
    a.send('Enter');
    await a.waitFor('Saved the call with 王小明');
    const sql = new Database(db, { readonly: true });
    expect(sql.prepare(`select claimed_by from leads where name = '王小明'`).get()).toEqual({ claimed_by: null });
    sql.close();
  });

  it('4: a skip with a quick reason is audited; prep offers the list\'s script first, the rep picks another; the number is drawn large', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pool.db');
    seedPool(file);
    {
      const db = openDb(file);
      const at = Date.parse(NOW) - 86_400_000;
      const boss = addUser(db, null, { username: 'boss', role: 'lead', timezone: 'Asia/Taipei', lang: 'en' }, at);
      for (const f of ['sales-en.yaml', 'sales-zh-TW.yaml', 'expo-followup-en.yaml']) {
        expect(addScript(db, boss, fs.readFileSync(path.join(ROOT, 'examples/scripts', f), 'utf8'), at).status).toBe('added');
      }
      db.orm.insert(lists).values({ id: 'LISTEXPO', name: 'Expo 2026', kind: 'leads', createdAt: at, updatedAt: at }).run();
      db.sqlite.prepare(`update leads set list_id = 'LISTEXPO' where id = '01LEAD1'`).run();
      db.close();
    }
    const t = start(['--db', file, 'session'], { REPDESK_NOW: NOW, REPDESK_DATA_DIR: dir });
    await t.waitFor('王小明');
    t.send('s');
    await t.waitFor('Skip 王小明 — why?');
    await t.waitFor('1-4 reason');
    t.send('2');
    await t.waitFor('Skipped 王小明: prepare first');
    await t.waitGone(/│ 王小明/);
    t.send('Enter');
    await t.waitFor('c start call');
    expect(t.screen()).toContain('陳美玲');
    await t.waitFor('CloudLedger — Expo 2026 follow-up v1 (1/3) · for list “Expo 2026”');
    t.send('s');
    await t.waitFor('Scripts for this lead (3), best first:');
    expect(t.screen()).toMatch(/2 雲端帳務方案 — 中小企業首次外撥 v1 · zh-TW · in the lead’s language \(zh-TW\)/);
    t.send('2');
    await t.waitFor('v1 (2/3) · in the lead’s language (zh-TW)');
    t.send('c');
    await t.waitFor('Dial this number:');
    for (const line of bigDigits('+886912000001')!) await t.waitFor(line);
    await t.waitFor('您好'); // the chosen (zh-TW) script is running
    const sql = new Database(file, { readonly: true });
    const audit = sql.prepare(`select actor, entity_id, detail from audit_log where action = 'queue.skip'`).all() as { actor: string; entity_id: string; detail: string }[];
    sql.close();
    expect(audit.map((a) => ({ ...a, detail: JSON.parse(a.detail) as unknown }))).toEqual([
      { actor: 'alice', entity_id: '01LEAD0', detail: expect.objectContaining({ reason: 'prepare first', code: 'prepare' }) },
    ]);
  }, 60_000);
});
