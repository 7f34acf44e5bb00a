/**
 * Compiles validation tables into output checkers for return values and event data (QEMU's
 * qobject output visitor): each value is rebuilt from the schema (members in schema order,
 * base first, then the union branch; absent optional members and members the policy hides
 * left out; keys the schema does not know dropped). A value the schema does not allow is a
 * handler bug: the checker reports it instead of putting it on the wire.
 */
import { hiddenByPolicy } from '../dispatch/compat.js';
import type { CompatPolicy } from '../dispatch/compat.js';
import { QmpDouble } from '../json/value.js';
import { inRange, SIGNED_RANGES, toInt64, toUint64, UNSIGNED_RANGES } from './int.js';
import type { IntRange } from './int.js';
import { FAIL, jsonKindOf } from './types.js';
import { isJsonObject } from '../json/value.js';
import type { FailureSlot, OutputValidator } from './types.js';
import type { UncheckedJsonObject } from '../json/value.js';
import type { ObjectTable, ScalarName, TypeTable, ValidationTables } from '../../../contracts/validation-tables.js';

interface OutputMember {
  readonly name: string;
  readonly optional: boolean;
  readonly hidden: boolean;
  readonly check: OutputValidator;
}

interface OutputObject {
  readonly members: readonly OutputMember[];
  readonly tag: string | undefined;
  readonly branches: ReadonlyMap<string, string>;
}

export class OutputCompiler {
  readonly failure: FailureSlot = { message: '' };
  private readonly tables: ValidationTables;
  private readonly policy: CompatPolicy;
  private readonly checkers = new Map<string, OutputValidator>();
  private readonly objects = new Map<string, OutputObject>();

  constructor(tables: ValidationTables, policy: CompatPolicy) {
    this.tables = tables;
    this.policy = policy;
  }

  checker(typeName: string): OutputValidator {
    let checker = this.checkers.get(typeName);
    if (checker === undefined) {
      let built: OutputValidator | undefined;
      checker = (value, where) => (built ??= this.build(typeName))(value, where);
      this.checkers.set(typeName, checker);
    }
    return checker;
  }

  private build(typeName: string): OutputValidator {
    const table = this.table(typeName);
    switch (table.kind) {
      case 'builtin':
        return this.scalar(table.scalar);
      case 'enum': {
        const values = new Set(table.values);
        return (value, where) => (typeof value === 'string' && values.has(value) ? value : this.fail(where, `a value of ${typeName}`));
      }
      case 'array':
        return this.array(table.element);
      case 'object':
        return (value, where) => this.object(typeName, value, where);
      case 'alternate': {
        const branches = new Map(Object.entries(table.branches).map(([kind, type]) => [kind, this.checker(type)]));
        return (value, where) => {
          const kind = jsonKindOf(value);
          const branch = kind === undefined ? undefined : branches.get(kind);
          return branch === undefined ? this.fail(where, `a value of ${typeName}`) : branch(value, where);
        };
      }
    }
  }

  private table(typeName: string): TypeTable {
    const table = this.tables.types[typeName];
    if (table === undefined) throw new Error(`validation tables: unknown type '${typeName}'`);
    return table;
  }

  private scalar(scalar: ScalarName): OutputValidator {
    const test = scalarTest(scalar);
    return (value, where) => (test(value) ? value : this.fail(where, scalar));
  }

  private array(elementType: string): OutputValidator {
    const element = this.checker(elementType);
    return (value, where) => {
      if (!Array.isArray(value)) return this.fail(where, 'an array');
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = element(value[i], `${where}[${i}]`);
        if (item === FAIL) return FAIL;
        out.push(item);
      }
      return out;
    };
  }

  private object(typeName: string, value: unknown, where: string): unknown {
    if (!isJsonObject(value)) return this.fail(where, 'an object');
    const out: UncheckedJsonObject = {};
    return this.members(this.compiled(typeName), value, out, where) ? out : FAIL;
  }

  private members(compiled: OutputObject, value: UncheckedJsonObject, out: UncheckedJsonObject, where: string): boolean {
    for (const member of compiled.members) {
      if (member.hidden) continue;
      const item = value[member.name];
      if (item === undefined) {
        if (member.optional) continue;
        this.fail(memberPath(where, member.name), 'present (mandatory member)');
        return false;
      }
      const checked = member.check(item, memberPath(where, member.name));
      if (checked === FAIL) return false;
      out[member.name] = checked;
    }
    if (compiled.tag === undefined) return true;
    const branch = compiled.branches.get(value[compiled.tag] as string);
    return branch === undefined || this.members(this.compiled(branch), value, out, where);
  }

  private compiled(typeName: string): OutputObject {
    let compiled = this.objects.get(typeName);
    if (compiled === undefined) {
      const table = this.table(typeName);
      if (table.kind !== 'object') throw new Error(`validation tables: '${typeName}' is not an object type`);
      compiled = this.compileObject(table);
      this.objects.set(typeName, compiled);
    }
    return compiled;
  }

  private compileObject(table: ObjectTable): OutputObject {
    const members = table.members.map((member) => ({
      name: member.name,
      optional: member.optional === true,
      hidden: hiddenByPolicy(member.special, this.policy),
      check: this.checker(member.type),
    }));
    return { members, tag: table.union?.tag, branches: new Map(Object.entries(table.union?.branches ?? {})) };
  }

  private fail(where: string, expected: string): typeof FAIL {
    this.failure.message = `${where} must be ${expected}`;
    return FAIL;
  }
}

function memberPath(where: string, name: string): string {
  return `${where}.${name}`;
}

function scalarTest(scalar: ScalarName): (value: unknown) => boolean {
  switch (scalar) {
    case 'str':
      return (v) => typeof v === 'string';
    case 'bool':
      return (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'any':
      return (v) => v !== undefined;
    case 'number':
      return (v) => typeof v === 'number' || typeof v === 'bigint' || v instanceof QmpDouble;
    case 'int':
    case 'int64':
      return (v) => toInt64(v) !== undefined;
    case 'uint64':
    case 'size':
      return (v) => isUint64(v);
    case 'int8':
    case 'int16':
    case 'int32':
      return rangeTest(toInt64, SIGNED_RANGES[scalar]);
    case 'uint8':
    case 'uint16':
    case 'uint32':
      return rangeTest(toInt64, UNSIGNED_RANGES[scalar]);
  }
}

/** Output carries what the C type holds: no negative uint64 (nothing wraps on the way out). */
function isUint64(value: unknown): boolean {
  const int = toUint64(value);
  return int !== undefined && (typeof value === 'bigint' ? value >= 0n : (value as number) >= 0);
}

function rangeTest(convert: (value: unknown) => number | bigint | undefined, range: IntRange): (value: unknown) => boolean {
  return (value) => {
    const int = convert(value);
    return int !== undefined && inRange(int, range);
  };
}
