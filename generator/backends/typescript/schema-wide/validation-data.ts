/**
 * `qmp-validation.ts`: the QMP validation tables (generator/backends/validation) of every
 * command and event kept under the selected symbols, for the runtime's table-driven
 * dispatcher and the typed client's argument checks. Written against the structural copy of
 * the runtime's table types in `qmp-data-types.ts`, so the package needs no runtime to type-check,
 * and declared with the command and event maps, so the runtime's typed factories infer them.
 */
import { buildValidationTables, printValidationTables } from '../../validation/index.js';
import type { Schema } from '../../../schema/model.js';
import type { EmitContext } from '../context.js';
import { importSpecifier } from '../files/module-paths.js';
import { COMMANDS_FILE, DATA_TYPES_FILE, EVENTS_FILE, VALIDATION_FILE } from '../files/package-files.js';
import { COMMAND_MAP_NAME } from './command-map.js';
import { EVENT_MAP_NAME } from './event-map.js';

const VALIDATION_NAME = 'qmpValidation';

export function generateValidationData(schema: Schema, ctx: EmitContext): void {
  ctx.declare(VALIDATION_NAME, 'the validation tables', undefined);
  const defined = ctx.definedSymbols;
  const tables = buildValidationTables(schema, defined === undefined ? {} : { defined });
  const content = printValidationTables(
    { int64: ctx.int64, ...tables },
    {
      runtimeImport: importSpecifier(VALIDATION_FILE, DATA_TYPES_FILE, ctx.fileSettings.importExtension),
      exportName: VALIDATION_NAME,
      maps: {
        commands: { name: COMMAND_MAP_NAME, from: importSpecifier(VALIDATION_FILE, COMMANDS_FILE, ctx.fileSettings.importExtension) },
        events: { name: EVENT_MAP_NAME, from: importSpecifier(VALIDATION_FILE, EVENTS_FILE, ctx.fileSettings.importExtension) },
      },
    },
  );
  ctx.rawFiles.push({ path: VALIDATION_FILE, content, exported: true });
}
