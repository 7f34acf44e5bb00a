/**
 * What `query-qmp-schema` returns: QEMU's `SchemaInfo` (qapi/introspect.json), as plain JSON
 * data with the wire names as property names. The introspection back end builds it (keys in
 * QEMU's wire order, so `JSON.stringify` reproduces QEMU's key order); a generated package's
 * `qmpSchemaInfo` has this type; the runtime's drift tools read any reply through the looser
 * SchemaInfoEntry (runtime/drift/schema-info.ts), which every SchemaInfo fits.
 * Types only: the TypeScript back end prints this file, from the line after this comment,
 * into a generated package's qmp-data-types.ts.
 */

/** `SchemaMetaType`. */
export type SchemaInfoMetaType = 'builtin' | 'enum' | 'array' | 'object' | 'alternate' | 'command' | 'event';

/** `JSONType`, as far as builtins use it. */
export type SchemaInfoJsonType = 'string' | 'number' | 'int' | 'boolean' | 'null' | 'value';

interface SchemaInfoBase {
  /** Real name for commands, events and builtins; `[E]` for arrays; else masked (`"0"`, `"1"`...) unless unmasked. */
  readonly name: string;
  readonly 'meta-type': SchemaInfoMetaType;
  /** Present iff the schema gives the entity at least one feature (may be `[]` once conditions drop them all). */
  readonly features?: readonly string[];
}

export interface SchemaInfoBuiltin extends SchemaInfoBase {
  readonly 'meta-type': 'builtin';
  readonly 'json-type': SchemaInfoJsonType;
}

export interface SchemaInfoEnumMember {
  readonly name: string;
  readonly features?: readonly string[];
}

export interface SchemaInfoEnum extends SchemaInfoBase {
  readonly 'meta-type': 'enum';
  readonly members: readonly SchemaInfoEnumMember[];
  /** The member names again (deprecated in QEMU, still sent). */
  readonly values: readonly string[];
}

export interface SchemaInfoArray extends SchemaInfoBase {
  readonly 'meta-type': 'array';
  readonly 'element-type': string;
}

export interface SchemaInfoObjectMember {
  readonly name: string;
  /** `null` marks an optional member; absent for mandatory ones. */
  readonly default?: null;
  readonly type: string;
  readonly features?: readonly string[];
}

export interface SchemaInfoObjectVariant {
  readonly case: string;
  readonly type: string;
}

export interface SchemaInfoObject extends SchemaInfoBase {
  readonly 'meta-type': 'object';
  /** Every member, the base's first. */
  readonly members: readonly SchemaInfoObjectMember[];
  /** Unions only: the discriminator member's name. */
  readonly tag?: string;
  /** Unions only: explicit branches, then the implicit empty ones. */
  readonly variants?: readonly SchemaInfoObjectVariant[];
}

export interface SchemaInfoAlternateMember {
  readonly type: string;
}

export interface SchemaInfoAlternate extends SchemaInfoBase {
  readonly 'meta-type': 'alternate';
  readonly members: readonly SchemaInfoAlternateMember[];
}

export interface SchemaInfoCommand extends SchemaInfoBase {
  readonly 'meta-type': 'command';
  readonly 'arg-type': string;
  readonly 'ret-type': string;
  /** Present (and true) only for out-of-band capable commands. */
  readonly 'allow-oob'?: true;
}

export interface SchemaInfoEvent extends SchemaInfoBase {
  readonly 'meta-type': 'event';
  readonly 'arg-type': string;
}

export type SchemaInfo =
  | SchemaInfoBuiltin
  | SchemaInfoEnum
  | SchemaInfoArray
  | SchemaInfoObject
  | SchemaInfoAlternate
  | SchemaInfoCommand
  | SchemaInfoEvent;
