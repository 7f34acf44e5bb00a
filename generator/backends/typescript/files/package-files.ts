/**
 * The schema-wide files of the generated package (beside the per-module files): the QMP
 * command and event maps, the introspection data, the validation tables, and the data types
 * the last two are written against. Their paths are reserved: no QAPI module may use them.
 */
export const COMMANDS_FILE = 'qmp-commands.ts';
export const EVENTS_FILE = 'qmp-events.ts';
export const INTROSPECTION_FILE = 'qmp-introspection.ts';
export const VALIDATION_FILE = 'qmp-validation.ts';
/** Structural copies of the runtime's table types, so the package type-checks on its own. */
export const DATA_TYPES_FILE = 'qmp-data-types.ts';

export const PACKAGE_FILES: readonly string[] = [COMMANDS_FILE, EVENTS_FILE, INTROSPECTION_FILE, VALIDATION_FILE, DATA_TYPES_FILE];
