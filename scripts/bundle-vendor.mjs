// Bundle the dependencies that ship as hundreds of tiny ES modules (drizzle-orm, date-fns) into a few
// files under dist/vendor/, and point the compiled code at them.
//
// Why: Node 24 re-reads and re-parses a package's package.json for every module it loads from that
// package. drizzle-orm's and date-fns's package.json files are about 180 and 200 KB (huge "exports"
// maps), so on Node 24.21 importing drizzle-orm took 1.3 s and date-fns 3.4 s, against 0.2 and 0.4 s
// on Node 20: every command that opened the database paid it. Bundled, each is one module load.
//
// How: collect every specifier of those packages that the compiled files import (with the names they
// import, so date-fns is tree-shaken), build one esbuild entry per specifier with code splitting (the
// drizzle entries share one copy of drizzle's classes, which its `is()` checks rely on), then rewrite
// the specifiers in dist/ to relative paths. Everything else stays an ordinary external import.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');
const vendorDir = path.join(distDir, 'vendor');
const VENDORED = ['drizzle-orm', 'date-fns'];

const isVendored = (spec) => VENDORED.some((p) => spec === p || spec.startsWith(p + '/'));
// `from 'x'` in static imports/exports and `import('x')` in dynamic ones, as tsc emits them.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"]+)\2/g;
const NAMED_IMPORT = /\bimport\s*\{([^}]*)\}\s*from\s*(['"])([^'"]+)\2/g;

function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === vendorDir ? [] : jsFiles(p);
    return e.name.endsWith('.js') && !e.name.endsWith('.bundle.js') ? [p] : [];
  });
}

const files = jsFiles(distDir).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));

/** specifier -> the names imported from it, or null when something needs the whole module. */
const wanted = new Map();
for (const { text } of files) {
  const rest = text.replace(NAMED_IMPORT, (whole, list, _q, spec) => {
    if (!isVendored(spec)) return whole;
    const names = wanted.has(spec) ? wanted.get(spec) : new Set();
    if (names !== null) for (const n of list.split(',')) if (n.trim()) names.add(n.trim().split(/\s+as\s+/)[0]);
    wanted.set(spec, names);
    return '';
  });
  // Any other use (export … from, import * as, a dynamic import) needs the whole module.
  for (const m of rest.matchAll(SPECIFIER)) if (isVendored(m[3])) wanted.set(m[3], null);
}

const entryName = (spec) => spec.replace(/[^a-zA-Z0-9]+/g, '_');
const ENTRY_NS = 'vendor-entry';
const entries = Object.fromEntries([...wanted.keys()].map((spec) => [entryName(spec), `${ENTRY_NS}:${spec}`]));

fs.rmSync(vendorDir, { recursive: true, force: true });
if (wanted.size > 0) {
  await build({
    entryPoints: entries,
    outdir: vendorDir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'vendor-entries',
        setup(b) {
          b.onResolve({ filter: new RegExp(`^${ENTRY_NS}:`) }, (args) => ({ path: args.path.slice(ENTRY_NS.length + 1), namespace: ENTRY_NS }));
          b.onLoad({ filter: /.*/, namespace: ENTRY_NS }, (args) => {
            const names = wanted.get(args.path);
            const contents = names === null ? `export * from '${args.path}';` : `export { ${[...names].join(', ')} } from '${args.path}';`;
            return { contents, resolveDir: root, loader: 'js' };
          });
          // Only the vendored packages go into the bundle; their own dependencies stay imports.
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.namespace === ENTRY_NS || isVendored(args.path) ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
}

for (const { file, text } of files) {
  const out = text.replace(SPECIFIER, (whole, lead, quote, spec) => {
    if (!isVendored(spec)) return whole;
    let rel = path.relative(path.dirname(file), path.join(vendorDir, `${entryName(spec)}.js`)).split(path.sep).join('/');
    if (!rel.startsWith('.')) rel = './' + rel;
    return `${lead}${quote}${rel}${quote}`;
  });
  if (out !== text) fs.writeFileSync(file, out);
}
