/**
 * Compiles validation tables into input validators (QEMU's generated visitors driving the
 * qobject input visitor): members in schema order, base first, then the union branch; first
 * failure wins; leftover keys are checked only after every member passed.
 */
import { messages } from '../dispatch/errors.js';
import { inputVerdict } from '../dispatch/compat.js';
import type { CompatPolicy } from '../dispatch/compat.js';
import { enumInput, scalarInput } from './input-scalars.js';
import { bareName, fullName, pushFrame } from './path.js';
import type { Frame } from './path.js';
import { FAIL, jsonKindOf } from './types.js';
import { isJsonObject } from '../json/value.js';
import type { FailureSlot, InputValidator } from './types.js';
import type { UncheckedJsonObject } from '../json/value.js';
import type { AlternateTable, ObjectTable, TypeTable, ValidationTables } from '../../../contracts/validation-tables.js';

interface CompiledMember {
  readonly name: string;
  readonly optional: boolean;
  /** The compat policy's verdict on this member, if it has special features the policy refuses. */
  readonly verdict: (() => string) | undefined;
  readonly validate: InputValidator;
}

interface CompiledObject {
  readonly members: readonly CompiledMember[];
  readonly tag: string | undefined;
  readonly branches: ReadonlyMap<string, string>;
}

/** Running state of one object visit: the output object (copied on first change) and how many keys were taken. */
interface ObjectVisit {
  out: UncheckedJsonObject;
  consumed: number;
}

export class InputCompiler {
  readonly failure: FailureSlot = { message: '' };
  private readonly tables: ValidationTables;
  private readonly policy: CompatPolicy;
  private readonly validators = new Map<string, InputValidator>();
  private readonly objects = new Map<string, CompiledObject>();

  constructor(tables: ValidationTables, policy: CompatPolicy) {
    this.tables = tables;
    this.policy = policy;
  }

  /** The validator of a named type; built on first call (lazily, so recursive types work). */
  validator(typeName: string): InputValidator {
    let validator = this.validators.get(typeName);
    if (validator === undefined) {
      let built: InputValidator | undefined;
      validator = (value, name, frame) => (built ??= this.build(typeName))(value, name, frame);
      this.validators.set(typeName, validator);
    }
    return validator;
  }

  /**
   * Validates a command's arguments object (already known to be an object): the marshaller's
   * visit_start_struct(NULL) + members + visit_check_struct. Returns the arguments or FAIL.
   */
  validateRoot(typeName: string | undefined, args: UncheckedJsonObject): UncheckedJsonObject | typeof FAIL {
    return this.visitStruct(typeName === undefined ? undefined : this.object(typeName), args, pushFrame(undefined, null, false));
  }

  private build(typeName: string): InputValidator {
    const table = this.table(typeName);
    switch (table.kind) {
      case 'builtin':
        return scalarInput(table.scalar, this.failure);
      case 'enum':
        return enumInput(table, this.policy, this.failure);
      case 'array':
        return this.arrayInput(table.element);
      case 'object':
        return this.structInput(typeName);
      case 'alternate':
        return this.alternateInput(typeName, table);
    }
  }

  private table(typeName: string): TypeTable {
    const table = this.tables.types[typeName];
    if (table === undefined) throw new Error(`validation tables: unknown type '${typeName}'`);
    return table;
  }

  private object(typeName: string): CompiledObject {
    let compiled = this.objects.get(typeName);
    if (compiled === undefined) {
      const table = this.table(typeName);
      if (table.kind !== 'object') throw new Error(`validation tables: '${typeName}' is not an object type`);
      compiled = this.compileObject(table);
      this.objects.set(typeName, compiled);
    }
    return compiled;
  }

  private compileObject(table: ObjectTable): CompiledObject {
    const members = table.members.map((member) => ({
      name: member.name,
      optional: member.optional === true,
      verdict: inputVerdict(member.special, this.policy, 'parameter', member.name),
      validate: this.validator(member.type),
    }));
    const branches = new Map(Object.entries(table.union?.branches ?? {}));
    return { members, tag: table.union?.tag, branches };
  }

  private structInput(typeName: string): InputValidator {
    return (value, name, frame) => {
      if (value === undefined) return this.fail(messages.missing(fullName(frame, name)));
      if (!isJsonObject(value)) return this.fail(messages.invalidType(fullName(frame, name), 'object'));
      return this.visitStruct(this.object(typeName), value, pushFrame(frame, name, false));
    };
  }

  /** Members, then leftovers (visit_check_struct). */
  private visitStruct(compiled: CompiledObject | undefined, obj: UncheckedJsonObject, frame: Frame): UncheckedJsonObject | typeof FAIL {
    const visit: ObjectVisit = { out: obj, consumed: 0 };
    if (compiled !== undefined && !this.visitMembers(compiled, obj, frame, visit)) return FAIL;
    if (countKeys(obj) === visit.consumed) return visit.out;
    const known = new Set<string>();
    if (compiled !== undefined) this.collectVisited(compiled, obj, known);
    for (const key in obj) {
      if (obj[key] !== undefined && !known.has(key)) return this.fail(messages.unexpected(fullName(frame, key)));
    }
    return visit.out;
  }

  private visitMembers(compiled: CompiledObject, obj: UncheckedJsonObject, frame: Frame, visit: ObjectVisit): boolean {
    for (const member of compiled.members) {
      const value = presentValue(obj, member.name);
      if (member.optional && value === undefined) continue;
      // The policy is asked before presence: a mandatory refused member fails even when absent.
      if (member.verdict !== undefined) {
        this.failure.message = member.verdict();
        return false;
      }
      if (value === undefined) {
        this.failure.message = messages.missing(fullName(frame, member.name));
        return false;
      }
      const result = member.validate(value, member.name, frame);
      if (result === FAIL) return false;
      visit.consumed++;
      if (result !== value) setMember(visit, member.name, result);
    }
    return this.visitBranch(compiled, obj, frame, visit);
  }

  /** The members of the branch the (already validated) tag selects. */
  private visitBranch(compiled: CompiledObject, obj: UncheckedJsonObject, frame: Frame, visit: ObjectVisit): boolean {
    if (compiled.tag === undefined) return true;
    const branch = compiled.branches.get(visit.out[compiled.tag] as string);
    return branch === undefined || this.visitMembers(this.object(branch), obj, frame, visit);
  }

  private collectVisited(compiled: CompiledObject, obj: UncheckedJsonObject, into: Set<string>): void {
    for (const member of compiled.members) into.add(member.name);
    if (compiled.tag === undefined) return;
    const branch = compiled.branches.get(obj[compiled.tag] as string);
    if (branch !== undefined) this.collectVisited(this.object(branch), obj, into);
  }

  private arrayInput(elementType: string): InputValidator {
    const element = this.validator(elementType);
    return (value, name, frame) => {
      if (value === undefined) return this.fail(messages.missing(fullName(frame, name)));
      if (!Array.isArray(value)) return this.fail(messages.invalidType(fullName(frame, name), 'array'));
      const list = pushFrame(frame, name, true);
      let out: unknown[] = value;
      for (let i = 0; i < value.length; i++) {
        list.index = i;
        const item: unknown = value[i];
        const result = element(item, null, list);
        if (result === FAIL) return FAIL;
        if (result !== item) {
          if (out === value) out = value.slice();
          out[i] = result;
        }
      }
      return out;
    };
  }

  /** The JSON kind picks the branch; the branch is visited under the alternate's own name. */
  private alternateInput(typeName: string, table: AlternateTable): InputValidator {
    const branches = new Map<string, InputValidator>();
    for (const [kind, branchType] of Object.entries(table.branches)) branches.set(kind, this.validator(branchType));
    return (value, name, frame) => {
      if (value === undefined) return this.fail(messages.missing(fullName(frame, name)));
      const kind = jsonKindOf(value);
      const branch = kind === undefined ? undefined : branches.get(kind);
      if (branch === undefined) return this.fail(messages.invalidType(bareName(name), typeName));
      return branch(value, name, frame);
    };
  }

  private fail(message: string): typeof FAIL {
    this.failure.message = message;
    return FAIL;
  }
}

/** The member's value, or undefined when absent. JSON values are never functions: a function is an inherited Object property. */
function presentValue(obj: UncheckedJsonObject, name: string): unknown {
  const value = obj[name];
  return typeof value === 'function' ? undefined : value;
}

/** Converted members go into a copy: the caller's request is never modified. */
function setMember(visit: ObjectVisit, name: string, value: unknown): void {
  visit.out = { ...visit.out, [name]: value };
}

function countKeys(obj: UncheckedJsonObject): number {
  let count = 0;
  for (const key in obj) if (obj[key] !== undefined) count++;
  return count;
}
