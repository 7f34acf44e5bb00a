#!/usr/bin/env node
// Build step before tsc: prints the declarations of contracts/validation-tables.ts and
// contracts/schema-info.ts into generator/backends/typescript/contracts-text.ts, the text the
// TypeScript back end writes into a generated package's qmp-data-types.ts (so the package
// type-checks without qapi-ts, and the one copy of the types stays the contracts' own).
// `--check` exits 1 when the committed file is stale (test/generator/backends/typescript).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONTRACTS = ['validation-tables.ts', 'schema-info.ts'];
const OUTPUT = 'generator/backends/typescript/contracts-text.ts';

/** A contract's declarations: its text after the header comment, which speaks of qapi-ts. */
function body(file) {
  const text = readFileSync(join(root, 'contracts', file), 'utf8');
  return text.slice(text.indexOf('*/\n') + 3).trim();
}

export function contractsText() {
  const text = `// Types of the generated data, printed from qapi-ts's ${CONTRACTS.map((f) => `contracts/${f}`).join(' and ')}.\n\n${CONTRACTS.map(body).join('\n\n')}\n`;
  return `// Written by scripts/contracts-text.js from contracts/ (npm run build): do not edit.\nexport const CONTRACTS_TEXT = ${JSON.stringify(text)};\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = join(root, OUTPUT);
  const fresh = contractsText();
  let current;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (process.argv.includes('--check')) {
    if (current !== fresh) {
      process.stderr.write(`${OUTPUT} is stale: run \`node scripts/contracts-text.js\`\n`);
      process.exit(1);
    }
  } else if (current !== fresh) {
    writeFileSync(file, fresh);
  }
}
