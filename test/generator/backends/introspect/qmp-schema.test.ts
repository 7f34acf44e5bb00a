/**
 * The conformance target: QEMU's QMP schema with the `if` symbols of the recorded build must
 * give exactly what that build's `query-qmp-schema` returned (introspection/*.json in each
 * release's reference data): every entry, in order, with the same masked numbering and the
 * keys in the order QEMU sends them.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIntrospection } from '../../../../generator/backends/introspect/introspect.js';
import type { SchemaInfo } from '../../../../contracts/schema-info.js';
import { dialectFor } from '../../../../generator/dialect/select.js';
import { loadSchema } from '../../../../generator/frontend.js';
import type { Schema } from '../../../../generator/schema/model.js';
import { qemuDir } from '../../../support/qemu-dir.js';
import { qemuJson } from './load.js';

/** Each release's recorded binary, its entry count, and a command its build leaves out. */
const releases = [
  { release: '7.2', binary: 'qemu-system-x86_64 7.2.22', entries: 1051, leftOut: 'query-gic-capabilities' },
  { release: '10.0', binary: 'qemu-system-x86_64 10.0.2', entries: 1172, leftOut: 'query-gic-capabilities' },
] as const;

for (const { release, binary, entries, leftOut } of releases) {
  describe(`${release} › introspection of QEMU's QMP schema`, () => {
    let schema: Schema;
    let defined: Set<string>;
    let expected: SchemaInfo[];
    beforeAll(() => {
      schema = loadSchema(join(qemuDir(release), 'qapi/qapi-schema.json'), undefined, dialectFor(release)).schema;
      defined = new Set((qemuJson('introspection/conditions.json', release) as { defined: string[] }).defined);
      expected = qemuJson('introspection/query-qmp-schema.json', release) as SchemaInfo[];
    });

    it(`reproduces query-qmp-schema of ${binary} entry for entry`, () => {
      const got = buildIntrospection(schema, { defined });
      expect(expected).toHaveLength(entries);
      expect(got).toHaveLength(expected.length);
      // Entry by entry, so a failure names the first differing entry rather than a 1000-line diff.
      got.forEach((entry, i) => expect(entry, `entry ${i}`).toEqual(expected[i]));
    });

    it('puts keys in the wire order QEMU sends them in', () => {
      const got = buildIntrospection(schema, { defined });
      expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
    });

    it('unmasks to real names without changing what is listed', () => {
      const masked = buildIntrospection(schema, { defined });
      const unmasked = buildIntrospection(schema, { defined, unmask: true });
      expect(unmasked.map((e) => e['meta-type'])).toEqual(masked.map((e) => e['meta-type']));
      expect(unmasked.find((e) => e.name === 'query-status')).toMatchObject({ 'arg-type': 'q_empty', 'ret-type': 'StatusInfo' });
      expect(unmasked.some((e) => e.name === 'SchemaInfo')).toBe(true);
    });

    it('leaves out what the undefined symbols guard', () => {
      const got = buildIntrospection(schema, { defined });
      const everything = buildIntrospection(schema, { defined: undefined });
      expect(everything.length).toBeGreaterThan(got.length);
      // query-gic-capabilities is `if: TARGET_ARM`, undefined in an x86_64 build.
      const names = new Set(got.map((e) => e.name));
      expect(everything.map((e) => e.name).filter((n) => !names.has(n))).toContain(leftOut);
    });
  });
}
