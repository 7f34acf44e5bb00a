/**
 * Lenient decoding of what a server sends (replies, event data): the value is walked against
 * the validation tables and kept as it came; whatever this schema does not expect (an enum
 * value or member from a newer QEMU, a missing member, a different JSON type) is reported,
 * never thrown. QEMU versions drift, and a client must survive a newer one.
 *
 * The one change made on the way is the integers' representation, so that values match the
 * generated types (the tables' `int64`): with `bigint`, every value of a 64-bit member (`int`,
 * `int64`, `uint64`, `size`) becomes a bigint; otherwise integers become numbers, and one that a
 * number cannot hold exactly (beyond 2^53) is reported as `inexact-integer`. Objects and arrays
 * holding a converted value are copies; the rest is passed on as received.
 */
import type { SchemaChange } from '../../drift/schema-diff.js';
import { int64Representation } from '../validate/int.js';
import type { Int64Representation, ObjectTable, ScalarName, TypeTable, ValidationTables } from '../../../contracts/validation-tables.js';
import { jsonKindOf } from '../validate/types.js';
import { isJsonObject } from '../json/value.js';
import type { UncheckedJsonObject } from '../json/value.js';

/** `schema-drift`: the server's schema differs from the package's (the typed client's drift check). */
export type DecodeIssueKind =
  | 'unknown-member'
  | 'unknown-enum-value'
  | 'missing-member'
  | 'unexpected-type'
  | 'inexact-integer'
  | 'schema-drift';

/** One difference between a received value and this schema. */
export interface DecodeIssue {
  readonly kind: DecodeIssueKind;
  /** `return` or `event` (the data of an event); `schema` for the drift check's findings. */
  readonly source: 'return' | 'event' | 'schema';
  /** The command or event name. */
  readonly name: string;
  /** Where in the value: `return[2].status`, `data.device`; for drift, also `arguments.sync` ('' for the command or event itself). */
  readonly path: string;
  /** The value found (for `missing-member`: undefined). */
  readonly value: unknown;
  /** What this schema expects there, in words; for drift, the change in words (`argument 'x' removed`). */
  readonly expected: string;
  /** For `schema-drift`: the change, as `qapi-ts diff` reports it (package = OLD, server = NEW). */
  readonly drift?: SchemaChange;
}

/** Told about each DecodeIssue. */
export type DecodeIssueReporter = (issue: DecodeIssue) => void;

type Report = (kind: DecodeIssueKind, path: string, value: unknown, expected: string) => void;

/** A command's return value in the tables' integer representation; differences are reported. */
export function decodeReturn(tables: ValidationTables, command: string, value: unknown, report: DecodeIssueReporter): unknown {
  const table = tables.commands[command];
  if (table === undefined) return value;
  const walker = new LenientWalker(tables, (kind, path, found, expected) =>
    report({ kind, source: 'return', name: command, path, value: found, expected }),
  );
  if (table.returns === undefined) {
    walker.emptyObject(value, 'return');
    return value;
  }
  return walker.visit(table.returns, value, 'return');
}

/** An event's data (undefined when the event came without) in the tables' integer representation. */
export function decodeEvent(tables: ValidationTables, event: string, data: unknown, report: DecodeIssueReporter): unknown {
  const table = tables.events[event];
  if (table === undefined) return data;
  const walker = new LenientWalker(tables, (kind, path, found, expected) =>
    report({ kind, source: 'event', name: event, path, value: found, expected }),
  );
  // QEMU leaves `data` out when every member is absent.
  if (table.data === undefined) {
    walker.emptyObject(data ?? {}, 'data');
    return data;
  }
  const decoded = walker.visit(table.data, data ?? {}, 'data');
  return data === undefined ? data : decoded;
}

/** Checks a command's return value; reports differences, returns nothing. */
export function inspectReturn(tables: ValidationTables, command: string, value: unknown, report: DecodeIssueReporter): void {
  decodeReturn(tables, command, value, report);
}

/** Checks an event's data; reports differences, returns nothing. */
export function inspectEvent(tables: ValidationTables, event: string, data: unknown, report: DecodeIssueReporter): void {
  decodeEvent(tables, event, data, report);
}

/**
 * Walks a value against its type, returning it in the tables' integer representation. Exported
 * for the typed server, which hands handlers their arguments the same way.
 */
export class LenientWalker {
  private readonly tables: ValidationTables;
  private readonly report: Report;
  private readonly int64: Int64Representation;

  constructor(tables: ValidationTables, report: Report) {
    this.tables = tables;
    this.report = report;
    this.int64 = int64Representation(tables);
  }

  emptyObject(value: unknown, path: string): void {
    if (!isJsonObject(value)) this.report('unexpected-type', path, value, 'an empty object');
    else for (const key of Object.keys(value)) this.report('unknown-member', `${path}.${key}`, value[key], 'nothing');
  }

  visit(typeName: string, value: unknown, path: string): unknown {
    const table = this.tables.types[typeName];
    return table === undefined ? value : this.visitTable(table, typeName, value, path);
  }

  private visitTable(table: TypeTable, typeName: string, value: unknown, path: string): unknown {
    switch (table.kind) {
      case 'builtin':
        if (!scalarMatches(table.scalar, value)) {
          this.report('unexpected-type', path, value, table.scalar);
          return value;
        }
        return this.scalar(table.scalar, value, path);
      case 'enum':
        if (typeof value !== 'string') this.report('unexpected-type', path, value, `a ${typeName} value`);
        else if (!table.values.includes(value)) this.report('unknown-enum-value', path, value, `a ${typeName} value`);
        return value;
      case 'array':
        if (!Array.isArray(value)) {
          this.report('unexpected-type', path, value, 'an array');
          return value;
        }
        return this.visitArray(table.element, value, path);
      case 'object':
        if (!isJsonObject(value)) {
          this.report('unexpected-type', path, value, `a ${typeName} object`);
          return value;
        }
        return this.visitObject(table, value, path);
      case 'alternate': {
        const kind = jsonKindOf(value);
        const branch = kind === undefined ? undefined : table.branches[kind];
        if (branch !== undefined) return this.visit(branch, value, path);
        this.report('unexpected-type', path, value, `a ${typeName} (${Object.keys(table.branches).join(' or ')})`);
        return value;
      }
    }
  }

  /** An integer or `number` in the representation the generated types promise. */
  private scalar(scalar: ScalarName, value: unknown, path: string): unknown {
    if (scalar === 'any') return this.anyValue(value, path);
    if (scalar === 'number') return typeof value === 'bigint' ? Number(value) : value; // a double in QEMU too
    if (typeof value !== 'bigint' && typeof value !== 'number') return value;
    if (this.int64 === 'bigint' && WIDE_INTEGERS.has(scalar)) return BigInt(value);
    return this.toNumber(value, path);
  }

  private toNumber(value: number | bigint, path: string): number {
    if (typeof value === 'number') return value;
    const number = Number(value);
    this.report('inexact-integer', path, value, `an integer a JavaScript number holds exactly (this value becomes ${number})`);
    return number;
  }

  /** `any` is typed JsonValue: numbers, and bigints too when the package was generated with them. */
  private anyValue(value: unknown, path: string): unknown {
    if (this.int64 === 'bigint') return value;
    if (typeof value === 'bigint') return this.toNumber(value, path);
    if (Array.isArray(value)) return this.mapArray(value, (element, i) => this.anyValue(element, `${path}[${i}]`));
    if (!isJsonObject(value)) return value;
    let copy: UncheckedJsonObject | undefined;
    for (const key of Object.keys(value)) {
      const member = value[key];
      const decoded = this.anyValue(member, `${path}.${key}`);
      if (decoded !== member) (copy ??= copyObject(value))[key] = decoded;
    }
    return copy ?? value;
  }

  private visitArray(element: string, value: readonly unknown[], path: string): unknown {
    return this.mapArray(value, (item, i) => this.visit(element, item, `${path}[${i}]`));
  }

  private mapArray(value: readonly unknown[], decode: (item: unknown, i: number) => unknown): readonly unknown[] {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const decoded = decode(item, i);
      if (decoded !== item) (copy ??= [...value])[i] = decoded;
    });
    return copy ?? value;
  }

  private visitObject(table: ObjectTable, value: UncheckedJsonObject, path: string): UncheckedJsonObject {
    const known = new Set<string>();
    const target: { value: UncheckedJsonObject } = { value };
    this.visitMembers(table, target, path, known);
    if (this.visitBranch(table, target, path, known)) return target.value;
    for (const key of Object.keys(value)) {
      if (!known.has(key)) this.report('unknown-member', `${path}.${key}`, value[key], 'no such member');
    }
    return target.value;
  }

  /**
   * The members of the union branch the tag selects, and of its branch when that is a union
   * itself (QEMU 10.0). True when the tag is a value this schema lacks (already reported): its
   * members are then ones nobody here can name.
   */
  private visitBranch(table: ObjectTable, target: { value: UncheckedJsonObject }, path: string, known: Set<string>): boolean {
    const union = table.union;
    if (union === undefined) return false;
    const tag = target.value[union.tag];
    const branchName = typeof tag === 'string' ? union.branches[tag] : undefined;
    const branch = branchName === undefined ? undefined : this.tables.types[branchName];
    if (branch?.kind !== 'object') return typeof tag === 'string' && branchName === undefined && !this.tagIsKnown(table, tag);
    this.visitMembers(branch, target, path, known);
    return this.visitBranch(branch, target, path, known);
  }

  /** Visits the members `table` declares; `target.value` becomes a copy when one of them changes. */
  private visitMembers(table: ObjectTable, target: { value: UncheckedJsonObject }, path: string, known: Set<string>): void {
    const value = target.value;
    for (const member of table.members) {
      known.add(member.name);
      const memberPath = `${path}.${member.name}`;
      if (!Object.hasOwn(value, member.name)) {
        if (member.optional !== true) this.report('missing-member', memberPath, undefined, `a ${member.type}`);
        continue;
      }
      const found = value[member.name];
      const decoded = this.visit(member.type, found, memberPath);
      if (decoded === found) continue;
      if (target.value === value) target.value = copyObject(value);
      target.value[member.name] = decoded;
    }
  }

  /** Whether the tag's enum has this value (a branch without members is left out of the table). */
  private tagIsKnown(table: ObjectTable, tag: string): boolean {
    const tagMember = table.members.find((m) => m.name === table.union?.tag);
    const tagType = tagMember === undefined ? undefined : this.tables.types[tagMember.type];
    return tagType?.kind === 'enum' && tagType.values.includes(tag);
  }
}

/** The integer types the `int64` setting governs; the narrower ones are always numbers. */
const WIDE_INTEGERS: ReadonlySet<ScalarName> = new Set(['int', 'int64', 'uint64', 'size']);

/** A copy with the original's prototype (the reader's objects have none). */
function copyObject(value: UncheckedJsonObject): UncheckedJsonObject {
  return Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as UncheckedJsonObject, value);
}

function scalarMatches(scalar: ScalarName, value: unknown): boolean {
  const kind = jsonKindOf(value);
  switch (scalar) {
    case 'any':
      return kind !== undefined;
    case 'str':
      return kind === 'string';
    case 'bool':
      return kind === 'boolean';
    case 'null':
      return kind === 'null';
    case 'number':
      return kind === 'number';
    default:
      return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
  }
}
