/**
 * `qmp-data-types.ts`: the types the generated data is written against, copied structurally
 * from the runtime (runtime/qmp/validate/tables.ts) and from introspection's SchemaInfo, so
 * that a generated package type-checks without qapi-ts installed. It is not re-exported from
 * `index.ts` (`SchemaInfo` may well be a schema type too). A test keeps the copies and the
 * originals mutually assignable.
 */
import type { Schema } from '../../schema/model.js';
import type { EmitContext } from './context.js';
import { DATA_TYPES_FILE } from './package-files.js';

/** The name `ValidationTables` is fixed: printValidationTables imports it. */
export const VALIDATION_TABLES_TYPE = 'ValidationTables';
export const INTROSPECTION_ENTRY_TYPE = 'SchemaInfoEntry';

const VALIDATION_TYPES = `/** Mirrors runtime/qmp/validate/tables.ts: what QMP input and output must look like. */
export type SpecialFeature = 'deprecated' | 'unstable';
export type ScalarName =
  | 'str' | 'number' | 'bool' | 'null' | 'any'
  | 'int' | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'size';
export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
export interface BuiltinTable { readonly kind: 'builtin'; readonly scalar: ScalarName }
export interface EnumTable {
  readonly kind: 'enum';
  readonly values: readonly string[];
  readonly special?: { readonly [value: string]: readonly SpecialFeature[] };
}
export interface ArrayTable { readonly kind: 'array'; readonly element: string }
export interface MemberTable {
  readonly name: string;
  readonly type: string;
  readonly optional?: true;
  readonly special?: readonly SpecialFeature[];
}
export interface UnionTable { readonly tag: string; readonly branches: { readonly [tagValue: string]: string } }
export interface ObjectTable { readonly kind: 'object'; readonly members: readonly MemberTable[]; readonly union?: UnionTable }
export interface AlternateTable { readonly kind: 'alternate'; readonly branches: { readonly [K in JsonKind]?: string } }
export type TypeTable = BuiltinTable | EnumTable | ArrayTable | ObjectTable | AlternateTable;
export interface CommandTable {
  readonly arguments?: string;
  readonly returns?: string;
  readonly allowOob?: true;
  readonly allowPreconfig?: true;
  readonly noSuccessResponse?: true;
  readonly unchecked?: true;
  readonly special?: readonly SpecialFeature[];
}
export interface EventTable { readonly data?: string; readonly special?: readonly SpecialFeature[] }
export type Int64Representation = 'number' | 'bigint';
export interface ${VALIDATION_TABLES_TYPE} {
  readonly int64?: Int64Representation;
  readonly commands: { readonly [name: string]: CommandTable };
  readonly events: { readonly [name: string]: EventTable };
  readonly types: { readonly [name: string]: TypeTable };
}`;

const INTROSPECTION_TYPES = `/** One entry of \`query-qmp-schema\` (QEMU's SchemaInfo), wire names. */
export type ${INTROSPECTION_ENTRY_TYPE} =
  | SchemaInfoBuiltin | SchemaInfoEnum | SchemaInfoArray | SchemaInfoObject
  | SchemaInfoAlternate | SchemaInfoCommand | SchemaInfoEvent;
interface SchemaInfoBase { readonly name: string; readonly features?: readonly string[] }
export interface SchemaInfoBuiltin extends SchemaInfoBase {
  readonly 'meta-type': 'builtin';
  readonly 'json-type': 'string' | 'number' | 'int' | 'boolean' | 'null' | 'value';
}
export interface SchemaInfoEnum extends SchemaInfoBase {
  readonly 'meta-type': 'enum';
  readonly members: readonly { readonly name: string; readonly features?: readonly string[] }[];
  readonly values: readonly string[];
}
export interface SchemaInfoArray extends SchemaInfoBase { readonly 'meta-type': 'array'; readonly 'element-type': string }
export interface SchemaInfoObject extends SchemaInfoBase {
  readonly 'meta-type': 'object';
  readonly members: readonly {
    readonly name: string;
    readonly default?: null;
    readonly type: string;
    readonly features?: readonly string[];
  }[];
  readonly tag?: string;
  readonly variants?: readonly { readonly case: string; readonly type: string }[];
}
export interface SchemaInfoAlternate extends SchemaInfoBase {
  readonly 'meta-type': 'alternate';
  readonly members: readonly { readonly type: string }[];
}
export interface SchemaInfoCommand extends SchemaInfoBase {
  readonly 'meta-type': 'command';
  readonly 'arg-type': string;
  readonly 'ret-type': string;
  readonly 'allow-oob'?: true;
}
export interface SchemaInfoEvent extends SchemaInfoBase { readonly 'meta-type': 'event'; readonly 'arg-type': string }`;

export function generateDataTypes(_schema: Schema, ctx: EmitContext): void {
  const content = `// Types of the generated data (structural copies of qapi-ts's runtime types).\n\n${VALIDATION_TYPES}\n\n${INTROSPECTION_TYPES}\n`;
  ctx.rawFiles.push({ path: DATA_TYPES_FILE, content, exported: false });
}
