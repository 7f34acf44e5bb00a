/**
 * What `query-qmp-schema` returns: QEMU's `SchemaInfo` (qapi/introspect.json), as plain JSON
 * data. Property names are the wire names. Objects are built with their keys in QEMU's wire
 * order (QDict bucket order: runtime/qmp/qdict-order.ts), so `JSON.stringify` reproduces QEMU's key order.
 */

/** `SchemaMetaType`. */
export type SchemaInfoMetaType = 'builtin' | 'enum' | 'array' | 'object' | 'alternate' | 'command' | 'event';

/** `JSONType`, as far as builtins use it. */
export type SchemaInfoJsonType = 'string' | 'number' | 'int' | 'boolean' | 'null' | 'value';

interface SchemaInfoBase {
  /** Real name for commands, events and builtins; `[E]` for arrays; else masked (`"0"`, `"1"`...) unless unmasked. */
  name: string;
  'meta-type': SchemaInfoMetaType;
  /** Present iff the schema gives the entity at least one feature (may be `[]` once conditions drop them all). */
  features?: string[];
}

export interface SchemaInfoBuiltin extends SchemaInfoBase {
  'meta-type': 'builtin';
  'json-type': SchemaInfoJsonType;
}

export interface SchemaInfoEnumMember {
  name: string;
  features?: string[];
}

export interface SchemaInfoEnum extends SchemaInfoBase {
  'meta-type': 'enum';
  members: SchemaInfoEnumMember[];
  /** The member names again (deprecated in QEMU, still sent). */
  values: string[];
}

export interface SchemaInfoArray extends SchemaInfoBase {
  'meta-type': 'array';
  'element-type': string;
}

export interface SchemaInfoObjectMember {
  name: string;
  /** `null` marks an optional member; absent for mandatory ones. */
  default?: null;
  type: string;
  features?: string[];
}

export interface SchemaInfoObjectVariant {
  case: string;
  type: string;
}

export interface SchemaInfoObject extends SchemaInfoBase {
  'meta-type': 'object';
  /** Every member, the base's first. */
  members: SchemaInfoObjectMember[];
  /** Unions only: the discriminator member's name. */
  tag?: string;
  /** Unions only: explicit branches, then the implicit empty ones. */
  variants?: SchemaInfoObjectVariant[];
}

export interface SchemaInfoAlternateMember {
  type: string;
}

export interface SchemaInfoAlternate extends SchemaInfoBase {
  'meta-type': 'alternate';
  members: SchemaInfoAlternateMember[];
}

export interface SchemaInfoCommand extends SchemaInfoBase {
  'meta-type': 'command';
  'arg-type': string;
  'ret-type': string;
  /** Present (and true) only for out-of-band capable commands. */
  'allow-oob'?: true;
}

export interface SchemaInfoEvent extends SchemaInfoBase {
  'meta-type': 'event';
  'arg-type': string;
}

export type SchemaInfo =
  | SchemaInfoBuiltin
  | SchemaInfoEnum
  | SchemaInfoArray
  | SchemaInfoObject
  | SchemaInfoAlternate
  | SchemaInfoCommand
  | SchemaInfoEvent;
