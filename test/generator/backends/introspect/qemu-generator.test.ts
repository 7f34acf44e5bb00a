/**
 * QEMU's test schema (tests/qapi-schema/qapi-schema-test.json) introspected under several
 * symbol sets, against what QEMU's own generator of the same release gives.
 *
 * The expected entries come from QEMU, never from qapi-ts: test/support/qemu-introspect.py
 * runs QEMU's scripts/qapi/introspect.py and evaluates its `#if`s for the symbols. That needs
 * QEMU's scripts (`$QAPI_QEMU_SRC_7_2`, `$QAPI_QEMU_SRC_10_0`, `$QAPI_QEMU_SRC_10_2`, or
 * bench's cache, see bench/qemu-sources.js) and python3. Where they are missing, the SHA-256
 * below of QEMU's output is the expectation; each was made by that same driver with QEMU's
 * scripts of the release (upstream 7.2.0, 10.0.2 and 10.2.2), hashing the entries with their
 * keys sorted (canonical() below, as `json.dumps(entries, sort_keys=True, separators=(',',
 * ':'))`), and a run with the scripts present checks it still holds. QEMU 10.2 has no binary
 * here, so its generator is the only reference: its test schema is 10.0's, and its real QMP
 * schema is checked too, with no symbol and with every symbol its conditions name.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localQemuSources, qemuSourcesCache } from '../../../../bench/qemu-sources.js';
import { buildIntrospection } from '../../../../generator/backends/introspect/introspect.js';
import type { SchemaInfo } from '../../../../contracts/schema-info.js';
import { dialectFor } from '../../../../generator/dialect/select.js';
import { loadSchema } from '../../../../generator/frontend.js';
import { qemuDir, repoRoot } from '../../../support/qemu-dir.js';

interface Case {
  readonly name: string;
  readonly defined: readonly string[];
  readonly unmask: boolean;
}

/** The symbol sets: none, all, alternate halves of the sorted TEST_IF_* names, one unmasked. */
function casesOf(schemaText: string): Case[] {
  const symbols = [...new Set(schemaText.match(/\bTEST_IF_\w+/g) ?? [])].sort();
  const even = symbols.filter((_, i) => i % 2 === 0);
  const odd = symbols.filter((_, i) => i % 2 === 1);
  return [
    { name: 'no symbol', defined: [], unmask: false },
    { name: 'every TEST_IF_* symbol', defined: symbols, unmask: false },
    { name: `${even.join(', ')}`, defined: even, unmask: false },
    { name: `${odd.join(', ')}`, defined: odd, unmask: false },
    { name: `${even.join(', ')}, unmasked`, defined: even, unmask: true },
  ];
}

/** SHA-256 of QEMU's entries per case, in the order of casesOf() (see the header). */
const pinned = {
  '7.2': [
    '9aa061592326d042b88073f7eae4a6c5ac4c05c804f51d5447296b2b7dc6d99a',
    '64f5c18ea2c126cd0e2963f898243fbb15e584f8f0ff29b5692973f19f9cc287',
    '0380e649b3374e0606765a02785241587084af367588d6ba5144ef338df1aa6f',
    '4d45a0467d2a87e2df066da648ae2a26f50a9d11181de5822bc948bfde8b3031',
    '8ea8ed2298a97604b93040a7e08b6cee4decf1c85019f82d4520737220619984',
  ],
  '10.0': [
    'df0811f7e7ec3218ba4f446314350f00773d9208bf4068b3379300c30ad9a580',
    '14f033855beec50469131eeb1c3b9765c42f38f9b3d1120fe241f85ebb9c5a95',
    '8248a6ff876910a84dc1fd2f41f8cd268dc16369bc3bd51cbf051f828b588c47',
    '03d23842c64f035f074156065fd69c65a5f341bf740e2bd75aa1f795e99ac4f8',
    'ad9b5b1e7012d78d20a70aff9d09b6e9fba707bc8b116ce1de2eb440b2724f54',
  ],
  '10.2': [
    'df0811f7e7ec3218ba4f446314350f00773d9208bf4068b3379300c30ad9a580',
    '14f033855beec50469131eeb1c3b9765c42f38f9b3d1120fe241f85ebb9c5a95',
    '8248a6ff876910a84dc1fd2f41f8cd268dc16369bc3bd51cbf051f828b588c47',
    '03d23842c64f035f074156065fd69c65a5f341bf740e2bd75aa1f795e99ac4f8',
    'ad9b5b1e7012d78d20a70aff9d09b6e9fba707bc8b116ce1de2eb440b2724f54',
  ],
} as const;

/** QEMU 10.2's QMP schema: SHA-256 of its generator's entries with no symbol, and with every symbol. */
const pinnedQmp102 = [
  '1dbd526789e697fb10d6736283b38e24bee8239bbb3a8d51c3e6c1cbcc374a84',
  'ce8401718fdc42b650a4d4ac7bb3b5ec3981a6588d9b8689fe185166256c5f4e',
] as const;

type Release = keyof typeof pinned;

/** JSON with every object's keys sorted, as Python's json.dumps(sort_keys=True, separators=(',', ':')). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (entries: readonly SchemaInfo[]): string => createHash('sha256').update(canonical(entries)).digest('hex');

/** QEMU's entries for every case, or why they cannot be had here. */
function qemuEntries(release: Release, schemaFile: string, cases: readonly Case[]): SchemaInfo[][] | string {
  const sources = localQemuSources(release, qemuSourcesCache(repoRoot));
  if (sources.dir === undefined) return sources.skipped;
  const driver = join(repoRoot, 'test/support/qemu-introspect.py');
  const run = spawnSync('python3', [driver, join(sources.dir, 'scripts'), schemaFile, JSON.stringify(cases)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error !== undefined) return `python3 could not be run (${run.error.message})`;
  if (run.status !== 0) throw new Error(`QEMU's introspect.py failed on ${schemaFile}: ${run.stderr}`);
  return JSON.parse(run.stdout) as SchemaInfo[][];
}

for (const release of ['7.2', '10.0', '10.2'] as const) {
  describe(`${release} › introspection of qapi-schema-test.json`, () => {
    const schemaFile = join(qemuDir(release), 'tests/qapi-schema/qapi-schema-test.json');
    const cases = casesOf(readFileSync(schemaFile, 'utf8'));
    const schema = loadSchema(schemaFile, undefined, dialectFor(release)).schema;
    const fromQemu = qemuEntries(release, schemaFile, cases);
    if (typeof fromQemu === 'string')
      console.warn(
        `\n*** ${release} introspection: QEMU's scripts not run (${fromQemu}); comparing with the pinned hashes of their output ***\n`,
      );

    cases.forEach((c, i) => {
      it(`with ${c.name}: equals QEMU's introspect.py`, () => {
        const ours = buildIntrospection(schema, { defined: new Set(c.defined), unmask: c.unmask });
        if (typeof fromQemu !== 'string') {
          const theirs = fromQemu[i] ?? [];
          expect(ours).toHaveLength(theirs.length);
          // Entry by entry, so that a failure names the entry.
          theirs.forEach((entry, k) => expect(ours[k], `entry ${k} (${entry.name})`).toEqual(entry));
          expect(sha256(theirs), "QEMU's output no longer matches the pinned hash").toBe(pinned[release][i]);
        }
        expect(sha256(ours)).toBe(pinned[release][i]);
      });
    });
  });
}

describe("10.2 › introspection of QEMU's QMP schema", () => {
  const dir = join(qemuDir('10.2'), 'qapi');
  const schemaFile = join(dir, 'qapi-schema.json');
  // Every CONFIG_*/TARGET_* symbol the schema's conditions name.
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const symbols = [...new Set((text.match(/'(?:CONFIG|TARGET)_\w+'/g) ?? []).map((s) => s.slice(1, -1)))].sort();
  const cases: Case[] = [
    { name: 'no symbol', defined: [], unmask: false },
    { name: 'every symbol', defined: symbols, unmask: false },
  ];
  const schema = loadSchema(schemaFile, undefined, dialectFor('10.2')).schema;
  const fromQemu = qemuEntries('10.2', schemaFile, cases);
  if (typeof fromQemu === 'string')
    console.warn(
      `\n*** 10.2 QMP introspection: QEMU's scripts not run (${fromQemu}); comparing with the pinned hashes of their output ***\n`,
    );

  cases.forEach((c, i) => {
    it(`with ${c.name}: equals QEMU 10.2's introspect.py`, () => {
      const ours = buildIntrospection(schema, { defined: new Set(c.defined), unmask: c.unmask });
      if (typeof fromQemu !== 'string') {
        const theirs = fromQemu[i] ?? [];
        expect(ours).toHaveLength(theirs.length);
        theirs.forEach((entry, k) => expect(ours[k], `entry ${k} (${entry.name})`).toEqual(entry));
        expect(sha256(theirs), "QEMU's output no longer matches the pinned hash").toBe(pinnedQmp102[i]);
      }
      expect(sha256(ours)).toBe(pinnedQmp102[i]);
    });
  });
});
