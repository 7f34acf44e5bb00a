/**
 * The definition phase (schema.py `_def_exprs`): one or more entities per expression, in
 * QEMU's order: arrays on first use, implicit object types before their users.
 */
import type {
  CheckedAlternate,
  BranchDef,
  CheckedExpression,
  CheckedCommand,
  CheckedEnum,
  CheckedEvent,
  FeatureDef,
  IfCond,
  MemberDef,
  CheckedStruct,
  TypeRef,
  CheckedUnion,
} from '../expr/checked.js';
import type { SourceInfo } from '../source/info.js';
import {
  AlternateType,
  ArrayType,
  Branch,
  Command,
  EnumType,
  EnumValue,
  Event,
  Feature,
  Include,
  ObjectMember,
  ObjectType,
  Variants,
  type TypeEntity,
} from './entities.js';
import type { SchemaRegistry } from './registry.js';

/** Creates the entities of every checked expression, in order. */
export function defineExpressions(registry: SchemaRegistry, exprs: readonly CheckedExpression[]): void {
  const definer = new Definer(registry);
  for (let i = 0; i < exprs.length; i++) definer.define(exprs[i]!);
}

/** Shared by every entity and member without features (nearly all): nobody writes to it. */
const NO_FEATURES: readonly Feature[] = Object.freeze([]);

function makeFeatures(defs: readonly FeatureDef[], info: SourceInfo, definedIn: string): readonly Feature[] {
  if (defs.length === 0) return NO_FEATURES;
  return defs.map((f) => new Feature(f.name, f.if, info, definedIn));
}

class Definer {
  private readonly registry: SchemaRegistry;

  constructor(registry: SchemaRegistry) {
    this.registry = registry;
  }

  define(expr: CheckedExpression): void {
    switch (expr.meta) {
      case 'enum':
        return this.defineEnum(expr);
      case 'struct':
        return this.defineStruct(expr);
      case 'union':
        return this.defineUnion(expr);
      case 'alternate':
        return this.defineAlternate(expr);
      case 'command':
        return this.defineCommand(expr);
      case 'event':
        return this.defineEvent(expr);
      case 'include':
        return this.registry.define(new Include(this.registry.moduleIndex.make(expr.path), expr.info));
    }
  }

  private defineEnum(def: CheckedEnum): void {
    const values = def.values.map((v) => new EnumValue(v.name, v.if, makeFeatures(v.features, def.info, v.name), def.name));
    const features = makeFeatures(def.features, def.info, def.name);
    this.registry.define(new EnumType(def.name, def.info, def.doc, def.if, features, values, def.prefix));
  }

  private defineStruct(def: CheckedStruct): void {
    const members = this.makeMembers(def.members, def.info, def.name);
    const features = makeFeatures(def.features, def.info, def.name);
    this.registry.define(new ObjectType(def.name, def.info, def.doc, def.if, features, def.base, members, undefined));
  }

  private defineUnion(def: CheckedUnion): void {
    const base = typeof def.base === 'string' ? def.base : this.makeImplicitObjectType(def.name, 'base', def.base, def.info, def.if);
    const branches = def.branches.map((b) => this.makeBranch<ObjectType>(b, def.info, def.name));
    const variants = new Variants<ObjectType>(def.discriminator, undefined, branches, def.info);
    const features = makeFeatures(def.features, def.info, def.name);
    this.registry.define(new ObjectType(def.name, def.info, def.doc, def.if, features, base, [], variants));
  }

  private defineAlternate(def: CheckedAlternate): void {
    const branches = def.branches.map((b) => this.makeBranch<TypeEntity>(b, def.info, def.name));
    const tagMember = new ObjectMember('type', 'QType', false, undefined, [], def.name, def.info);
    const variants = new Variants<TypeEntity>(undefined, tagMember, branches, def.info);
    const features = makeFeatures(def.features, def.info, def.name);
    this.registry.define(new AlternateType(def.name, def.info, def.doc, def.if, features, variants));
  }

  private defineCommand(def: CheckedCommand): void {
    const argType = this.argTypeName(def);
    const retType = def.returns && this.typeRefName(def.returns, def.info);
    const features = makeFeatures(def.features, def.info, def.name);
    this.registry.define(new Command(def.name, def.info, def.doc, def.if, features, argType, retType, def));
  }

  private defineEvent(def: CheckedEvent): void {
    const argType = this.argTypeName(def);
    const features = makeFeatures(def.features, def.info, def.name);
    this.registry.define(new Event(def.name, def.info, def.doc, def.if, features, argType, def.boxed));
  }

  /** A command's or event's `data`: a type name, an implicit `q_obj_<name>-arg`, or none. */
  private argTypeName(def: CheckedCommand | CheckedEvent): string | undefined {
    if (def.data === undefined || typeof def.data === 'string') return def.data;
    return this.makeImplicitObjectType(def.name, 'arg', def.data, def.info, def.if);
  }

  /** `q_obj_<owner>-<role>` for inline members; none for `{}`. */
  private makeImplicitObjectType(
    owner: string,
    role: 'arg' | 'base',
    memberDefs: readonly MemberDef[],
    info: SourceInfo,
    cond: IfCond | undefined,
  ): string | undefined {
    const name = `q_obj_${owner}-${role}`;
    const members = this.makeMembers(memberDefs, info, name);
    if (members.length === 0) return undefined;
    // An existing one can only come from a duplicate definition, reported right after.
    if (this.registry.lookupEntity(name)?.kind !== 'object') {
      this.registry.define(new ObjectType(name, info, undefined, cond, [], undefined, members, undefined));
    }
    return name;
  }

  private makeMembers(defs: readonly MemberDef[], info: SourceInfo, definedIn: string): ObjectMember[] {
    return defs.map((m) => {
      const typeName = this.typeRefName(m.type, info);
      const features = makeFeatures(m.features, info, m.name);
      return new ObjectMember(m.name, typeName, m.optional, m.if, features, definedIn, info);
    });
  }

  private makeBranch<T extends TypeEntity>(def: BranchDef, info: SourceInfo, definedIn: string): Branch<T> {
    return new Branch<T>(def.name, this.typeRefName(def.type, info), def.if, definedIn, info);
  }

  /** `T` or `[T]`; the latter creates `TList` on first use, with the user's info. */
  private typeRefName(ref: TypeRef, info: SourceInfo): string {
    if (!ref.isArray) return ref.name;
    const name = `${ref.name}List`;
    if (!this.registry.lookupType(name)) this.registry.define(new ArrayType(name, info, ref.name));
    return name;
  }
}
