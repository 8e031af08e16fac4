// A process that exits (Ctrl-C's handler calling process.exit) while a statement is still being
// iterated inside a write transaction: no stack trace, and the unfinished transaction is not kept.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { ROOT, tempDir } from '../helpers/cli.js';

describe('closing databases as the process exits', () => {
  it('a connection busy iterating is left to the OS quietly; its uncommitted writes are gone', () => {
    const file = path.join(tempDir(), 'x.db');
    const setup = openDb(file);
    setup.sqlite.exec('create table t (n integer)');
    setup.sqlite.prepare('insert into t (n) select value from json_each(?)').run(JSON.stringify([1, 2, 3]));
    setup.close();
    const script = `
      import { openDb } from './dist/db/client.js';
      const db = openDb(${JSON.stringify(file)});
      db.sqlite.exec('BEGIN IMMEDIATE');
      db.sqlite.exec('insert into t (n) values (99)');
      for (const row of db.sqlite.prepare('select n from t').iterate()) {
        process.exit(130); // what a SIGINT handler does mid-export
      }
    `;
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(130);
    const check = openDb(file);
    expect(check.sqlite.prepare('select count(*) c from t').get()).toEqual({ c: 3 });
    check.close();
  });
});
