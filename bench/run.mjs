// `npm run bench [-- NAME…]`: runs every benchmark module (or the named ones) and prints one JSON
// line per figure, then a summary table. Modules: bench/<name>.mjs exporting a default function.
import fs from 'node:fs';
import path from 'node:path';
import { allResults, ROOT } from './lib.mjs';

const wanted = process.argv.slice(2);
const modules = fs
  .readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.mjs') && !['lib.mjs', 'run.mjs'].includes(f))
  .map((f) => f.replace(/\.mjs$/, ''))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort((a, b) => (a === 'startup' ? -1 : b === 'startup' ? 1 : a.localeCompare(b)));

for (const name of modules) {
  console.error(`== bench ${name}`);
  const mod = await import(`./${name}.mjs`);
  await mod.default({});
}
console.log('\nsummary');
console.table(allResults());
