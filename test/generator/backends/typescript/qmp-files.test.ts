/**
 * The schema-wide files of the package: the command and event maps (types and flags, `if`
 * respected), the introspection data (QEMU's reply, for QEMU's schema and build symbols) and
 * the validation tables, and the reserved file names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildValidationTables } from '../../../../generator/backends/validation/index.js';
import { generate } from '../../../../generator/generate.js';
import { loadSchema } from '../../../../generator/frontend.js';
import { qemuDir } from '../../../support/qemu-dir.js';
import { generateText, memoryReader } from './support.js';

const SCHEMA = `
{ 'struct': 'Info', 'data': { 'name': 'str' } }
{ 'union': 'Opts', 'base': { 'driver': 'Driver' }, 'discriminator': 'driver', 'data': { 'file': 'Info' } }
{ 'enum': 'Driver', 'data': [ 'file', 'null' ] }
{ 'command': 'query-info', 'returns': 'Info', 'allow-oob': true, 'allow-preconfig': true }
{ 'command': 'set-name', 'data': { 'name': 'str' }, 'features': [ 'deprecated', { 'name': 'fresh', 'if': 'CONFIG_NEW' } ] }
{ 'command': 'add', 'data': 'Opts', 'boxed': true, 'coroutine': true }
{ 'command': 'fire', 'success-response': false, 'gen': false }
{ 'command': 'only-new', 'if': 'CONFIG_NEW' }
{ 'event': 'NAMED', 'data': { 'name': 'str' } }
{ 'event': 'STOP' }
{ 'event': 'ADDED', 'data': 'Opts', 'boxed': true, 'if': 'CONFIG_NEW' }
`;

function file(files: Map<string, string>, path: string): string {
  const text = files.get(path);
  if (text === undefined) throw new Error(`${path} was not generated`);
  return text;
}

/** The `JSON` rows of a generated data array, parsed. */
function dataRows(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('  {'))
    .map((line) => JSON.parse(line.trim().replace(/,$/u, '')) as unknown);
}

describe('qmp-commands.ts', () => {
  const all = generateText(SCHEMA);
  const commands = file(all, 'qmp-commands.ts');

  it('maps each command to its arguments, return value and literal flags', () => {
    expect(commands).toContain(
      "  'query-info': {\n    readonly args: undefined;\n    readonly returns: Info;\n    readonly 'allow-oob': true;\n    readonly 'allow-preconfig': true;",
    );
    expect(commands).toContain("  'set-name': {\n    readonly args: SetNameArguments;\n    readonly returns: Record<string, never>;");
    expect(commands).toContain("readonly features: readonly ['deprecated', 'fresh'];");
    expect(commands).toContain('  add: {\n    readonly args: Opts;');
    expect(commands).toMatch(/ {2}fire: \{[^}]*'success-response': false;[^}]*gen: false;/u);
    expect(commands).toContain("import type { Info, Opts, SetNameArguments } from './test.js';");
    expect(commands).toContain(
      "  add: { 'allow-oob': false, 'allow-preconfig': false, 'success-response': true, boxed: true, coroutine: true, gen: true, features: [] },",
    );
  });

  it('documents conditions with no symbols selected, and leaves out what is false with some', () => {
    expect(commands).toContain("  /** Only available if `CONFIG_NEW`. */\n  'only-new': {");
    const selected = file(generateText(SCHEMA, ['CONFIG_OTHER']), 'qmp-commands.ts');
    expect(selected).not.toContain('only-new');
    expect(selected).toContain("readonly features: readonly ['deprecated'];");
  });
});

describe('qmp-events.ts', () => {
  it('maps each event to its data type, undefined when it has none', () => {
    const events = file(generateText(SCHEMA), 'qmp-events.ts');
    expect(events).toContain('  NAMED: NamedData;\n  STOP: undefined;\n  /** Only available if `CONFIG_NEW`. */\n  ADDED: Opts;');
    expect(events).toContain('  ADDED: { boxed: true, features: [] },');
    expect(file(generateText(SCHEMA, ['X']), 'qmp-events.ts')).not.toContain('ADDED');
  });
});

describe('qmp-validation.ts and qmp-introspection.ts', () => {
  it('hold the validation tables of the selected symbols', () => {
    const read = memoryReader({ 'test.json': SCHEMA });
    const expected = buildValidationTables(loadSchema('test.json', read).schema, { defined: ['X'] });
    const text = file(generateText(SCHEMA, ['X']), 'qmp-validation.ts');
    expect(text).toContain('export const qmpValidation: ValidationTables<QmpCommands, QmpEvents> = {');
    expect(text).toContain('import type { QmpCommands } from "./qmp-commands.js";');
    expect(text).toContain(`    "set-name": ${JSON.stringify(expected.commands['set-name'])},`);
    expect(text).not.toContain('only-new');
  });

  it("hold QEMU's own query-qmp-schema reply for its schema and build symbols", () => {
    const qemu = qemuDir();
    const defines = (JSON.parse(readFileSync(join(qemu, 'introspection/conditions.json'), 'utf8')) as { defined: string[] }).defined;
    const files = generate({ schema: join(qemu, 'qapi/qapi-schema.json'), defines });
    const introspection = files.find((f) => f.path === 'qmp-introspection.ts')?.content ?? '';
    const expected = JSON.parse(readFileSync(join(qemu, 'introspection/query-qmp-schema.json'), 'utf8')) as unknown[];
    const rows = dataRows(introspection);
    expect(rows).toHaveLength(expected.length);
    expect(JSON.stringify(rows)).toBe(JSON.stringify(expected));
  });

  it('unmask keeps the real type names', () => {
    const read = memoryReader({ 'test.json': SCHEMA });
    const files = generate({ schema: 'test.json', readFile: read, unmask: true });
    const introspection = files.find((f) => f.path === 'qmp-introspection.ts')?.content ?? '';
    expect(introspection).toContain('{"name":"query-info","ret-type":"Info","allow-oob":true,"meta-type":"command","arg-type":"q_empty"}');
  });
});

describe('reserved paths', () => {
  it('refuses a QAPI module that would overwrite a package file', () => {
    const read = memoryReader({ 'test.json': "{ 'include': 'qmp-commands.json' }", 'qmp-commands.json': "{ 'command': 'x' }" });
    expect(() => generate({ schema: 'test.json', readFile: read })).toThrow(/qmp-commands\.ts/u);
  });

  it('index.ts re-exports the maps and data, not the data types', () => {
    const index = file(generateText(SCHEMA), 'index.ts');
    expect(index).toContain(
      "export * from './qmp-commands.js';\nexport * from './qmp-events.js';\nexport * from './qmp-introspection.js';\nexport * from './qmp-validation.js';",
    );
    expect(index).not.toContain('qmp-data-types');
  });
});
