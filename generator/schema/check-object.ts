/**
 * Struct and union checks (schema.py `QAPISchemaObjectType.check`): base, members, clashes,
 * then the union's variants (`QAPISchemaVariants.check` / `check_clash`): the discriminator,
 * the implicit `q_empty` branches, the branch types, and clashes between each branch's
 * members and the base's. An object is checked at most once, possibly early (as someone's
 * base or branch); re-entering one still being checked means a base cycle.
 */
import { semError } from '../source/error.js';
import type { SourceInfo } from '../source/info.js';
import { cName } from './c-name.js';
import { checkClash, checkFeatureClashes, checkTypeFeatures, type SeenMembers } from './check-features.js';
import { describeEntity, describeMember } from './describe.js';
import { Branch, type EnumType, type ObjectMember, type ObjectType, type TypeEntity, type Variants } from './entities.js';
import type { SchemaRegistry } from './registry.js';

export function checkObjectType(registry: SchemaRegistry, obj: ObjectType): void {
  if (obj.checkState === 'checked') return;
  if (obj.checkState === 'checking') throw semError(obj.info, `object ${obj.name} contains itself`);
  obj.checkState = 'checking';
  const namesOwner = registry.namesOwner;
  checkTypeFeatures(obj, namesOwner);
  const seen: SeenMembers<ObjectMember> = new Map();
  if (obj.baseName !== undefined) {
    const base = resolveBase(registry, obj, obj.baseName);
    obj.base = base;
    checkObjectType(registry, base);
    checkMembersClash(base, obj.info, seen, namesOwner);
  }
  const localMembers = obj.localMembers;
  for (let i = 0; i < localMembers.length; i++) {
    const m = localMembers[i]!;
    checkMember(registry, m);
    checkClash(m, obj.info, seen, namesOwner);
  }
  const members: ObjectMember[] = [];
  seen.forEach((m) => members.push(m));
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
  // Described only for the error: no closure per member.
  const type = registry.lookupType(m.typeName) ?? registry.resolveType(m.typeName, m.info, describeMember(m, m.info, namesOwner));
  m.type = type;
  checkFeatureClashes(m.features, m.info, namesOwner);
  return type;
}

/**
 * The type's flattened members enter `seen`; clashes are reported at `info`. A union's
 * branches are walked too, each with its own copy of `seen` (QEMU's `check_clash`): only a
 * nested union (QEMU 10.0) makes that reach further than the caller's own branch loop.
 */
function checkMembersClash(obj: ObjectType, info: SourceInfo | undefined, seen: SeenMembers<ObjectMember>, namesOwner: boolean): void {
  const members = obj.members;
  for (let i = 0; i < members.length; i++) checkClash(members[i]!, info, seen, namesOwner);
  if (obj.variants) {
    const branches = obj.variants.branches;
    for (let i = 0; i < branches.length; i++) checkMembersClash(branches[i]!.type, info, new Map(seen), namesOwner);
  }
}

// ---- A union's variants

function checkUnionVariants(registry: SchemaRegistry, variants: Variants<ObjectType>, seen: SeenMembers<ObjectMember>): void {
  const tagType = checkDiscriminator(variants, seen);
  addImplicitBranches(variants, tagType);
  if (variants.branches.length === 0) throw semError(variants.info, 'union has no branches');
  const valueNames = new Set(tagType.values.map((v) => v.name));
  const branches = variants.branches;
  for (let i = 0; i < branches.length; i++) checkUnionBranch(registry, variants, branches[i]!, valueNames);
  for (let i = 0; i < branches.length; i++) {
    checkMembersClash(branches[i]!.type, variants.info, new Map(seen), registry.namesOwner);
  }
}

/** The discriminator must be a mandatory, unconditional, enum-typed member of the base. */
function checkDiscriminator(variants: Variants<ObjectType>, seen: SeenMembers<ObjectMember>): EnumType {
  const tagName = variants.tagName;
  if (tagName === undefined) throw new Error('internal error: union variants without a discriminator');
  const tag = seen.get(cName(tagName));
  if (!tag || tag.name !== tagName) {
    throw semError(variants.info, `discriminator '${tagName}' is not a member of 'base'`);
  }
  variants.tagMember = tag;
  // An implicit (inline) base has no name worth showing.
  const where = tag.definedIn.startsWith('q_') ? "'base'" : `base type '${tag.definedIn}'`;
  const fail = (problem: string) => semError(variants.info, `discriminator member '${tagName}' of ${where} ${problem}`);
  const type = tag.type;
  if (type.kind !== 'enum') throw fail('must be of enum type');
  if (tag.optional) throw fail('must not be optional');
  if (tag.if !== undefined) throw fail('must not be conditional');
  variants.tagType = type;
  return type;
}

/** Every enum value no branch covers gets a branch of type `q_empty`, in enum order. */
function addImplicitBranches(variants: Variants<ObjectType>, tagType: EnumType): void {
  const covered = new Set(variants.branches.map((b) => b.name));
  const definedIn = variants.tagMember.definedIn;
  const values = tagType.values;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!covered.has(value.name)) {
      variants.branches.push(new Branch<ObjectType>(value.name, 'q_empty', value.if, definedIn, variants.info, true));
    }
  }
}

function checkUnionBranch(
  registry: SchemaRegistry,
  variants: Variants<ObjectType>,
  branch: Branch<ObjectType>,
  valueNames: Set<string>,
): void {
  const type = checkMember(registry, branch);
  if (!valueNames.has(branch.name)) {
    throw semError(variants.info, `branch '${branch.name}' is not a value of ${describeEntity(variants.tagType)}`);
  }
  if (type.kind !== 'object' || (type.variants && !registry.dialect.nestedUnions)) {
    throw semError(variants.info, `${describeMember(branch, variants.info, registry.namesOwner)} cannot use ${describeEntity(type)}`);
  }
  checkObjectType(registry, type);
}
