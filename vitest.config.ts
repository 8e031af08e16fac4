import { defineConfig } from 'vitest/config';

// Node 22+ re-parses a package's package.json for every module loaded from it, and drizzle-orm's and
// date-fns's are ~200 KB each with hundreds of modules: importing them natively costs seconds per test
// file there (the built binary avoids it with dist/vendor, see scripts/bundle-vendor.mjs). Letting
// Vite inline them halves the Node 24 suite's import time; on Node 20 native import is faster.
const nodeMajor = Number(process.versions.node.split('.')[0]);
const inlineHeavyPackages = nodeMajor >= 22 ? ['drizzle-orm', 'date-fns'] : [];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Generous: binary tests run dozens of processes, and a loaded 2-core machine can triple their time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Binary and tmux tests spawn processes; two cores are all CI has.
    pool: 'forks',
    maxWorkers: 2,
    server: { deps: { inline: inlineHeavyPackages } },
  },
});
