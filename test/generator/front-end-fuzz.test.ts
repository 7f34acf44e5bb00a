/**
 * Property test: whatever the bytes, the front end either accepts the schema or throws one
 * QAPIError with a location; never another exception, never a hang. Inputs are QEMU's real
 * schema files mutated at random (bytes flipped, inserted, deleted, lines duplicated or cut).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QEMU_VERSIONS, dialectFor } from '../../generator/dialect/select.js';
import { loadSchema } from '../../generator/frontend.js';
import { QAPIError } from '../../generator/source/error.js';
import { qemuDir } from '../support/qemu-dir.js';

/** Each release's schemas, and its suite's doc-comment showcase, mutated and read in its dialect. */
const SEED_FILES = ['qapi/job.json', 'qapi/block-export.json', 'qga/qapi-schema.json', 'tests/qapi-schema/doc-good.json'];
const seedsOf = (version: string): Uint8Array[] => SEED_FILES.map((f) => readFileSync(join(qemuDir(version), f)));

const NOTABLE = [0x27, 0x23, 0x7b, 0x7d, 0x5b, 0x5d, 0x3a, 0x2c, 0x0a, 0x09, 0x40, 0x5c, 0x22, 0xff, 0xc3, 0x0d];

type Edit = { at: number; kind: 'flip' | 'insert' | 'delete' | 'dup-line'; byte: number };

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('flip', 'insert', 'delete', 'dup-line'),
  byte: fc.oneof(fc.constantFrom(...NOTABLE), fc.integer({ min: 0, max: 255 })),
});

function mutate(src: Uint8Array, edits: Edit[]): Uint8Array {
  let bytes = Array.from(src);
  for (const e of edits) {
    const at = e.at % (bytes.length + 1);
    if (e.kind === 'flip' && at < bytes.length) bytes[at] = e.byte;
    else if (e.kind === 'insert') bytes.splice(at, 0, e.byte);
    else if (e.kind === 'delete') bytes.splice(at, 1);
    else if (e.kind === 'dup-line') {
      const start = bytes.lastIndexOf(0x0a, at - 1) + 1;
      const end = bytes.indexOf(0x0a, at);
      if (end > start) bytes.splice(start, 0, ...bytes.slice(start, end + 1));
    }
  }
  return Uint8Array.from(bytes);
}

/** Loads `bytes` as main.json in `version`'s dialect; an include of anything else is a missing file. */
function load(bytes: Uint8Array, version: string): void {
  const readFile = (f: string): Uint8Array => {
    if (f === 'main.json') return bytes;
    throw Object.assign(new Error('absent'), { code: 'ENOENT' });
  };
  loadSchema('main.json', readFile, dialectFor(version));
}

for (const version of QEMU_VERSIONS) {
  const seeds = seedsOf(version);
  describe(`${version} front end on mutated schemas`, () => {
    it('accepts or reports a located QAPIError, nothing else', () => {
      fc.assert(
        fc.property(fc.nat(seeds.length - 1), fc.array(editArb, { minLength: 1, maxLength: 6 }), (seed, edits) => {
          const input = mutate(seeds[seed]!, edits);
          try {
            load(input, version);
          } catch (err) {
            expect(err).toBeInstanceOf(QAPIError);
            const text = (err as QAPIError).render();
            expect(text).toMatch(/^(In file included from [^\n]*\n)*(main\.json: In [^\n]*\n)?main\.json:\d+(:\d+)?: /);
          }
        }),
        { numRuns: 300, seed: 20261123 },
      );
    });

    it('survives arbitrary bytes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
          try {
            load(bytes, version);
          } catch (err) {
            expect(err).toBeInstanceOf(QAPIError);
          }
        }),
        { numRuns: 500, seed: 7 },
      );
    });
  });
}
