/**
 * `qmp-commands.ts`: the command map type (per command: arguments, return value and flags as
 * literal types) and the same flags as an `as const` table, for the runtime's typed client
 * and server stubs. Commands whose `if` is false under the selected symbols are left out.
 */
import type { Schema, SchemaCommand, SchemaEvent, SchemaFeature } from '../../../schema/model.js';
import type { EmitContext } from '../context.js';
import { definitionDoc } from '../docs/declaration-doc.js';
import type { ModuleFile } from '../files/module-file.js';
import { commandArgumentsName, propertyName } from '../naming.js';
import { COMMANDS_FILE } from '../files/package-files.js';

export const COMMAND_MAP_NAME = 'QmpCommands';
const COMMAND_TABLE_NAME = 'qmpCommands';
/** What a command without `returns` answers: `{}`. */
const EMPTY_RETURN_TYPE = 'Record<string, never>';

const MAP_DOC = `/**
 * Every command of the schema, by name: its arguments (\`undefined\` when it takes none), its
 * return value (\`${EMPTY_RETURN_TYPE}\`, i.e. \`{}\`, when the schema declares none) and its
 * flags as literal types. The runtime's typed client and server stubs are generic over it.
 */`;

const TABLE_DOC = '/** The flags and features of every command, as data (the same as in {@link QmpCommands}). */';
/** Annotated from the map rather than `as const`, so that its declaration stays small. */
const TABLE_TYPE = `{ readonly [K in keyof ${COMMAND_MAP_NAME}]: Omit<${COMMAND_MAP_NAME}[K], 'args' | 'returns'> }`;

export function generateCommandMap(schema: Schema, ctx: EmitContext): void {
  const file = ctx.packageFile(COMMANDS_FILE, 'the commands of the schema');
  ctx.declare(COMMAND_MAP_NAME, 'the QMP command map', undefined);
  ctx.declare(COMMAND_TABLE_NAME, 'the QMP command table', undefined);
  const commands = schema.entities.filter((e): e is SchemaCommand => e.kind === 'command' && ctx.keeps(e));
  // Plain strings: the map holds every command's whole doc, too many lines for a writer's per-line cost.
  const entries = commands.map((command) => mapEntry(command, file, ctx)).join('');
  file.add(0, `${MAP_DOC}\nexport interface ${COMMAND_MAP_NAME} {\n${entries}}`);
  const rows = commands.map((command) => `  ${propertyName(command.name)}: { ${flagFields(command, ctx, ': ', ', ')} },`);
  file.add(1, `${TABLE_DOC}\nexport const ${COMMAND_TABLE_NAME}: ${TABLE_TYPE} = {\n${rows.join('\n')}\n};`);
}

/** The entry carries the command's whole doc (what editors show for `QmpCommands['name']`). */
function mapEntry(command: SchemaCommand, file: ModuleFile, ctx: EmitContext): string {
  return `${definitionDoc(command, ctx, undefined, { returns: true }).render('  ')}  ${propertyName(command.name)}: {
    readonly args: ${payloadType(command, commandArgumentsName(command.name), file, ctx)};
    readonly returns: ${command.retType === undefined ? EMPTY_RETURN_TYPE : ctx.typeRef(command.retType, file)};
    ${flagFields(command, ctx, ': ', ';\n    ', 'readonly ')};
  };
`;
}

/**
 * A command's arguments or an event's data: named or boxed data is that type; inline `data` is
 * the type printed for it, `implicitName` (`<Name>Arguments`, `<Name>Data`).
 */
export function payloadType(entity: SchemaCommand | SchemaEvent, implicitName: string, file: ModuleFile, ctx: EmitContext): string {
  const argType = entity.argType;
  if (argType === undefined) return 'undefined';
  if (!argType.isImplicit) return ctx.typeRef(argType, file);
  file.importType(ctx.fileOf(entity.module).path, implicitName);
  return implicitName;
}

/** `'allow-oob': false, ..., features: ['deprecated']`, as fields of a type or an object literal. */
function flagFields(command: SchemaCommand, ctx: EmitContext, colon: string, separator: string, prefix = ''): string {
  const flags: [string, string][] = [
    ["'allow-oob'", String(command.allowOob)],
    ["'allow-preconfig'", String(command.allowPreconfig)],
    ["'success-response'", String(command.successResponse)],
    ['boxed', String(command.boxed)],
    ['coroutine', String(command.coroutine)],
    ['gen', String(command.gen)],
    ['features', featureList(command.features, ctx, prefix === '' ? '' : 'readonly ')],
  ];
  return flags.map(([key, value]) => `${prefix}${key}${colon}${value}`).join(separator);
}

/** The names of the features kept under the selected symbols: `['deprecated']`. */
export function featureList(features: readonly SchemaFeature[], ctx: EmitContext, readonly: string): string {
  const names = features.filter((f) => ctx.conditions.keeps(f.if)).map((f) => `'${f.name}'`);
  return `${readonly}[${names.join(', ')}]`;
}
