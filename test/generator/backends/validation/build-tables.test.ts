/** The validation tables built from the model: contents, conditions, reachability, and the printed module. */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printValidationTables } from '../../../../generator/backends/validation/index.js';
import type { ValidationTables } from '../../../../contracts/validation-tables.js';
import { repoRoot } from '../../../support/qemu-dir.js';
import { typecheck } from '../typescript/support.js';
import { qemuValidationTables, tablesOf } from '../../../runtime/qmp/support.js';

const schema = `
{ 'enum': 'Color', 'data': [ 'red', { 'name': 'green', 'if': 'HAVE_GREEN' },
                             { 'name': 'blue', 'features': [ 'deprecated' ] } ] }
{ 'struct': 'Base', 'data': { 'color': 'Color' } }
{ 'struct': 'Paint', 'base': 'Base', 'data': { '*coats': 'uint8',
  '*old': { 'type': 'str', 'features': [ 'deprecated', { 'name': 'unstable', 'if': 'NEVER' } ] },
  '*gloss': { 'type': 'bool', 'if': 'HAVE_GLOSS' } } }
{ 'union': 'Thing', 'base': { 'color': 'Color' }, 'discriminator': 'color',
  'data': { 'red': 'Coat', 'green': { 'type': 'Coat', 'if': 'HAVE_GREEN' } } }
{ 'struct': 'Coat', 'data': { 'layers': 'int' } }
{ 'alternate': 'Ref', 'data': { 'thing': 'Thing', 'flag': 'bool', 'n': 'int' } }
{ 'struct': 'Unused', 'data': { 'x': 'int' } }
{ 'command': 'paint', 'data': { 'what': ['Paint'], 'ref': 'Ref' }, 'returns': 'Paint',
  'allow-oob': true, 'features': [ 'unstable' ] }
{ 'command': 'quiet', 'success-response': false, 'allow-preconfig': true, 'gen': false }
{ 'command': 'gated', 'if': 'HAVE_GATE' }
{ 'event': 'PAINTED', 'data': { 'color': 'Color' }, 'features': [ 'deprecated' ] }
`;

describe('buildValidationTables', () => {
  const tables = tablesOf(schema, ['HAVE_GLOSS']);

  it('describes commands with their flags and special features', () => {
    expect(tables.commands).toEqual({
      paint: { arguments: 'q_obj_paint-arg', returns: 'Paint', allowOob: true, special: ['unstable'] },
      quiet: { allowPreconfig: true, noSuccessResponse: true, unchecked: true },
    });
    expect(tables.events).toEqual({ PAINTED: { data: 'q_obj_PAINTED-arg', special: ['deprecated'] } });
  });

  it('objects list base members first, enabled members only, with special features (their if ignored, as QEMU does)', () => {
    expect(tables.types['Paint']).toEqual({
      kind: 'object',
      members: [
        { name: 'color', type: 'Color' },
        { name: 'coats', type: 'uint8', optional: true },
        { name: 'old', type: 'str', optional: true, special: ['deprecated', 'unstable'] },
        { name: 'gloss', type: 'bool', optional: true },
      ],
    });
  });

  it('enums keep enabled values and per-value special features', () => {
    expect(tables.types['Color']).toEqual({ kind: 'enum', values: ['red', 'blue'], special: { blue: ['deprecated'] } });
  });

  it('unions map enabled tag values to branch types; alternates map JSON kinds', () => {
    expect(tables.types['Thing']).toEqual({
      kind: 'object',
      members: [{ name: 'color', type: 'Color' }],
      union: { tag: 'color', branches: { red: 'Coat' } },
    });
    expect(tables.types['Ref']).toEqual({ kind: 'alternate', branches: { object: 'Thing', boolean: 'bool', number: 'int' } });
  });

  it('holds exactly the reachable types, builtins and arrays included', () => {
    expect(Object.keys(tables.types).sort()).toEqual(
      ['Coat', 'Color', 'Paint', 'PaintList', 'Ref', 'Thing', 'bool', 'int', 'q_obj_PAINTED-arg', 'q_obj_paint-arg', 'str', 'uint8'].sort(),
    );
    expect(tables.types['PaintList']).toEqual({ kind: 'array', element: 'Paint' });
  });

  it('without a symbol set nothing is dropped', () => {
    const all = tablesOf(schema);
    expect(Object.keys(all.commands)).toEqual(['paint', 'quiet', 'gated']);
    expect(all.types['Color']).toMatchObject({ values: ['red', 'green', 'blue'] });
  });

  it("covers QEMU's QMP schema: 216 commands, as query-commands lists", () => {
    expect(Object.keys(qemuValidationTables().commands)).toHaveLength(216);
  });
});

describe('printValidationTables', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('prints a module whose constant evaluates to the tables', () => {
    const tables = tablesOf(schema, []);
    const text = printValidationTables(tables);
    expect(text).toContain('import type { ValidationTables } from "../contracts/validation-tables.js";');
    expect(text).toContain('export const validation: ValidationTables = {');
    const literal = text.slice(text.indexOf('= {') + 2, text.lastIndexOf('};') + 1);
    expect(new Function(`return ${literal};`)() as ValidationTables).toEqual(tables);
  });

  it("type-checks strictly against the runtime's table types, for QEMU's schema", () => {
    const dir = mkdtempSync(join(tmpdir(), 'qapi-ts-validation-'));
    made.push(dir);
    mkdirSync(join(dir, 'contracts'));
    mkdirSync(join(dir, 'generated'));
    copyFileSync(join(repoRoot, 'contracts/validation-tables.ts'), join(dir, 'contracts/validation-tables.ts'));
    writeFileSync(join(dir, 'generated/validation.ts'), printValidationTables(qemuValidationTables()));
    expect(typecheck(dir)).toBe('');
  });
});
