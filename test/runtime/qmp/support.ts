/** Building validation tables for tests: from schema text, or from QEMU's own schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildValidationTables } from '../../../generator/backends/validation/index.js';
import { dialectFor } from '../../../generator/dialect/select.js';
import { loadSchema } from '../../../generator/frontend.js';
import type { Schema } from '../../../generator/schema/model.js';
import type { ValidationTables } from '../../../contracts/validation-tables.js';
import { qemuDir } from '../../support/qemu-dir.js';

/** A schema given as text (no includes). */
function schemaOf(text: string): Schema {
  return loadSchema('inline.json', (fname) => {
    if (fname !== 'inline.json') throw Object.assign(new Error(`no file ${fname}`), { code: 'ENOENT' });
    return Buffer.from(text);
  }).schema;
}

export function tablesOf(text: string, defined?: readonly string[]): ValidationTables {
  return buildValidationTables(schemaOf(text), defined === undefined ? {} : { defined });
}

const qemuTables = new Map<string, ValidationTables>();

/**
 * Tables for a QEMU release's QMP schema (default 7.2), read in that release's dialect, with
 * the symbols of the build its traces were recorded with.
 */
export function qemuValidationTables(version = '7.2'): ValidationTables {
  let tables = qemuTables.get(version);
  if (tables === undefined) {
    const dir = qemuDir(version);
    const conditions = JSON.parse(readFileSync(join(dir, 'introspection/conditions.json'), 'utf8')) as { defined: string[] };
    const { schema } = loadSchema(join(dir, 'qapi/qapi-schema.json'), undefined, dialectFor(version));
    tables = buildValidationTables(schema, { defined: conditions.defined });
    qemuTables.set(version, tables);
  }
  return tables;
}
