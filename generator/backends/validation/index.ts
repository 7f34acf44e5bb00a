import { definedSymbols } from '../../schema/conditions.js';
import type { Backend, CommonBackendOptions, TextOutput } from '../backend.js';
import { buildValidationTables } from './build-tables.js';
import { printValidationTables } from './print-tables.js';

export { buildValidationTables, type ValidationTablesOptions } from './build-tables.js';
export { printValidationTables, type PrintValidationTablesOptions } from './print-tables.js';

/** The validation tables as a back end: the TypeScript module `printValidationTables` prints. */
export const validationBackend: Backend<CommonBackendOptions, TextOutput> = {
  name: 'validation',
  generate: ({ schema }, options) => {
    const tables = buildValidationTables(schema, { defined: definedSymbols(options.defines) });
    return { kind: 'text', write: (sink) => sink(printValidationTables(tables)) };
  },
};
