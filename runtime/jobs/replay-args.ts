import { genericError } from './errors.js';

/** A tiny QAPI input visitor: enough of QEMU's argument checks for the replayed commands. */
export type ArgType =
  | 'str'
  | 'int'
  | 'bool'
  | 'any'
  | { readonly enum: readonly string[] }
  | { readonly list: ArgType }
  | { readonly struct: StructSpec }
  | { readonly union: string; readonly variants: Readonly<Record<string, StructSpec>> };

/** Members in declaration order; a leading '*' marks an optional member. */
export type StructSpec = Readonly<Record<string, ArgType>>;

const TYPE_NAMES = { str: 'string', int: 'integer', bool: 'boolean' } as const;

function fullName(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkScalar(type: 'str' | 'int' | 'bool', value: unknown, where: string): void {
  const ok =
    type === 'str' ? typeof value === 'string' : type === 'bool' ? typeof value === 'boolean' : Number.isInteger(value);
  if (!ok) throw genericError(`Invalid parameter type for '${where}', expected: ${TYPE_NAMES[type]}`);
}

function checkValue(type: ArgType, value: unknown, path: string, name: string | null): void {
  const where = name === null ? path : fullName(path, name);
  if (type === 'any') return;
  if (type === 'str' || type === 'int' || type === 'bool') return checkScalar(type, value, where);
  if ('enum' in type) {
    if (typeof value !== 'string') throw genericError(`Invalid parameter type for '${where}', expected: string`);
    // QEMU names only the member here, not its path (and 'null' inside a list).
    if (!type.enum.includes(value)) throw genericError(`Parameter '${name ?? 'null'}' does not accept value '${value}'`);
    return;
  }
  if ('list' in type) {
    if (!Array.isArray(value)) throw genericError(`Invalid parameter type for '${where}', expected: array`);
    value.forEach((item, i) => checkValue(type.list, item, `${where}[${i}]`, null));
    return;
  }
  if (!isObject(value)) throw genericError(`Invalid parameter type for '${where}', expected: object`);
  if ('struct' in type) return checkStruct(type.struct, value, where);
  checkUnion(type, value, where);
}

function checkUnion(
  type: { readonly union: string; readonly variants: Readonly<Record<string, StructSpec>> },
  value: Record<string, unknown>,
  path: string,
): void {
  const tag = value[type.union];
  checkValue({ enum: Object.keys(type.variants) }, tag, path, type.union);
  const variant = type.variants[tag as string] ?? {};
  checkStruct({ [type.union]: 'str', ...variant }, value, path);
}

/** Declared members first (missing / wrong type), then anything left over is unexpected. */
export function checkStruct(spec: StructSpec, value: Record<string, unknown>, path = ''): void {
  const known = new Set<string>();
  for (const [key, type] of Object.entries(spec)) {
    const optional = key.startsWith('*');
    const name = optional ? key.slice(1) : key;
    known.add(name);
    if (!(name in value)) {
      if (optional) continue;
      throw genericError(`Parameter '${fullName(path, name)}' is missing`);
    }
    checkValue(type, value[name], path, name);
  }
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw genericError(`Parameter '${fullName(path, key)}' is unexpected`);
  }
}

/** QMP dispatch: `arguments` must be an object when present; then the struct check. */
export function checkArguments(spec: StructSpec, args: unknown): Record<string, unknown> {
  if (args === undefined) args = {};
  if (!isObject(args)) throw genericError("QMP input member 'arguments' must be an object");
  checkStruct(spec, args);
  return args;
}
