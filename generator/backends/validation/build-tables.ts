/**
 * Builds the QMP validation tables from a checked schema: every enabled command and event,
 * and every type reachable from their arguments, return values and event data.
 */
import { evaluateIf } from '../../schema/conditions.js';
import type { Schema, SchemaCommand, SchemaEvent, SchemaType } from '../../schema/model.js';
import type { CommandTable, EventTable, TypeTable, ValidationTables } from '../../../contracts/validation-tables.js';
import { specialEntry } from './special-features.js';
import { typeTable, type TypeTableContext } from './type-tables.js';

export interface ValidationTablesOptions {
  /**
   * The `if` symbols that are defined (QEMU's config-host/config-target symbols). Undefined:
   * nothing is dropped, every condition holds.
   */
  readonly defined?: Iterable<string> | undefined;
}

export function buildValidationTables(schema: Schema, options: ValidationTablesOptions = {}): ValidationTables {
  const defined = options.defined === undefined ? undefined : new Set(options.defined);
  const pending: SchemaType[] = [];
  const seen = new Set<string>();
  const ctx: TypeTableContext = {
    defined,
    use(type) {
      if (!seen.has(type.name)) {
        seen.add(type.name);
        pending.push(type);
      }
      return type.name;
    },
  };
  const commands: Record<string, CommandTable> = {};
  const events: Record<string, EventTable> = {};
  for (const entity of schema.entities) {
    if (entity.kind === 'include' || !evaluateIf(entity.if, defined)) continue;
    if (entity.kind === 'command') commands[entity.name] = commandTable(entity, ctx);
    else if (entity.kind === 'event') events[entity.name] = eventTable(entity, ctx);
  }
  const types: Record<string, TypeTable> = {};
  // Types referenced while describing a type are appended to `pending` and described in turn.
  for (let i = 0; i < pending.length; i++) {
    const type = pending[i];
    if (type !== undefined) types[type.name] = typeTable(type, ctx);
  }
  return { commands, events, types };
}

function commandTable(command: SchemaCommand, ctx: TypeTableContext): CommandTable {
  return {
    ...(command.argType === undefined ? {} : { arguments: ctx.use(command.argType) }),
    ...(command.retType === undefined ? {} : { returns: ctx.use(command.retType) }),
    ...(command.allowOob ? { allowOob: true as const } : {}),
    ...(command.allowPreconfig ? { allowPreconfig: true as const } : {}),
    ...(command.successResponse ? {} : { noSuccessResponse: true as const }),
    ...(command.gen ? {} : { unchecked: true as const }),
    ...specialEntry(command.features),
  };
}

function eventTable(event: SchemaEvent, ctx: TypeTableContext): EventTable {
  return {
    ...(event.argType === undefined ? {} : { data: ctx.use(event.argType) }),
    ...specialEntry(event.features),
  };
}
