/**
 * The front end that builds the schema model from a `query-qmp-schema` reply, on QEMU's real
 * replies (7.2.22 and 10.0.2): introspection of the model gives the reply back byte for byte
 * (masked numbering with its gaps, order, features), the generated package type-checks
 * strictly, and its command map holds exactly the commands QEMU lists in `query-commands`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIntrospection } from '../../../generator/backends/introspect/introspect.js';
import { generateFromIntrospection } from '../../../generator/generate.js';
import { FROM_INTROSPECTION_DEFINES, schemaFromIntrospection } from '../../../generator/introspection/build.js';
import { qemuDir } from '../../support/qemu-dir.js';
import { typecheck, writeFiles } from '../backends/typescript/support.js';

const versions = [
  ['7.2', qemuDir()],
  ['10.0', qemuDir('10.0')],
] as const;

function readJson(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(join(dir, 'introspection', file), 'utf8'));
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe.each(versions)("QEMU %s's real reply", (version, dir) => {
  const reply = readJson(dir, 'query-qmp-schema.json') as { name: string }[];

  it('introspection of the model built from it is the reply, entry for entry', () => {
    const { schema } = schemaFromIntrospection(reply, 'query-qmp-schema.json');
    const back = buildIntrospection(schema, { defined: new Set(FROM_INTROSPECTION_DEFINES) });
    expect(back.map((e) => JSON.stringify(e))).toEqual(reply.map((e) => JSON.stringify(e)));
  });

  it('also given as {"return": [...]}, the generated qmp-introspection.ts holds the reply', () => {
    const files = generateFromIntrospection({ reply: { return: reply }, source: 'reply.json' });
    const data = files.find((f) => f.path === 'qmp-introspection.ts')!.content;
    const rows = data
      .split('\n')
      .filter((line) => line.startsWith('  {'))
      .map((line) => line.slice(2, -1));
    expect(rows).toEqual(reply.map((e) => JSON.stringify(e)));
  });

  it('gives a package that type-checks strictly, with every command of query-commands in its map', () => {
    const files = generateFromIntrospection({ reply, source: 'reply.json' });
    const out = mkdtempSync(join(tmpdir(), 'qapi-ts-from-introspection-'));
    made.push(out);
    writeFiles(join(out, 'pkg'), files);
    expect(typecheck(out)).toBe('');
    const commands = (readJson(dir, 'query-commands.json') as { name: string }[]).map((c) => c.name).sort();
    const map = files.find((f) => f.path === 'qmp-commands.ts')!.content;
    const table = map.slice(map.indexOf('export const qmpCommands'));
    const inMap = [...table.matchAll(/^ {2}'?([^':]+)'?: \{/gmu)].map((m) => m[1]!).sort();
    expect(inMap).toEqual(commands);
    expect(inMap.length).toBe(version === '10.0' ? 233 : 216);
    // What the build left out is in the model only, never in the package.
    for (const file of files) expect(file.content, file.path).not.toMatch(/left-out/u);
  });

  it('says in every file where it came from and that it has no docs', () => {
    const files = generateFromIntrospection({ reply, source: 'reply.json', origin: `QEMU ${version} at unix:/run/qmp.sock` });
    for (const file of files.filter((f) => f.path !== 'index.ts')) {
      expect(file.content.split('\n').slice(0, 4).join('\n'), file.path).toContain(
        `query-qmp-schema reply of QEMU ${version} at unix:/run/qmp.sock`,
      );
    }
    const module = files.find((f) => f.path === 'qemu.ts')!.content;
    expect(module).toContain('introspection carries no documentation');
    // Only what the generator writes itself (`Arguments of the ... command.`), nothing of QEMU's docs.
    expect(module).not.toMatch(/@since|Since:|@example/u);
    expect(module).toContain('/** Arguments of the `job-pause` command. */');
  });
});
