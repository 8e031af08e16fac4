import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setSetting } from '../../src/db/repos/settings.js';
import { insertUser } from '../../src/db/repos/users.js';
import { listAudit } from '../../src/db/repos/audit.js';
import { newId } from '../../src/io/ids.js';
import { addScript, checkSource, getScript, listScripts } from '../../src/services/scripts.js';
import { ROOT } from '../helpers/cli.js';
import { testDbWithUser } from '../helpers/db.js';

const EN = fs.readFileSync(path.join(ROOT, 'examples/scripts/sales-en.yaml'), 'utf8');
const NOW = Date.parse('2026-11-28T03:00:00Z');

describe('scripts service', () => {
  it('adds, versions on change, keeps identical content as it is, audits', () => {
    const { db, user } = testDbWithUser('lead');
    const first = addScript(db, user, EN, NOW);
    expect(first).toMatchObject({ status: 'added', id: 'sales-en', version: 1, previous: null });
    expect(addScript(db, user, EN, NOW + 1)).toMatchObject({ status: 'unchanged', version: 1 });
    const v2 = addScript(db, user, EN.replace('Hello, may I speak', 'Good day, may I speak'), NOW + 2);
    expect(v2).toMatchObject({ status: 'updated', version: 2, previous: 1 });
    // Going back to the first text is a new version too (history is never rewritten).
    expect(addScript(db, user, EN, NOW + 3)).toMatchObject({ status: 'updated', version: 3, previous: 2 });
    expect(listScripts(db)).toEqual([expect.objectContaining({ id: 'sales-en', version: 3, versions: 3, language: 'en' })]);
    expect(getScript(db, 'sales-en', 2).script!.steps[0].text).toContain('Good day');
    expect(getScript(db, 'sales-en').source).toBe(EN);
    expect(listAudit(db).filter((a) => a.action === 'script.add')).toHaveLength(3);
    expect(() => getScript(db, 'nope')).toThrow(expect.objectContaining({ kind: 'not_found', key: 'scripts.error.not_found' }));
    expect(() => getScript(db, 'sales-en', 7)).toThrow(expect.objectContaining({ kind: 'not_found', key: 'scripts.error.no_version' }));
  });

  it('refuses scripts with errors and leaves nothing behind; reps may not add', () => {
    const { db, user } = testDbWithUser('lead');
    const res = addScript(db, user, EN.replace('disposition: wrong_person\n', 'disposition: wrong_persn\n'), NOW);
    expect(res.status).toBe('refused');
    if (res.status === 'refused') expect(res.check.diagnostics.map((d) => d.code)).toEqual(['unknown_disposition']);
    expect(listScripts(db)).toEqual([]);
    const rep = insertUser(db, { id: newId(NOW), username: 'bob', displayName: 'Bob', role: 'rep', team: null, timezone: null, lang: null }, NOW);
    expect(() => addScript(db, rep, EN, NOW)).toThrow(expect.objectContaining({ kind: 'refused' }));
  });

  it('checks with this database’s dispositions and lint settings', () => {
    const { db } = testDbWithUser('lead');
    expect(checkSource(db, EN)).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    setSetting(db, 'lint.extra_phrases', ['bank feeds'], NOW);
    const extra = checkSource(db, EN, 'lint');
    expect(extra.diagnostics.map((d) => [d.code, d.params.phrase])).toEqual([['overpromise', 'bank feeds']]);
    // Without the optional opt-out step, a team that requires one gets an error.
    const noOptOut = EN.replace('    etiquette: opt_out_offer\n', '');
    expect(checkSource(db, noOptOut).ok).toBe(false);
    setSetting(db, 'lint.extra_phrases', [], NOW);
    expect(checkSource(db, noOptOut).ok).toBe(true);
    setSetting(db, 'lint.require_opt_out', true, NOW);
    expect(checkSource(db, noOptOut, 'lint').diagnostics.map((d) => d.code)).toEqual(['missing_opt_out']);
    // validate-only leaves lint findings out, lint-only leaves validation out.
    const both = EN.replace('    next: close_referral\n', '    next: nowhere\n').replace('cut their month-end', 'guaranteed to cut their month-end');
    // (close_referral is reported too: nothing leads to it while "nowhere" cannot be guessed.)
    expect(checkSource(db, both, 'validate').diagnostics.map((d) => d.code)).toEqual(['unknown_step', 'unreachable']);
    expect(checkSource(db, both, 'lint').diagnostics.map((d) => d.code)).toEqual(['overpromise']);
  });

  it('with an unknown key, lint still finds the phrases, and a script with errors is never added', () => {
    const { db, user } = testDbWithUser('lead');
    const text = EN.replace('  - id: greeting\n', '  - id: greeting\n    colour: red\n').replace('cut their month-end', 'guaranteed to cut their month-end');
    expect(checkSource(db, text, 'lint').diagnostics.map((d) => d.code)).toEqual(['unknown_key', 'overpromise']);
    const refused = addScript(db, user, text, NOW);
    expect(refused.status).toBe('refused');
    expect(listScripts(db)).toEqual([]);
  });
});
