import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, QUICK_CHECK_SETTING } from '../../src/db/client.js';
import { tempDir } from '../helpers/cli.js';

const lastCheck = (file: string) => {
  const db = openDb(file, { skipQuickCheck: true });
  const row = db.sqlite.prepare('select value from settings where key = ?').get(QUICK_CHECK_SETTING) as { value: string } | undefined;
  db.close();
  return row ? Number(row.value) : undefined;
};

const setLast = (file: string, at: number) => {
  const db = openDb(file, { skipQuickCheck: true });
  db.sqlite.prepare('update settings set value = ? where key = ?').run(JSON.stringify(at), QUICK_CHECK_SETTING);
  db.close();
};

describe('quick_check on open', () => {
  it('checks a small database on every open without writing anything for it', () => {
    const file = path.join(tempDir(), 'a.db');
    openDb(file).close();
    openDb(file).close();
    expect(lastCheck(file)).toBeUndefined();
  });

  it('checks a large database at most once a day', () => {
    const file = path.join(tempDir(), 'a.db');
    // Every file counts as large with a threshold of 0 bytes: the first open checks and records.
    openDb(file, { quickCheckAlwaysBytes: 0 }).close();
    expect(lastCheck(file)).toBeGreaterThan(0);
    // A check an hour ago is trusted: nothing is checked or recorded.
    const hourAgo = Date.now() - 3600_000;
    setLast(file, hourAgo);
    openDb(file, { quickCheckAlwaysBytes: 0 }).close();
    expect(lastCheck(file)).toBe(hourAgo);
    // A check older than a day is due again, and recorded.
    setLast(file, Date.now() - 25 * 3600_000);
    openDb(file, { quickCheckAlwaysBytes: 0 }).close();
    expect(lastCheck(file)).toBeGreaterThan(hourAgo);
  });

  it('still refuses a corrupt small database, leaving the file untouched', () => {
    const file = path.join(tempDir(), 'a.db');
    const db = openDb(file);
    db.sqlite.exec(
      'create table filler(x); insert into filler select randomblob(3000) from (with recursive c(n) as (select 1 union all select n+1 from c where n < 200) select n from c);',
    );
    db.close();
    const bytes = fs.readFileSync(file);
    // Scribble over a page in the middle of the file (not the header).
    bytes.fill(0x5a, 8192, 8192 + 2048);
    fs.writeFileSync(file, bytes);
    expect(() => openDb(file)).toThrow(/corrupt/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
