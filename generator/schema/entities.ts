/**
 * The classes behind the model interfaces of model.ts. The definition phase creates them with
 * type *names*; the check phase resolves those names and fills in the computed fields
 * (resolved types, flattened members, implicit branches, modules). After `buildSchema`
 * returns they are only ever read, through the interfaces.
 *
 * Fields are `declare`d and assigned in constructors rather than written as class fields:
 * define-semantics field initializers made building the full QMP schema about twice as slow.
 */
import type { QAPIDoc } from '../doc/doc.js';
import type { CommandFlags, IfCond } from '../expr/checked.js';
import type { SourceInfo } from '../source/info.js';
import type {
  SchemaAlternateType,
  SchemaArrayType,
  SchemaBranch,
  SchemaBuiltinType,
  SchemaCommand,
  SchemaEnumType,
  SchemaEnumValue,
  SchemaEvent,
  SchemaFeature,
  SchemaInclude,
  SchemaObjectMember,
  SchemaModule,
  SchemaObjectType,
  SchemaVariants,
} from './model.js';

/** The word messages use for a member-like thing (QEMU's `role`). */
type MemberRole = 'member' | 'value' | 'feature' | 'branch';

/** Anything describe-member can name. */
export interface MemberLike {
  readonly role: MemberRole;
  readonly name: string;
  /** The name of the type (or, for features of members and values, the member) defining it. */
  readonly definedIn: string;
}

const SPECIAL_FEATURES = new Set(['deprecated', 'unstable']);

export class Feature implements SchemaFeature, MemberLike {
  declare readonly role: 'feature';
  declare readonly name: string;
  declare readonly if: IfCond | undefined;
  declare readonly info: SourceInfo | undefined;
  declare readonly definedIn: string;

  constructor(name: string, cond: IfCond | undefined, info: SourceInfo | undefined, definedIn: string) {
    this.role = 'feature';
    this.name = name;
    this.if = cond;
    this.info = info;
    this.definedIn = definedIn;
  }

  get isSpecial(): boolean {
    return SPECIAL_FEATURES.has(this.name);
  }
}

export class EnumValue implements SchemaEnumValue, MemberLike {
  declare readonly role: 'value';
  declare readonly name: string;
  declare readonly if: IfCond | undefined;
  declare readonly features: readonly Feature[];
  declare readonly definedIn: string;

  constructor(name: string, cond: IfCond | undefined, features: readonly Feature[], definedIn: string) {
    this.role = 'value';
    this.name = name;
    this.if = cond;
    this.features = features;
    this.definedIn = definedIn;
  }
}

export class ObjectMember implements SchemaObjectMember, MemberLike {
  declare readonly role: MemberRole;
  declare readonly name: string;
  declare readonly typeName: string;
  /** Resolved by the check phase. */
  declare type: TypeEntity;
  declare readonly optional: boolean;
  declare readonly if: IfCond | undefined;
  declare readonly features: readonly Feature[];
  declare readonly definedIn: string;
  declare readonly info: SourceInfo | undefined;

  constructor(
    name: string,
    typeName: string,
    optional: boolean,
    cond: IfCond | undefined,
    features: readonly Feature[],
    definedIn: string,
    info: SourceInfo | undefined,
  ) {
    this.role = 'member';
    this.name = name;
    this.typeName = typeName;
    this.optional = optional;
    this.if = cond;
    this.features = features;
    this.definedIn = definedIn;
    this.info = info;
  }
}

export class Branch<T extends TypeEntity = TypeEntity> extends ObjectMember implements SchemaBranch<T> {
  declare readonly role: MemberRole;
  /** Resolved by the check phase (unions: an object type). */
  declare type: T;
  declare readonly isImplicit: boolean;

  constructor(
    name: string,
    typeName: string,
    cond: IfCond | undefined,
    definedIn: string,
    info: SourceInfo | undefined,
    isImplicit = false,
  ) {
    super(name, typeName, false, cond, [], definedIn, info);
    this.role = 'branch';
    this.isImplicit = isImplicit;
  }
}

export class Variants<T extends TypeEntity = TypeEntity> implements SchemaVariants<T> {
  /** Unions: the discriminator name; alternates have none (their tag member is built in). */
  declare readonly tagName: string | undefined;
  /** Unions: found among the base members by the check phase. */
  declare tagMember: ObjectMember;
  declare tagType: EnumType;
  declare readonly branches: Branch<T>[];
  declare readonly info: SourceInfo | undefined;

  constructor(tagName: string | undefined, tagMember: ObjectMember | undefined, branches: Branch<T>[], info: SourceInfo | undefined) {
    this.tagName = tagName;
    if (tagMember) this.tagMember = tagMember;
    this.branches = branches;
    this.info = info;
  }
}

/** What all named entities share. */
export abstract class Definition {
  declare readonly name: string;
  declare readonly info: SourceInfo | undefined;
  declare readonly doc: QAPIDoc | undefined;
  declare readonly features: readonly Feature[];
  /** Assigned after the check phase. */
  declare module: SchemaModule;
  declare private readonly ownIf: IfCond | undefined;

  constructor(
    name: string,
    info: SourceInfo | undefined,
    doc: QAPIDoc | undefined,
    cond: IfCond | undefined,
    features: readonly Feature[],
  ) {
    this.name = name;
    this.info = info;
    this.doc = doc;
    this.ownIf = cond;
    this.features = features;
  }

  get if(): IfCond | undefined {
    return this.ownIf;
  }
}

export class BuiltinType extends Definition implements SchemaBuiltinType {
  declare readonly kind: 'builtin';
  declare readonly jsonType: SchemaBuiltinType['jsonType'];
  declare readonly cType: string;

  constructor(name: string, jsonType: SchemaBuiltinType['jsonType'], cType: string) {
    super(name, undefined, undefined, undefined, []);
    this.kind = 'builtin';
    this.jsonType = jsonType;
    this.cType = cType;
  }
}

export class EnumType extends Definition implements SchemaEnumType {
  declare readonly kind: 'enum';
  declare readonly jsonType: 'string';
  declare readonly values: readonly EnumValue[];
  declare readonly prefix: string | undefined;

  constructor(
    name: string,
    info: SourceInfo | undefined,
    doc: QAPIDoc | undefined,
    cond: IfCond | undefined,
    features: readonly Feature[],
    values: readonly EnumValue[],
    prefix: string | undefined,
  ) {
    super(name, info, doc, cond, features);
    this.kind = 'enum';
    this.jsonType = 'string';
    this.values = values;
    this.prefix = prefix;
  }
}

export class ArrayType extends Definition implements SchemaArrayType {
  declare readonly kind: 'array';
  declare readonly jsonType: 'array';
  declare readonly elementTypeName: string;
  /** Resolved by the check phase. */
  declare elementType: TypeEntity;

  constructor(name: string, info: SourceInfo | undefined, elementTypeName: string) {
    super(name, info, undefined, undefined, []);
    this.kind = 'array';
    this.jsonType = 'array';
    this.elementTypeName = elementTypeName;
  }

  /** An array is as conditional as its element type. */
  override get if(): IfCond | undefined {
    return this.elementType.if;
  }
}

/** Check-phase progress of an object type (base cycles are found by re-entry). */
type ObjectCheckState = 'unchecked' | 'checking' | 'checked';

export class ObjectType extends Definition implements SchemaObjectType {
  declare readonly kind: 'object';
  declare readonly jsonType: 'object';
  declare readonly baseName: string | undefined;
  declare base: ObjectType | undefined;
  declare readonly localMembers: readonly ObjectMember[];
  /** Computed by the check phase. */
  declare members: readonly ObjectMember[];
  declare readonly variants: Variants<ObjectType> | undefined;
  declare checkState: ObjectCheckState;

  constructor(
    name: string,
    info: SourceInfo | undefined,
    doc: QAPIDoc | undefined,
    cond: IfCond | undefined,
    features: readonly Feature[],
    baseName: string | undefined,
    localMembers: readonly ObjectMember[],
    variants: Variants<ObjectType> | undefined,
  ) {
    super(name, info, doc, cond, features);
    this.kind = 'object';
    this.jsonType = 'object';
    this.checkState = 'unchecked';
    this.baseName = baseName;
    this.localMembers = localMembers;
    this.variants = variants;
    this.base = undefined;
  }

  get meta(): 'struct' | 'union' {
    return this.variants ? 'union' : 'struct';
  }

  /** `q_obj_*-arg`, `q_obj_*-base` and `q_empty`. */
  get isImplicit(): boolean {
    return this.name.startsWith('q_');
  }
}

export class AlternateType extends Definition implements SchemaAlternateType {
  declare readonly kind: 'alternate';
  declare readonly jsonType: 'value';
  declare readonly variants: Variants<TypeEntity>;

  constructor(
    name: string,
    info: SourceInfo | undefined,
    doc: QAPIDoc | undefined,
    cond: IfCond | undefined,
    features: readonly Feature[],
    variants: Variants<TypeEntity>,
  ) {
    super(name, info, doc, cond, features);
    this.kind = 'alternate';
    this.jsonType = 'value';
    this.variants = variants;
  }
}

export class Command extends Definition implements SchemaCommand {
  declare readonly kind: 'command';
  declare readonly argTypeName: string | undefined;
  declare argType: ObjectType | undefined;
  declare readonly retTypeName: string | undefined;
  declare retType: TypeEntity | undefined;
  declare readonly boxed: boolean;
  declare readonly gen: boolean;
  declare readonly successResponse: boolean;
  declare readonly allowOob: boolean;
  declare readonly allowPreconfig: boolean;
  declare readonly coroutine: boolean;

  constructor(
    name: string,
    info: SourceInfo,
    doc: QAPIDoc | undefined,
    cond: IfCond | undefined,
    features: readonly Feature[],
    argTypeName: string | undefined,
    retTypeName: string | undefined,
    flags: CommandFlags,
  ) {
    super(name, info, doc, cond, features);
    this.kind = 'command';
    this.argTypeName = argTypeName;
    this.retTypeName = retTypeName;
    this.argType = undefined;
    this.retType = undefined;
    this.boxed = flags.boxed;
    this.gen = flags.gen;
    this.successResponse = flags.successResponse;
    this.allowOob = flags.allowOob;
    this.allowPreconfig = flags.allowPreconfig;
    this.coroutine = flags.coroutine;
  }
}

export class Event extends Definition implements SchemaEvent {
  declare readonly kind: 'event';
  declare readonly argTypeName: string | undefined;
  declare argType: ObjectType | undefined;
  declare readonly boxed: boolean;

  constructor(
    name: string,
    info: SourceInfo,
    doc: QAPIDoc | undefined,
    cond: IfCond | undefined,
    features: readonly Feature[],
    argTypeName: string | undefined,
    boxed: boolean,
  ) {
    super(name, info, doc, cond, features);
    this.kind = 'event';
    this.argTypeName = argTypeName;
    this.argType = undefined;
    this.boxed = boxed;
  }
}

export class Include implements SchemaInclude {
  declare readonly kind: 'include';
  declare readonly info: SourceInfo;
  declare readonly includedModule: SchemaModule;
  declare module: SchemaModule;

  constructor(includedModule: SchemaModule, info: SourceInfo) {
    this.kind = 'include';
    this.includedModule = includedModule;
    this.info = info;
  }
}

export type TypeEntity = BuiltinType | EnumType | ArrayType | ObjectType | AlternateType;
export type DefinitionEntity = TypeEntity | Command | Event;
export type Entity = DefinitionEntity | Include;

export function isType(ent: Entity | undefined): ent is TypeEntity {
  return ent !== undefined && ent.kind !== 'command' && ent.kind !== 'event' && ent.kind !== 'include';
}
