/**
 * The validation tables: a compact, JSON-serializable description of what QMP requests,
 * return values and events must look like. The generator builds them from a checked schema
 * with its conditions applied (generator/backends/validation); the runtime compiles them into
 * validators (runtime/qmp/validate/) and the typed layers (runtime/qmp/typed/) read them.
 * Types only: the TypeScript back end prints this file, from the line after this comment,
 * into a generated package's qmp-data-types.ts, so the package type-checks without qapi-ts.
 */

/** The features QEMU acts on at run time (compat policy). */
export type SpecialFeature = 'deprecated' | 'unstable';

/** Builtin scalar types, by QAPI name. */
export type ScalarName =
  | 'str'
  | 'number'
  | 'bool'
  | 'null'
  | 'any'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'size';

/** The JSON kinds an alternate dispatches on (QEMU's QType of the value). */
export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** A builtin scalar type. */
export interface BuiltinTable {
  readonly kind: 'builtin';
  readonly scalar: ScalarName;
}

/** An enum type. */
export interface EnumTable {
  readonly kind: 'enum';
  /** Enabled values, in schema order. */
  readonly values: readonly string[];
  /** Values carrying special features. */
  readonly special?: { readonly [value: string]: readonly SpecialFeature[] };
}

/** An array type, by element type name. */
export interface ArrayTable {
  readonly kind: 'array';
  readonly element: string;
}

/** One member of an object type. */
export interface MemberTable {
  readonly name: string;
  readonly type: string;
  readonly optional?: true;
  readonly special?: readonly SpecialFeature[];
}

/** How an object type is a union: its tag and its branches. */
export interface UnionTable {
  /** The discriminator: one of the object's members, enum-typed. */
  readonly tag: string;
  /** Tag value -> object type whose members the branch adds. Branches without members are left out. */
  readonly branches: { readonly [tagValue: string]: string };
}

/** An object type (a struct, or a union with its base). */
export interface ObjectTable {
  readonly kind: 'object';
  /** All members in visiting order: base members first, then own members. */
  readonly members: readonly MemberTable[];
  readonly union?: UnionTable;
}

/** An alternate type: one branch per JSON kind. */
export interface AlternateTable {
  readonly kind: 'alternate';
  /** JSON kind -> branch type. */
  readonly branches: { readonly [K in JsonKind]?: string };
}

/** Any type of the tables. */
export type TypeTable = BuiltinTable | EnumTable | ArrayTable | ObjectTable | AlternateTable;

/** One command: its argument and return types and its flags. */
export interface CommandTable {
  /** Argument object type; absent when the command takes no arguments (QEMU's q_empty). */
  readonly arguments?: string;
  /** Return type; absent when the command returns `{}`. */
  readonly returns?: string;
  readonly allowOob?: true;
  readonly allowPreconfig?: true;
  /** `success-response: false`: no reply at all on success. */
  readonly noSuccessResponse?: true;
  /** `gen: false`: the handler gets the raw arguments object and validates it itself. */
  readonly unchecked?: true;
  readonly special?: readonly SpecialFeature[];
}

/** One event: its data type and special features. */
export interface EventTable {
  readonly data?: string;
  readonly special?: readonly SpecialFeature[];
}

/**
 * How the generated types represent the 64-bit integers (`int`, `int64`, `uint64`, `size`):
 * `number` (the typed client converts, reporting a value a number cannot hold exactly) or
 * `bigint` (the typed client and server always hand out bigints for them).
 */
export type Int64Representation = 'number' | 'bigint';

/**
 * `C` and `E` are the command map and event map of the schema the tables were generated from
 * (the generated `QmpCommands` and `QmpEvents`): the generated `qmpValidation` is declared
 * `ValidationTables<QmpCommands, QmpEvents>`, so the typed client, dispatcher and emitter infer
 * both maps from it. Tables made at run time (the generator's `buildValidationTables`) know
 * no maps: their `any` default lets them be used with maps named explicitly,
 * `typedQmpClient<QmpCommands, QmpEvents>(client, { validation })`.
 */
export interface ValidationTables<C = any, E = any> {
  /** What the package was generated with (`qapi-ts generate --int64`); absent means `number`. */
  readonly int64?: Int64Representation;
  readonly commands: { readonly [name: string]: CommandTable };
  readonly events: { readonly [name: string]: EventTable };
  /** Every type reachable from the commands and events, builtins included. */
  readonly types: { readonly [name: string]: TypeTable };
  /**
   * Type-level only, never present at run time: the maps the tables describe. A string key,
   * so that the structural copy in a generated package (`qmp-data-types.ts`) can match it.
   */
  readonly '~maps'?: { readonly commands: C; readonly events: E };
}
