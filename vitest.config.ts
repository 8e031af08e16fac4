import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Binary and tmux tests spawn processes; two cores are all CI has.
    pool: 'forks',
    maxWorkers: 2,
  },
});
