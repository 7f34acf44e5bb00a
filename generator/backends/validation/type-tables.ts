/**
 * One type's validation table, from the model, with conditions applied. `use` registers the
 * types a table refers to, so the caller can walk everything reachable.
 */
import { evaluateIf } from '../../schema/conditions.js';
import type { SchemaAlternateType, SchemaEnumType, SchemaObjectType, SchemaType } from '../../schema/model.js';
import type {
  AlternateTable,
  EnumTable,
  JsonKind,
  MemberTable,
  ObjectTable,
  ScalarName,
  SpecialFeature,
  TypeTable,
  UnionTable,
} from '../../../contracts/validation-tables.js';
import { specialEntry, specialFeatures } from './special-features.js';

export interface TypeTableContext {
  readonly defined: ReadonlySet<string> | undefined;
  /** Registers a referenced type (to be described too) and returns its table name. */
  use(type: SchemaType): string;
}

const SCALARS: ReadonlySet<string> = new Set<ScalarName>([
  'str',
  'number',
  'bool',
  'null',
  'any',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'size',
]);

export function typeTable(type: SchemaType, ctx: TypeTableContext): TypeTable {
  switch (type.kind) {
    case 'builtin':
      if (!SCALARS.has(type.name)) throw new Error(`validation tables: unknown builtin '${type.name}'`);
      return { kind: 'builtin', scalar: type.name as ScalarName };
    case 'enum':
      return enumTable(type, ctx);
    case 'array':
      return { kind: 'array', element: ctx.use(type.elementType) };
    case 'object':
      return objectTable(type, ctx);
    case 'alternate':
      return alternateTable(type, ctx);
  }
}

function enumTable(type: SchemaEnumType, ctx: TypeTableContext): EnumTable {
  const values: string[] = [];
  const special: Record<string, readonly SpecialFeature[]> = {};
  let anySpecial = false;
  for (const value of type.values) {
    if (!evaluateIf(value.if, ctx.defined)) continue;
    values.push(value.name);
    const features = specialFeatures(value.features);
    if (features.length > 0) {
      special[value.name] = features;
      anySpecial = true;
    }
  }
  return anySpecial ? { kind: 'enum', values, special } : { kind: 'enum', values };
}

function objectTable(type: SchemaObjectType, ctx: TypeTableContext): ObjectTable {
  const members: MemberTable[] = [];
  for (const member of type.members) {
    if (!evaluateIf(member.if, ctx.defined)) continue;
    members.push({
      name: member.name,
      type: ctx.use(member.type),
      ...(member.optional ? { optional: true as const } : {}),
      ...specialEntry(member.features),
    });
  }
  const union = type.variants === undefined ? undefined : unionTable(type, ctx);
  return union === undefined ? { kind: 'object', members } : { kind: 'object', members, union };
}

function unionTable(type: SchemaObjectType, ctx: TypeTableContext): UnionTable | undefined {
  const variants = type.variants;
  if (variants === undefined) return undefined;
  const branches: Record<string, string> = {};
  for (const branch of variants.branches) {
    // Implicit branches are q_empty: nothing to visit.
    if (branch.isImplicit || !evaluateIf(branch.if, ctx.defined)) continue;
    branches[branch.name] = ctx.use(branch.type);
  }
  return { tag: variants.tagMember.name, branches };
}

function alternateTable(type: SchemaAlternateType, ctx: TypeTableContext): AlternateTable {
  const branches: Partial<Record<JsonKind, string>> = {};
  for (const branch of type.variants.branches) {
    if (!evaluateIf(branch.if, ctx.defined)) continue;
    branches[jsonKind(branch.type)] = ctx.use(branch.type);
  }
  return { kind: 'alternate', branches };
}

/** The QType an alternate branch is selected by (QEMU's alternate_qtype()). */
function jsonKind(type: SchemaType): JsonKind {
  switch (type.jsonType) {
    case 'string':
      return 'string';
    case 'int':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'value':
      throw new Error(`validation tables: type '${type.name}' cannot be an alternate branch`);
  }
}
