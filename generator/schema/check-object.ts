/**
 * Struct and union checks (schema.py `QAPISchemaObjectType.check`): base, members, clashes,
 * then the union's variants. An object is checked at most once, possibly early (as someone's
 * base or branch); re-entering one still being checked means a base cycle.
 */
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { checkClash, checkFeatureClashes, checkTypeFeatures, type ClashTable } from './check-features.js';
import { checkUnionVariants } from './check-union.js';
import { describeEntity, describeMember } from './describe.js';
import type { ObjectMember, ObjectType, TypeEntity } from './entities.js';
import type { SchemaRegistry } from './registry.js';

export function checkObjectType(registry: SchemaRegistry, obj: ObjectType): void {
  if (obj.checkState === 'checked') return;
  if (obj.checkState === 'checking') throw semError(obj.info, `object ${obj.name} contains itself`);
  obj.checkState = 'checking';
  const namesOwner = registry.namesOwner;
  checkTypeFeatures(obj, namesOwner);
  const seen: ClashTable<ObjectMember> = new Map();
  if (obj.baseName !== undefined) {
    const base = resolveBase(registry, obj, obj.baseName);
    obj.base = base;
    checkObjectType(registry, base);
    checkMembersClash(base, obj.info, seen, namesOwner);
  }
  for (const m of obj.localMembers) {
    checkMember(registry, m);
    checkClash(m, obj.info, seen, namesOwner);
  }
  const members = [...seen.values()];
  if (obj.variants) checkUnionVariants(registry, obj.variants, seen);
  obj.members = members;
  obj.checkState = 'checked';
}

function resolveBase(registry: SchemaRegistry, obj: ObjectType, baseName: string): ObjectType {
  const base = registry.resolveType(baseName, obj.info, "'base'");
  if (base.kind !== 'object' || base.variants) {
    throw semError(obj.info, `'base' requires a struct type, ${describeEntity(base)} isn't`);
  }
  return base;
}

/** Resolves a member's (or branch's) type and checks its features; returns the type. */
export function checkMember(registry: SchemaRegistry, m: ObjectMember): TypeEntity {
  const namesOwner = registry.namesOwner;
  const type = registry.resolveType(m.typeName, m.info, () => describeMember(m, m.info, namesOwner));
  m.type = type;
  checkFeatureClashes(m.features, m.info, namesOwner);
  return type;
}

/**
 * The type's flattened members enter `seen`; clashes are reported at `info`. A union's
 * branches are walked too, each with its own copy of `seen` (QEMU's `check_clash`): only a
 * nested union (QEMU 10.0) makes that reach further than the caller's own branch loop.
 */
export function checkMembersClash(obj: ObjectType, info: SourceInfo | undefined, seen: ClashTable<ObjectMember>, namesOwner: boolean): void {
  for (const m of obj.members) checkClash(m, info, seen, namesOwner);
  if (obj.variants) {
    for (const branch of obj.variants.branches) checkMembersClash(branch.type, info, new Map(seen), namesOwner);
  }
}
