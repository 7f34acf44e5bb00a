/**
 * Lenient decoding of what a server sends (replies, event data): the value is walked against
 * the validation tables and always kept as it came; whatever this schema does not expect (an
 * enum value or member from a newer QEMU, a missing member, a different JSON type) is reported,
 * never thrown. QEMU versions drift, and a client must survive a newer one.
 */
import type { ObjectTable, ScalarName, TypeTable, ValidationTables } from './validate-tables.js';
import { isJsonObject, jsonKindOf } from './validate-types.js';
import type { JsonObject } from './validate-types.js';

/** What differs between a received value and the schema. */
export type DecodeIssueKind = 'unknown-member' | 'unknown-enum-value' | 'missing-member' | 'unexpected-type';

/** One difference between a received value and this schema. */
export interface DecodeIssue {
  readonly kind: DecodeIssueKind;
  /** `return` or `event` (the data of an event). */
  readonly source: 'return' | 'event';
  /** The command or event name. */
  readonly name: string;
  /** Where in the value: `return[2].status`, `data.device`. */
  readonly path: string;
  /** The value found (for `missing-member`: undefined). */
  readonly value: unknown;
  /** What this schema expects there, in words. */
  readonly expected: string;
}

/** Told about each DecodeIssue. */
export type DecodeIssueReporter = (issue: DecodeIssue) => void;

type Report = (kind: DecodeIssueKind, path: string, value: unknown, expected: string) => void;

/** Checks a command's return value; reports differences, returns nothing (the value is kept). */
export function inspectReturn(tables: ValidationTables, command: string, value: unknown, report: DecodeIssueReporter): void {
  const table = tables.commands[command];
  if (table === undefined) return;
  const walker = new LenientWalker(tables, (kind, path, found, expected) =>
    report({ kind, source: 'return', name: command, path, value: found, expected }));
  if (table.returns === undefined) walker.emptyObject(value, 'return');
  else walker.visit(table.returns, value, 'return');
}

/** Checks an event's data (undefined when the event came without). */
export function inspectEvent(tables: ValidationTables, event: string, data: unknown, report: DecodeIssueReporter): void {
  const table = tables.events[event];
  if (table === undefined) return;
  const walker = new LenientWalker(tables, (kind, path, found, expected) =>
    report({ kind, source: 'event', name: event, path, value: found, expected }));
  // QEMU leaves `data` out when every member is absent.
  if (table.data === undefined) walker.emptyObject(data ?? {}, 'data');
  else walker.visit(table.data, data ?? {}, 'data');
}

class LenientWalker {
  private readonly tables: ValidationTables;
  private readonly report: Report;

  constructor(tables: ValidationTables, report: Report) {
    this.tables = tables;
    this.report = report;
  }

  emptyObject(value: unknown, path: string): void {
    if (!isJsonObject(value)) this.report('unexpected-type', path, value, 'an empty object');
    else for (const key of Object.keys(value)) this.report('unknown-member', `${path}.${key}`, value[key], 'nothing');
  }

  visit(typeName: string, value: unknown, path: string): void {
    const table = this.tables.types[typeName];
    if (table !== undefined) this.visitTable(table, typeName, value, path);
  }

  private visitTable(table: TypeTable, typeName: string, value: unknown, path: string): void {
    switch (table.kind) {
      case 'builtin':
        if (!scalarMatches(table.scalar, value)) this.report('unexpected-type', path, value, table.scalar);
        return;
      case 'enum':
        if (typeof value !== 'string') this.report('unexpected-type', path, value, `a ${typeName} value`);
        else if (!table.values.includes(value)) this.report('unknown-enum-value', path, value, `a ${typeName} value`);
        return;
      case 'array':
        if (!Array.isArray(value)) this.report('unexpected-type', path, value, 'an array');
        else value.forEach((element: unknown, i) => this.visit(table.element, element, `${path}[${i}]`));
        return;
      case 'object':
        if (!isJsonObject(value)) this.report('unexpected-type', path, value, `a ${typeName} object`);
        else this.visitObject(table, value, path);
        return;
      case 'alternate': {
        const kind = jsonKindOf(value);
        const branch = kind === undefined ? undefined : table.branches[kind];
        if (branch === undefined) this.report('unexpected-type', path, value, `a ${typeName} (${Object.keys(table.branches).join(' or ')})`);
        else this.visit(branch, value, path);
      }
    }
  }

  private visitObject(table: ObjectTable, value: JsonObject, path: string): void {
    const known = new Set<string>();
    this.visitMembers(table, value, path, known);
    const union = table.union;
    let branchUnknown = false;
    if (union !== undefined) {
      const tag = value[union.tag];
      const branchName = typeof tag === 'string' ? union.branches[tag] : undefined;
      const branch = branchName === undefined ? undefined : this.tables.types[branchName];
      if (branch?.kind === 'object') this.visitMembers(branch, value, path, known);
      // A tag value this schema lacks (already reported) brings members nobody here can name.
      branchUnknown = typeof tag === 'string' && branchName === undefined && !this.tagIsKnown(table, tag);
    }
    if (branchUnknown) return;
    for (const key of Object.keys(value)) {
      if (!known.has(key)) this.report('unknown-member', `${path}.${key}`, value[key], 'no such member');
    }
  }

  private visitMembers(table: ObjectTable, value: JsonObject, path: string, known: Set<string>): void {
    for (const member of table.members) {
      known.add(member.name);
      const memberPath = `${path}.${member.name}`;
      if (Object.hasOwn(value, member.name)) this.visit(member.type, value[member.name], memberPath);
      else if (member.optional !== true) this.report('missing-member', memberPath, undefined, `a ${member.type}`);
    }
  }

  /** Whether the tag's enum has this value (a branch without members is left out of the table). */
  private tagIsKnown(table: ObjectTable, tag: string): boolean {
    const tagMember = table.members.find((m) => m.name === table.union?.tag);
    const tagType = tagMember === undefined ? undefined : this.tables.types[tagMember.type];
    return tagType?.kind === 'enum' && tagType.values.includes(tag);
  }
}

function scalarMatches(scalar: ScalarName, value: unknown): boolean {
  const kind = jsonKindOf(value);
  switch (scalar) {
    case 'any': return kind !== undefined;
    case 'str': return kind === 'string';
    case 'bool': return kind === 'boolean';
    case 'null': return kind === 'null';
    case 'number': return kind === 'number';
    default: return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
  }
}
