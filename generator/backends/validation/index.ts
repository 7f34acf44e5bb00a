export { buildValidationTables, type ValidationTablesOptions } from './build-tables.js';
export { printValidationTables, type PrintValidationTablesOptions } from './print-tables.js';
