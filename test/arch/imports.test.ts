// The layering rules of ENGINEERING.md, held by reading the imports of every source file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const SRC = path.join(ROOT, 'src');
const layer = (file: string) => path.relative(SRC, file).split(path.sep)[0];

/** Pure libraries core may use: no I/O, no global state. */
const CORE_LIBS = ['@date-fns/tz', 'date-fns', 'libphonenumber-js', 'libphonenumber-js/max', 'yaml', 'zod', 'string-width'];

describe('layering', () => {
  it('core imports only core and pure libraries (no node:, no db, no I/O)', () => {
    const bad: string[] = [];
    for (const f of files(path.join(SRC, 'core'))) {
      for (const spec of imports(f)) {
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(f), spec);
          if (layer(target) !== 'core') bad.push(`${path.relative(ROOT, f)} → ${spec}`);
        } else if (!CORE_LIBS.some((l) => spec === l || spec.startsWith(l + '/'))) {
          bad.push(`${path.relative(ROOT, f)} → ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('only repositories, the client and the schema speak SQL through drizzle or better-sqlite3', () => {
    const bad: string[] = [];
    for (const f of files(SRC)) {
      if (layer(f) === 'db') continue;
      for (const spec of imports(f)) {
        if (spec === 'better-sqlite3' || spec.startsWith('drizzle-orm')) bad.push(`${path.relative(ROOT, f)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the UI never imports repositories or the database client', () => {
    const bad: string[] = [];
    const ui = path.join(SRC, 'ui');
    if (!fs.existsSync(ui)) return;
    for (const f of files(ui)) {
      for (const spec of imports(f)) {
        if (spec.startsWith('.') && layer(path.resolve(path.dirname(f), spec)) === 'db') bad.push(`${path.relative(ROOT, f)} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('non-TUI commands never load ink or react at import time', () => {
    const bad: string[] = [];
    for (const f of files(path.join(SRC, 'cli'))) {
      const src = fs.readFileSync(f, 'utf8');
      if (/^\s*import[^(]*from\s+['"](ink|react|@inkjs\/ui)['"]/m.test(src)) bad.push(path.relative(ROOT, f));
    }
    expect(bad).toEqual([]);
  });

  it('the config key table, loaded by every command through settings, does not load the phone library', () => {
    // libphonenumber's metadata costs about 0.1 s to load; only validating a typed country needs it.
    const deps = (rel: string) => imports(path.join(SRC, rel));
    expect(deps('core/config.ts').filter((s) => s.startsWith('libphonenumber'))).toEqual([]);
    expect(deps('db/repos/settings.ts')).not.toContain('../../core/configValue.js');
  });
});
