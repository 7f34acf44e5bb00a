/** Building validation tables for tests: from schema text, or from QEMU's own schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildValidationTables } from '../../../generator/backends/validation/index.js';
import { loadSchema } from '../../../generator/frontend.js';
import type { Schema } from '../../../generator/schema/model.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { qemuDir } from '../../support/qemu-dir.js';

/** A schema given as text (no includes). */
export function schemaOf(text: string): Schema {
  return loadSchema('inline.json', (fname) => {
    if (fname !== 'inline.json') throw Object.assign(new Error(`no file ${fname}`), { code: 'ENOENT' });
    return Buffer.from(text);
  }).schema;
}

export function tablesOf(text: string, defined?: readonly string[]): ValidationTables {
  return buildValidationTables(schemaOf(text), defined === undefined ? {} : { defined });
}

let qemuTables: ValidationTables | undefined;

/** Tables for QEMU 7.2's QMP schema, with the symbols QEMU's traces were recorded with. */
export function qemuValidationTables(): ValidationTables {
  if (qemuTables === undefined) {
    const dir = qemuDir();
    const conditions = JSON.parse(readFileSync(join(dir, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };
    const { schema } = loadSchema(join(dir, 'qapi/qapi-schema.json'));
    qemuTables = buildValidationTables(schema, { defined: conditions.defined });
  }
  return qemuTables;
}
