/**
 * `qmp-validation.ts`: the QMP validation tables (generator/backends/validation) of every
 * command and event kept under the selected symbols, for the runtime's table-driven
 * dispatcher and the typed client's argument checks. Written against the structural copy of
 * the runtime's table types in `qmp-data-types.ts`, so the package needs no runtime to type-check.
 */
import { buildValidationTables, printValidationTables } from '../../validation/index.js';
import type { Schema } from '../../../schema/model.js';
import type { EmitContext } from '../context.js';
import { importSpecifier } from '../files/module-paths.js';
import { DATA_TYPES_FILE, VALIDATION_FILE } from '../files/package-files.js';

const VALIDATION_NAME = 'qmpValidation';

export function generateValidationData(schema: Schema, ctx: EmitContext): void {
  ctx.declare(VALIDATION_NAME, 'the validation tables', undefined);
  const defined = ctx.definedSymbols;
  const tables = buildValidationTables(schema, defined === undefined ? {} : { defined });
  const content = printValidationTables({ int64: ctx.int64, ...tables }, {
    runtimeImport: importSpecifier(VALIDATION_FILE, DATA_TYPES_FILE, ctx.fileSettings.importExtension),
    exportName: VALIDATION_NAME,
  });
  ctx.rawFiles.push({ path: VALIDATION_FILE, content, exported: true });
}
