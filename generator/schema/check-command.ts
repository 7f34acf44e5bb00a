/** Command and event checks: what `data` and `returns` may name. */
import { semError } from '../source/error.js';
import { checkEntityFeatures } from './check-features.js';
import { checkObjectType } from './check-object.js';
import { describeEntity } from './describe.js';
import type { Command, Event, ObjectType } from './entities.js';
import type { SchemaRegistry } from './registry.js';

/**
 * `data` must be an object type; a union only when boxed (its branches could not become
 * parameters otherwise). QEMU 10.0 then checks the type right away (its errors come out here,
 * in the command's place in entity order) and wants `boxed` for conditional arguments.
 */
function resolveArgType(registry: SchemaRegistry, ent: Command | Event): ObjectType | undefined {
  if (ent.argTypeName === undefined) return undefined;
  const where = `${ent.kind}'s 'data'`;
  const type = registry.resolveType(ent.argTypeName, ent.info, where);
  if (type.kind !== 'object') throw semError(ent.info, `${where} cannot take ${describeEntity(type)}`);
  if (type.variants && !ent.boxed) {
    throw semError(ent.info, `${where} can take ${describeEntity(type)} only with 'boxed': true`);
  }
  if (registry.dialect.eagerArguments) {
    checkObjectType(registry, type);
    if (!ent.boxed && type.members.some((m) => m.if !== undefined)) {
      throw semError(ent.info, `conditional ${ent.kind} arguments require 'boxed': true`);
    }
  }
  return type;
}

export function checkCommand(registry: SchemaRegistry, cmd: Command, returnsExceptions: ReadonlySet<string>): void {
  checkEntityFeatures(cmd, registry.namesOwner);
  cmd.argType = resolveArgType(registry, cmd);
  if (cmd.retTypeName === undefined) return;
  const ret = registry.resolveType(cmd.retTypeName, cmd.info, "command's 'returns'");
  cmd.retType = ret;
  if (returnsExceptions.has(cmd.name)) return;
  const retObject = ret.kind === 'array' ? ret.elementType : ret;
  if (retObject.kind !== 'object') {
    throw semError(cmd.info, `command's 'returns' cannot take ${describeEntity(ret)}`);
  }
}

export function checkEvent(registry: SchemaRegistry, event: Event): void {
  checkEntityFeatures(event, registry.namesOwner);
  event.argType = resolveArgType(registry, event);
}
