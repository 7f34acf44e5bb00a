/**
 * Property test: whatever a reply holds, the introspection front end either builds a model
 * the TypeScript back end prints, or throws one QAPIError; never another exception. Inputs
 * are QEMU 7.2's real reply with entries and fields changed at random (deleted, repointed to
 * another name, swapped, duplicated, given another meta-type).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateFromIntrospection } from '../../../generator/generate.js';
import { QAPIError } from '../../../generator/source/error.js';
import { qemuDir } from '../../support/qemu-dir.js';

type Entry = Record<string, unknown>;
const seed = JSON.parse(readFileSync(join(qemuDir('7.2'), 'introspection/query-qmp-schema.json'), 'utf8')) as Entry[];
const names = seed.map((e) => e['name'] as string);
const KEYS = ['name', 'meta-type', 'arg-type', 'ret-type', 'element-type', 'members', 'tag', 'variants', 'features', 'json-type', 'values'];
const META = ['builtin', 'enum', 'array', 'object', 'alternate', 'command', 'event', 'other'];

type Edit = {
  entry: number;
  kind: 'delete' | 'repoint' | 'drop-key' | 'swap' | 'duplicate' | 'meta' | 'member-type';
  pick: number;
  other: number;
};

const editArb: fc.Arbitrary<Edit> = fc.record({
  entry: fc.nat(),
  kind: fc.constantFrom('delete', 'repoint', 'drop-key', 'swap', 'duplicate', 'meta', 'member-type'),
  pick: fc.nat(),
  other: fc.nat(),
});

function mutate(edits: readonly Edit[]): Entry[] {
  const reply = seed.map((e) => structuredClone(e));
  for (const e of edits) {
    if (reply.length === 0) break;
    const i = e.entry % reply.length;
    const entry = reply[i]!;
    const otherName = names[e.other % names.length]!;
    switch (e.kind) {
      case 'delete':
        reply.splice(i, 1);
        break;
      case 'swap': {
        const j = e.other % reply.length;
        [reply[i], reply[j]] = [reply[j]!, entry];
        break;
      }
      case 'duplicate':
        reply.splice(i, 0, structuredClone(entry));
        break;
      case 'drop-key':
        delete entry[KEYS[e.pick % KEYS.length]!];
        break;
      case 'meta':
        entry['meta-type'] = META[e.pick % META.length];
        break;
      case 'repoint': {
        const key = ['arg-type', 'ret-type', 'element-type', 'tag'][e.pick % 4]!;
        if (key in entry) entry[key] = otherName;
        break;
      }
      case 'member-type': {
        const list = (entry['members'] ?? entry['variants']) as Entry[] | undefined;
        if (Array.isArray(list) && list.length > 0) list[e.pick % list.length]!['type'] = otherName;
        break;
      }
    }
  }
  return reply;
}

describe('the introspection front end on damaged replies', () => {
  it('builds and prints, or throws a QAPIError', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 3 }), (edits) => {
        const reply = mutate(edits);
        try {
          generateFromIntrospection({ reply, source: 'reply.json' });
        } catch (error) {
          if (!(error instanceof QAPIError)) throw error;
          expect(error.render()).toMatch(/^reply\.json: /u);
        }
      }),
      // A fixed seed, so a run is repeatable; this one found references to types of the wrong kind.
      { numRuns: 60, seed: -1749134976 },
    );
  });
});
