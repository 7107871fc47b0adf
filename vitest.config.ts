import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 120_000, // browser tests share two cores with the rest of the suite
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
