/**
 * The check phase (schema.py `QAPISchema.check`): per entity in creation order, check it,
 * connect its doc, check the doc; then give every entity its module.
 */
import { checkAlternateType } from './check-alternate.js';
import { checkCommand, checkEvent } from './check-command.js';
import { checkClash, checkTypeFeatures, type ClashTable } from './check-features.js';
import { checkObjectType } from './check-object.js';
import { connectDoc } from './connect-doc.js';
import type { ArrayType, Entity, EnumType, EnumValue } from './entities.js';
import { BUILTIN_MODULE_NAME } from './modules.js';
import type { SchemaRegistry } from './registry.js';

export function checkSchema(registry: SchemaRegistry, commandReturnsExceptions: readonly string[]): void {
  const returnsExceptions = new Set(commandReturnsExceptions);
  for (const ent of registry.entities) {
    checkEntity(registry, ent, returnsExceptions);
    connectDoc(ent);
    if (ent.kind !== 'include') ent.doc?.check();
  }
  for (const ent of registry.entities) assignModule(registry, ent);
}

function checkEntity(registry: SchemaRegistry, ent: Entity, returnsExceptions: ReadonlySet<string>): void {
  switch (ent.kind) {
    case 'builtin': return checkTypeFeatures(ent);
    case 'enum': return checkEnumType(ent);
    case 'array': return checkArrayType(registry, ent);
    case 'object': return checkObjectType(registry, ent);
    case 'alternate': return checkAlternateType(registry, ent);
    case 'command': return checkCommand(registry, ent, returnsExceptions);
    case 'event': return checkEvent(registry, ent);
    case 'include': return;
  }
}

function checkEnumType(ent: EnumType): void {
  checkTypeFeatures(ent);
  const seen: ClashTable<EnumValue> = new Map();
  for (const v of ent.values) checkClash(v, ent.info, seen);
}

/** An unknown element type is blamed on the definition that first used the array. */
function checkArrayType(registry: SchemaRegistry, ent: ArrayType): void {
  checkTypeFeatures(ent);
  ent.elementType = registry.resolveType(ent.elementTypeName, ent.info, ent.info?.defnMeta ?? 'None');
}

/** Arrays live with their element type; everything else with the file it came from. */
function assignModule(registry: SchemaRegistry, ent: Entity): void {
  const info = ent.kind === 'array' ? ent.elementType.info : ent.info;
  const module = registry.moduleTable.byFname(info ? info.fname : BUILTIN_MODULE_NAME);
  ent.module = module;
  module.entities.push(ent);
}
