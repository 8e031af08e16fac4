// The SessionApi over a real (in-memory) database: what the screens get from the services.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDbWithUser } from '../helpers/db.js';
import { insertLead } from '../../src/db/repos/leads.js';
import { setSetting } from '../../src/db/repos/settings.js';
import { lists } from '../../src/db/schema.js';
import { addUser } from '../../src/services/users.js';
import { createApi } from '../../src/ui/api.js';
import { emptyDraft } from '../../src/services/session.js';
import { addScript } from '../../src/services/scripts.js';
import { listAudit } from '../../src/db/repos/audit.js';
import { ROOT } from '../helpers/cli.js';

const NOW = Date.UTC(2026, 10, 28, 2, 0); // 10:00 Taipei

function setup() {
  const { db, user } = testDbWithUser('rep', 'alice');
  const bob = addUser(db, null, { username: 'bob', role: 'rep', timezone: 'Asia/Taipei' }, NOW);
  db.orm.insert(lists).values({ id: 'LIST1', name: 'Expo 2026', kind: 'leads', createdAt: NOW, updatedAt: NOW }).run();
  const at = NOW - 86_400_000;
  insertLead(db, { id: 'L1', name: '王小明', phone: '+886912000001', timezone: 'Asia/Taipei', country: 'TW', ownerId: user.id, listId: 'LIST1', priority: 50, createdAt: at, updatedAt: at });
  insertLead(db, { id: 'L2', name: 'Liam Clark', phone: '+442079460001', timezone: 'Europe/London', country: 'GB', ownerId: user.id, priority: 40, createdAt: at, updatedAt: at });
  const dialed: string[][] = [];
  const api = createApi({ db, rep: user, lang: 'en', now: () => NOW, spawnDial: (argv) => dialed.push(argv), runEditor: (file) => fs.appendFileSync(file, 'more from the editor\n') });
  const bobApi = createApi({ db, rep: bob, lang: 'en', now: () => NOW });
  return { db, user, api, bobApi, dialed };
}

describe('createApi', () => {
  it('the ranked queue with reasons, local times, list names; blocked leads only when asked, with why', () => {
    const { api } = setup();
    const rows = api.loadQueue({ includeBlocked: false, limit: 20 });
    expect(rows.map((r) => r.lead.id)).toEqual(['L1']);
    expect(rows[0]).toMatchObject({ localTime: '10:00', inWindow: true, listName: 'Expo 2026', reason: { kind: 'new' }, dialable: { ok: true } });
    const all = api.loadQueue({ includeBlocked: true, limit: 20 });
    const london = all.find((r) => r.lead.id === 'L2')!;
    expect(london).toMatchObject({ localTime: '02:00', inWindow: false, dialable: { ok: false } });
    expect(london.dialable.reasons).toContain('session.why.outside_window');
  });

  it("a lead opened by alice leaves bob's queue; the claim shows who holds it", () => {
    const { db, api, bobApi } = setup();
    db.sqlite.prepare('update leads set owner_id = null').run(); // the shared pool
    expect(bobApi.loadQueue({ includeBlocked: false, limit: 20 }).map((r) => r.lead.id)).toContain('L1');
    expect(api.claim('L1').ok).toBe(true);
    expect(bobApi.loadQueue({ includeBlocked: false, limit: 20 }).map((r) => r.lead.id)).not.toContain('L1');
    expect(bobApi.claim('L1')).toMatchObject({ ok: false, holder: 'alice' });
  });

  it('dial runs dial.command with the number, or reports none configured', () => {
    const { db, api, dialed } = setup();
    expect(api.dial('+886912000001')).toBeNull();
    setSetting(db, 'dial.command', 'softphone --call {phone}', NOW);
    expect(api.dial('+886912000001')).toBe('softphone --call +886912000001');
    expect(dialed).toEqual([['softphone', '--call', '+886912000001']]);
  });

  it('long notes go through the editor and come back', async () => {
    const { api } = setup();
    expect(await api.editText('客戶想要報價')).toBe('客戶想要報價\nmore from the editor');
  });

  it('drafts, wrap-up and summary go through to the database', () => {
    const { api } = setup();
    const lead = api.prep('L1').lead;
    const d = { ...emptyDraft(lead, NOW - 60_000), stage: 'wrapup' as const, endedAt: NOW, notes: '好', disposition: 'no_answer' };
    api.saveDraft(d);
    expect(api.loadDraft()).toMatchObject({ leadId: 'L1', notes: '好' });
    api.saveWrapUp(d);
    expect(api.loadDraft()).toBeNull();
    expect(api.summary()).toMatchObject({ calls: 1, talkTimeS: 60 });
  });

  it('skip records the reason in the audit log', () => {
    const { db, api } = setup();
    api.skip('L1', 'duplicate lead', 'duplicate');
    expect(listAudit(db).filter((a) => a.action === 'queue.skip')).toEqual([
      expect.objectContaining({ actor: 'alice', entityId: 'L1', detail: expect.objectContaining({ reason: 'duplicate lead', code: 'duplicate' }) }),
    ]);
  });

  it("scriptsFor ranks the stored scripts for the lead's list, with why and the product sheet for each", () => {
    const { db, api } = setup();
    const boss = addUser(db, null, { username: 'boss', role: 'lead', timezone: 'Asia/Taipei' }, NOW);
    const en = fs.readFileSync(path.join(ROOT, 'examples/scripts/sales-en.yaml'), 'utf8');
    addScript(db, boss, en, NOW);
    addScript(db, boss, fs.readFileSync(path.join(ROOT, 'examples/scripts/sales-zh-TW.yaml'), 'utf8'), NOW);
    addScript(db, boss, en.replace(/^id: .*$/m, 'id: expo-en').replace(/^name: .*$/m, 'name: Expo follow-up').replace(/^products: .*$/m, 'lists: [Expo 2026]'), NOW);
    const l1 = api.prep('L1').lead;
    expect(api.scriptsFor(l1).map((c) => [c.scriptId, c.match, c.product])).toEqual([
      ['expo-en', { by: 'list', value: 'Expo 2026' }, null],
      ['sales-zh-TW', { by: 'language', value: 'zh-TW' }, null],
      ['sales-en', { by: 'any', value: null }, null],
    ]);
    expect(api.scriptsFor(api.prep('L2').lead).map((c) => c.scriptId)).toEqual(['sales-en', 'expo-en', 'sales-zh-TW']);
  });
});
