// The built program (dist/, made by `npm run build` before the suite) loads the many-module packages
// from dist/vendor bundles, never from node_modules: on Node 24 each of their modules re-parses a
// ~200 KB package.json, which made every command that opens the database a second slower.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const DIST = path.join(ROOT, 'dist');

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

describe('build output', () => {
  it('imports drizzle-orm and date-fns only through dist/vendor', () => {
    const bare = jsFiles(DIST)
      .filter((f) => !f.startsWith(path.join(DIST, 'vendor') + path.sep))
      .flatMap((f) =>
        [...fs.readFileSync(f, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*)['"]((?:drizzle-orm|date-fns)(?:\/[^'"]*)?)['"]/g)].map(
          (m) => `${path.relative(ROOT, f)} → ${m[1]}`,
        ),
      );
    expect(bare).toEqual([]);
    const client = fs.readFileSync(path.join(DIST, 'db', 'client.js'), 'utf8');
    expect(client).toMatch(/from '\.\.\/vendor\/drizzle_orm_better_sqlite3\.js'/);
  });

  it('the vendored modules resolve and share one copy of drizzle', async () => {
    const core = await import(path.join(DIST, 'vendor', 'drizzle_orm.js'));
    const sqlite = await import(path.join(DIST, 'vendor', 'drizzle_orm_sqlite_core.js'));
    const { drizzle } = await import(path.join(DIST, 'vendor', 'drizzle_orm_better_sqlite3.js'));
    const { Database } = await import(path.join(DIST, 'db', 'sqlite.js'));
    const raw = new Database(':memory:');
    raw.exec("CREATE TABLE t (id TEXT); INSERT INTO t VALUES ('a'), ('b')");
    const t = sqlite.sqliteTable('t', { id: sqlite.text('id') });
    // drizzle recognises tables and columns by their classes: with two copies of its internals the
    // query builder would not see `t` as a table nor `t.id` as a column.
    const rows = drizzle(raw).select().from(t).where(core.eq(t.id, 'b')).all();
    expect(rows).toEqual([{ id: 'b' }]);
    raw.close();
    const dates = await import(path.join(DIST, 'vendor', 'date_fns.js'));
    expect(dates.format(new Date(2026, 0, 2), 'yyyy-MM-dd')).toBe('2026-01-02');
  });

  it('loading the session bundle never touches fetch (which would load undici before the first frame)', () => {
    const bundle = path.join(DIST, 'ui', 'tui.bundle.js');
    const probe = `let touched = false;
      Object.defineProperty(globalThis, 'fetch', { configurable: true, get() { touched = true; return undefined; } });
      const tui = await import(${JSON.stringify(bundle)});
      process.stdout.write(JSON.stringify({ touched, render: typeof tui.render }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ touched: false, render: 'function' });
  });
});
