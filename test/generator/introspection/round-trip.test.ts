/**
 * Round trips beyond the two recorded replies: QEMU's schemas of each release introspected by
 * the introspection back end (exact to QEMU's generator, see test/generator/backends/introspect)
 * under several symbol sets (every `if` kept, the x86_64 build's, none defined: the last leaves
 * the most gaps in the numbering), read back by the introspection front end and introspected
 * again: the same reply each time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIntrospection } from '../../../generator/backends/introspect/introspect.js';
import { dialectFor } from '../../../generator/dialect/select.js';
import { loadSchema } from '../../../generator/frontend.js';
import { FROM_INTROSPECTION_DEFINES, schemaFromIntrospection } from '../../../generator/introspection/build.js';
import { qemuDir } from '../../support/qemu-dir.js';

const defined = new Set(FROM_INTROSPECTION_DEFINES);

const releases = [
  ['7.2', '7.2'],
  ['10.0', '10.0'],
  ['10.2', '10.0'], // 10.2 has no recorded build: 10.0's symbols stand in
] as const;

describe.each(releases)("QEMU %s's QMP schema, introspected and read back", (release, symbolsOf) => {
  const { schema } = loadSchema(join(qemuDir(release), 'qapi/qapi-schema.json'), undefined, dialectFor(release));
  const build = JSON.parse(readFileSync(join(qemuDir(symbolsOf), 'introspection/conditions.json'), 'utf8')) as { defined: string[] };
  const symbolSets: [string, ReadonlySet<string> | undefined][] = [
    ['every if kept', undefined],
    ["the x86_64 build's symbols", new Set(build.defined)],
    ['no symbol defined', new Set(['NONE'])],
  ];
  for (const unmask of [false, true]) {
    it.each(symbolSets)(`%s${unmask ? ', unmasked' : ''}`, (_, symbols) => {
      const reply = buildIntrospection(schema, { defined: symbols, unmask });
      const model = schemaFromIntrospection(reply, 'reply.json');
      expect(model.masked).toBe(!unmask);
      const back = buildIntrospection(model.schema, { defined, unmask });
      expect(back.map((e) => JSON.stringify(e))).toEqual(reply.map((e) => JSON.stringify(e)));
    });
  }
});
