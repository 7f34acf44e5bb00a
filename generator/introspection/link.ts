/**
 * Links the entities built from a reply: type names resolved, members flattened, union tags
 * and implicit branches found, modules assigned. This is the part of the schema check phase
 * (schema/check.ts) a reply needs; its QAPI rules are not applied again, because the QEMU that
 * sent the reply checked its schema under its own version's rules (QEMU 10.0 allows a union
 * as a union's branch, 7.2 does not).
 */
import type { Entity, EnumType, ObjectMember, ObjectType, TypeEntity } from '../schema/entities.js';
import { Branch } from '../schema/entities.js';
import { BUILTIN_MODULE_NAME } from '../schema/modules.js';
import { QAPIError } from '../source/error.js';
import type { SchemaRegistry } from '../schema/registry.js';

/** Throws QAPIError naming `source` when the reply refers to what it does not hold. */
export function linkSchema(registry: SchemaRegistry, source: string): void {
  const resolve = (name: string, user: string): TypeEntity => {
    const type = registry.lookupType(name);
    if (type === undefined) throw new QAPIError(undefined, `${source}: '${user}' uses unknown type '${name}'`);
    return type;
  };
  const resolveObject = (name: string, user: string): ObjectType => {
    const type = resolve(name, user);
    if (type.kind !== 'object') throw new QAPIError(undefined, `${source}: '${user}' needs an object type, '${name}' is not`);
    return type;
  };
  const linkMember = (member: ObjectMember, user: string): void => {
    member.type = resolve(member.typeName, user);
  };
  const linkObject = (obj: ObjectType): void => {
    if (obj.checkState === 'checked') return;
    obj.checkState = 'checked';
    for (const m of obj.localMembers) linkMember(m, obj.name);
    if (obj.baseName !== undefined) {
      obj.base = resolveObject(obj.baseName, obj.name);
      linkObject(obj.base);
    }
    obj.members = [...(obj.base?.members ?? []), ...obj.localMembers];
    const variants = obj.variants;
    if (variants === undefined) return;
    const tag = obj.members.find((m) => m.name === variants.tagName);
    if (tag === undefined || tag.type.kind !== 'enum')
      throw new QAPIError(undefined, `${source}: union '${obj.name}' has no enum member '${variants.tagName ?? ''}'`);
    variants.tagMember = tag;
    variants.tagType = tag.type;
    addImplicitBranches(obj, tag, tag.type);
    for (const branch of variants.branches) branch.type = resolveObject(branch.typeName, obj.name);
  };

  for (const ent of registry.entities) {
    switch (ent.kind) {
      case 'array':
        ent.elementType = resolve(ent.elementTypeName, ent.name);
        break;
      case 'object':
        linkObject(ent);
        break;
      case 'alternate': {
        const tagType = resolve('QType', ent.name);
        ent.variants.tagMember.type = tagType;
        ent.variants.tagType = tagType as EnumType;
        for (const branch of ent.variants.branches) linkMember(branch, ent.name);
        break;
      }
      case 'command':
        ent.argType = ent.argTypeName === undefined ? undefined : resolveObject(ent.argTypeName, ent.name);
        ent.retType = ent.retTypeName === undefined ? undefined : resolve(ent.retTypeName, ent.name);
        break;
      case 'event':
        ent.argType = ent.argTypeName === undefined ? undefined : resolveObject(ent.argTypeName, ent.name);
        break;
      default:
        break;
    }
  }
  for (const ent of registry.entities) assignModule(registry, ent);
}

/** Every tag value no branch covers gets a `q_empty` branch, in enum order, as QEMU adds them. */
function addImplicitBranches(union: ObjectType, tag: ObjectMember, tagType: EnumType): void {
  const variants = union.variants!;
  const covered = new Set(variants.branches.map((b) => b.name));
  for (const value of tagType.values) {
    if (!covered.has(value.name))
      variants.branches.push(new Branch<ObjectType>(value.name, 'q_empty', value.if, tag.definedIn, variants.info, true));
  }
}

function assignModule(registry: SchemaRegistry, ent: Entity): void {
  const info = ent.kind === 'array' ? ent.elementType.info : ent.info;
  const module = registry.moduleIndex.byFname(info ? info.fname : BUILTIN_MODULE_NAME);
  ent.module = module;
  module.entities.push(ent);
}
