/**
 * The check phase (schema.py `QAPISchema.check`): per entity in creation order, check it and
 * connect its doc (QEMU 7.2 also checks the doc there); then give every entity its module.
 * QEMU 10.0 then checks every doc block in parse order, and the schema's feature count.
 */
import type { QAPIDoc } from '../doc/doc.js';
import type { CheckedExpression, FeatureDef } from '../expr/checked.js';
import type { Pragmas } from '../parser/expression.js';
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { checkAlternateType } from './check-alternate.js';
import { checkCommand, checkEvent } from './check-command.js';
import { checkClash, checkTypeFeatures, type SeenMembers } from './check-features.js';
import { checkObjectType } from './check-object.js';
import { connectDoc } from './connect-doc.js';
import type { ArrayType, Entity, EnumType, EnumValue } from './entities.js';
import { BUILTIN_MODULE_NAME } from './modules.js';
import type { SchemaRegistry } from './registry.js';

export function checkSchema(
  registry: SchemaRegistry,
  pragmas: Pragmas,
  docs: readonly QAPIDoc[],
  definitions: readonly CheckedExpression[],
): void {
  const returnsExceptions = new Set(pragmas.commandReturnsExceptions);
  const docExceptions = new Set(pragmas.documentationExceptions);
  const { docsCheckedLast, maxFeatures } = registry.dialect;
  const entities = registry.entities;
  for (let i = 0; i < entities.length; i++) {
    const ent = entities[i]!;
    checkEntity(registry, ent, returnsExceptions);
    connectDoc(ent, docExceptions);
    if (!docsCheckedLast && ent.kind !== 'include') ent.doc?.check();
  }
  for (let i = 0; i < entities.length; i++) assignModule(registry, entities[i]!);
  if (docsCheckedLast) for (let i = 0; i < docs.length; i++) docs[i]!.check();
  if (maxFeatures !== undefined) checkFeatureCount(definitions, maxFeatures);
}

function checkEntity(registry: SchemaRegistry, ent: Entity, returnsExceptions: ReadonlySet<string>): void {
  switch (ent.kind) {
    case 'builtin':
      return checkTypeFeatures(ent, registry.namesOwner);
    case 'enum':
      return checkEnumType(registry, ent);
    case 'array':
      return checkArrayType(registry, ent);
    case 'object':
      return checkObjectType(registry, ent);
    case 'alternate':
      return checkAlternateType(registry, ent);
    case 'command':
      return checkCommand(registry, ent, returnsExceptions);
    case 'event':
      return checkEvent(registry, ent);
    case 'include':
      return;
  }
}

function checkEnumType(registry: SchemaRegistry, ent: EnumType): void {
  checkTypeFeatures(ent, registry.namesOwner);
  const seen: SeenMembers<EnumValue> = new Map();
  const values = ent.values;
  for (let i = 0; i < values.length; i++) checkClash(values[i]!, ent.info, seen, registry.namesOwner);
}

/** An unknown element type is blamed on the definition that first used the array. */
function checkArrayType(registry: SchemaRegistry, ent: ArrayType): void {
  checkTypeFeatures(ent, registry.namesOwner);
  ent.elementType = registry.resolveType(ent.elementTypeName, ent.info, ent.info?.defnMeta ?? 'None');
}

/** Arrays live with their element type; everything else with the file it came from. */
function assignModule(registry: SchemaRegistry, ent: Entity): void {
  const info = ent.kind === 'array' ? ent.elementType.info : ent.info;
  const module = registry.moduleIndex.byFname(info ? info.fname : BUILTIN_MODULE_NAME);
  ent.module = module;
  module.entities.push(ent);
}

/**
 * QEMU 10.0's generated C keeps a schema's features in a 64-bit mask, so it counts feature
 * names (with `deprecated` and `unstable` first) in the order the definitions make them: a
 * definition's own features, then those of its values or members. The first name over the
 * limit is reported at the definition that used it first.
 */
function checkFeatureCount(definitions: readonly CheckedExpression[], max: number): void {
  const firstUse = new Map<string, SourceInfo | undefined>([
    ['deprecated', undefined],
    ['unstable', undefined],
  ]);
  const addFeatures = (features: readonly FeatureDef[], info: SourceInfo): void => {
    for (let i = 0; i < features.length; i++) {
      const name = features[i]!.name;
      if (!firstUse.has(name)) firstUse.set(name, info);
    }
  };
  for (let i = 0; i < definitions.length; i++) {
    const def = definitions[i]!;
    if (def.meta === 'include') continue;
    addFeatures(def.features, def.info);
    const members =
      def.meta === 'enum'
        ? def.values
        : def.meta === 'struct'
          ? def.members
          : def.meta === 'union'
            ? typeof def.base === 'string'
              ? []
              : def.base
            : def.meta === 'command' || def.meta === 'event'
              ? typeof def.data === 'object'
                ? def.data
                : []
              : [];
    for (let j = 0; j < members.length; j++) addFeatures(members[j]!.features, def.info);
  }
  if (firstUse.size <= max) return;
  const info = [...firstUse.values()][max];
  throw semError(info, `Maximum of ${max} schema features is permitted`);
}
