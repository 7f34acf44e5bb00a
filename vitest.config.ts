import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The examples import the package by its name, as users do (tsconfig.json's `paths` likewise).
  resolve: {
    alias: [
      { find: /^qapi-ts(\/runtime)?$/, replacement: source('./runtime/index.ts') },
      { find: /^qapi-ts\/serve$/, replacement: source('./runtime/serve/index.ts') },
      { find: /^qapi-ts\/generator$/, replacement: source('./generator/generate.ts') },
      { find: /^qapi-ts\/generated\/(.*)$/, replacement: `${source('./generated/')}$1.ts` },
    ],
  },
  test: {
    // The long differential run is not part of `npm test`: `npm run differential`
    // (scripts/differential.js) sets its seeds, and only then is its file included.
    include: process.env['QAPI_DIFFERENTIAL_SEEDS'] === undefined ? ['test/**/*.test.ts'] : ['test/differential/long-run.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
