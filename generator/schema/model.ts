/**
 * The checked schema: the read-only model every back end reads (dump, TypeScript emitter,
 * introspection, QMP dispatcher). It mirrors QEMU 7.2's schema.py entity model.
 *
 * Everything here is complete once `buildSchema` returns: every type reference is resolved,
 * every object's flattened `members` is computed, every union has its implicit `q_empty`
 * branches, every entity has its module. Back ends must not mutate it.
 */
import type { QAPIDoc } from '../doc/doc.js';
import type { CommandFlags, IfCond } from '../expr/checked.js';
import type { SourceInfo } from '../source/info.js';

export type { IfCond } from '../expr/checked.js';

/** A feature of an entity, an object member or an enum value. */
export interface SchemaFeature {
  readonly name: string;
  /** The condition, or undefined when unconditional. */
  readonly if: IfCond | undefined;
  /** `deprecated` and `unstable` have a meaning to QEMU (compat policy). */
  readonly isSpecial: boolean;
}

/** What every named entity carries. */
interface SchemaDefinitionBase {
  readonly name: string;
  /** Where it was defined; undefined for predefined entities (builtins, q_empty, QType, builtin arrays). */
  readonly info: SourceInfo | undefined;
  /** The doc block attached to the definition, if any (implicit entities never have one). */
  readonly doc: QAPIDoc | undefined;
  /** The condition, or undefined when unconditional. Arrays report their element's. */
  readonly if: IfCond | undefined;
  readonly features: readonly SchemaFeature[];
  /** The module (file) the entity belongs to. */
  readonly module: SchemaModule;
}

/** One of `str number int int8 ... uint64 size bool any null`. */
export interface SchemaBuiltinType extends SchemaDefinitionBase {
  readonly kind: 'builtin';
  readonly jsonType: 'string' | 'number' | 'int' | 'boolean' | 'value' | 'null';
  /** The C type QEMU maps it to (`char *`, `int64_t`, `QObject *`...). */
  readonly cType: string;
}

export interface SchemaEnumValue {
  readonly name: string;
  readonly if: IfCond | undefined;
  readonly features: readonly SchemaFeature[];
}

export interface SchemaEnumType extends SchemaDefinitionBase {
  readonly kind: 'enum';
  readonly jsonType: 'string';
  readonly values: readonly SchemaEnumValue[];
  /** The `prefix` key (C constant prefix override), if given. */
  readonly prefix: string | undefined;
}

/** `[T]`, named `TList`. */
export interface SchemaArrayType extends SchemaDefinitionBase {
  readonly kind: 'array';
  readonly jsonType: 'array';
  readonly elementType: SchemaType;
}

/** A member of an object type (also used for union and alternate tag members). */
export interface SchemaObjectMember {
  readonly name: string;
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly if: IfCond | undefined;
  readonly features: readonly SchemaFeature[];
  /** Name of the type that defines it (a base's name for inherited members). */
  readonly definedIn: string;
}

/** A union or alternate branch. */
export interface SchemaBranch<T extends SchemaType = SchemaType> {
  readonly name: string;
  readonly type: T;
  readonly if: IfCond | undefined;
  /** Union branches added for enum values no branch covers (type `q_empty`). */
  readonly isImplicit: boolean;
}

/** A union's (or alternate's) discriminator and branches. */
export interface SchemaVariants<T extends SchemaType = SchemaType> {
  /** Unions: the discriminator member (enum-typed, found among the base's members).
   *  Alternates: the internal member `type` of type `QType`. */
  readonly tagMember: SchemaObjectMember;
  /** The tag member's enum type. */
  readonly tagType: SchemaEnumType;
  /** Explicit branches in source order, then (unions) the implicit ones in enum order. */
  readonly branches: readonly SchemaBranch<T>[];
}

/** A struct, a union, an implicit `q_obj_*` type, or `q_empty`. */
export interface SchemaObjectType extends SchemaDefinitionBase {
  readonly kind: 'object';
  readonly jsonType: 'object';
  /** `union` when it has variants, else `struct`. */
  readonly meta: 'struct' | 'union';
  /** Implicit (`q_obj_<name>-arg`, `q_obj_<name>-base`, `q_empty`): name starts with `q_`. */
  readonly isImplicit: boolean;
  readonly base: SchemaObjectType | undefined;
  /** Members defined by this type itself, in source order. */
  readonly localMembers: readonly SchemaObjectMember[];
  /** All members: the base's (flattened, recursively) then the local ones. */
  readonly members: readonly SchemaObjectMember[];
  /** Unions only. */
  readonly variants: SchemaVariants<SchemaObjectType> | undefined;
}

export interface SchemaAlternateType extends SchemaDefinitionBase {
  readonly kind: 'alternate';
  readonly jsonType: 'value';
  readonly variants: SchemaVariants;
}

export interface SchemaCommand extends SchemaDefinitionBase, CommandFlags {
  readonly kind: 'command';
  /** Arguments: an implicit `q_obj_<name>-arg`, a named struct, a union (boxed only), or none. */
  readonly argType: SchemaObjectType | undefined;
  readonly retType: SchemaType | undefined;
}

export interface SchemaEvent extends SchemaDefinitionBase {
  readonly kind: 'event';
  readonly argType: SchemaObjectType | undefined;
  readonly boxed: boolean;
}

/** Where an `include` directive was: printed as `include <module>`; has no name. */
export interface SchemaInclude {
  readonly kind: 'include';
  readonly info: SourceInfo;
  /** The module of the file the directive includes. */
  readonly includedModule: SchemaModule;
  /** The module containing the directive. */
  readonly module: SchemaModule;
}

export type SchemaType = SchemaBuiltinType | SchemaEnumType | SchemaArrayType | SchemaObjectType | SchemaAlternateType;

/** Every named entity: types, commands and events share one namespace. */
export type SchemaDefinition = SchemaType | SchemaCommand | SchemaEvent;

export type SchemaEntity = SchemaDefinition | SchemaInclude;

/** A schema file (or the system module `./builtin`). */
export interface SchemaModule {
  /** Path relative to the main file's directory; `./builtin` for predefined entities. */
  readonly name: string;
  /** System modules are named `./…` (`./builtin`, or a `./x.json` include quirk). */
  readonly isSystem: boolean;
  /** Its entities, in global creation order. */
  readonly entities: readonly SchemaEntity[];
}

export interface Schema {
  /** The main schema file name, as given. */
  readonly fname: string;
  /** `./builtin`, the main file, then each included file in first-include order. */
  readonly modules: readonly SchemaModule[];
  /** Every entity (includes markers too) in creation order. */
  readonly entities: readonly SchemaEntity[];
  lookupEntity(name: string): SchemaDefinition | undefined;
  /** A type of that name (commands and events are not types). */
  lookupType(name: string): SchemaType | undefined;
  lookupModule(name: string): SchemaModule | undefined;
}
