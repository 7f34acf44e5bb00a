/**
 * Readable names for the types a reply masks (`"0"`, `"1"`...), from their first use in the
 * introspection walk: a command's arguments `BlockdevBackupArguments`, its return value
 * `QueryJobsResult`, an event's data `JobStatusChangeData`, and below those the member path:
 * member `aio` of `BlockdevAddArgumentsFile` gives `BlockdevAddArgumentsFileAio`. The same
 * reply always gives the same names; a name already taken (or one the TypeScript back end
 * derives from it: `<Enum>Values`, an array's `<Type>List`) gets a number: `Foo2`.
 */
import type { SchemaInfo } from '../../contracts/schema-info.js';
import { commandArgumentsName, eventDataName, pascalCase } from '../backends/typescript/naming.js';
import { predefinedEntities } from '../schema/predefined.js';
import { elementName, isArrayName, type FirstUse, type Replay } from './replay.js';

/** Names the generated package declares besides the types, and global types it refers to. */
const RESERVED = [
  'JsonValue',
  'QmpCommands',
  'QmpEvents',
  'Record',
  'Array',
  'Object',
  'String',
  'Number',
  'Boolean',
  'Promise',
  'Error',
  'Map',
  'Set',
  'Date',
  'Function',
  'Symbol',
  'BigInt',
];

export interface TypeNames {
  /** Model name of every visible type and placeholder (reply name -> model name). */
  readonly model: ReadonlyMap<string, string>;
}

/**
 * `implicit` maps the argument types that become a command's or event's implicit type
 * (`q_obj_<name>-arg`) to their owner; their members are named after the TypeScript name the
 * back end gives them.
 */
export function nameTypes(entries: readonly SchemaInfo[], walk: Replay, implicit: ReadonlyMap<string, SchemaInfo>): TypeNames {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const taken = new Set<string>(RESERVED);
  for (const ent of predefinedEntities(undefined)) {
    if (ent.kind === 'include') continue;
    taken.add(ent.name);
    if (ent.kind === 'enum') taken.add(`${ent.name}Values`);
  }
  const model = new Map<string, string>();
  const prefix = new Map<string, string>();
  const masked = (name: string): boolean => /^[0-9]+$/u.test(name) || walk.placeholders.has(name);

  for (const entry of entries) {
    const meta = entry['meta-type'];
    if (meta === 'command' || meta === 'event') {
      taken.add(entry.name);
    } else if (meta !== 'array' && !masked(entry.name)) {
      // An unmasked reply keeps QEMU's names.
      model.set(entry.name, entry.name);
      prefix.set(entry.name, entry.name);
      taken.add(entry.name);
      taken.add(`${entry.name}List`);
      if (meta === 'enum') taken.add(`${entry.name}Values`);
    }
  }
  for (const [type, owner] of implicit) {
    const name = owner['meta-type'] === 'command' ? commandArgumentsName(owner.name) : eventDataName(owner.name);
    model.set(type, `q_obj_${owner.name}-arg`);
    prefix.set(type, name);
    taken.add(name);
  }
  if (walk.empty !== undefined) {
    model.set(walk.empty, 'q_empty');
    prefix.set(walk.empty, 'Empty');
  }

  const claim = (candidate: string, isEnum: boolean): string => {
    const free = (c: string): boolean => !taken.has(c) && !taken.has(`${c}List`) && !(isEnum && taken.has(`${c}Values`));
    let name = candidate;
    for (let n = 2; !free(name); n++) name = `${candidate}${n}`;
    taken.add(name);
    taken.add(`${name}List`);
    if (isEnum) taken.add(`${name}Values`);
    return name;
  };

  const naming = new Set<string>();
  const nameOf = (type: string): string => {
    const known = prefix.get(type);
    if (known !== undefined) return known;
    const use = walk.firstUse.get(type);
    let candidate: string | undefined;
    if (use !== undefined && !naming.has(type)) {
      naming.add(type);
      candidate = fromUse(use, byName, nameOf);
      naming.delete(type);
      const meanwhile = prefix.get(type); // named while naming its owners (a cycle)
      if (meanwhile !== undefined) return meanwhile;
    }
    // Used only by what the build left out (or only through itself): QEMU's number says which.
    const fallback = walk.placeholders.has(type) ? 'LeftOut' : `Unused${type}`;
    const name = claim(candidate ?? fallback, byName.get(type)?.['meta-type'] === 'enum');
    model.set(type, name);
    prefix.set(type, name);
    return name;
  };
  for (const type of walk.firstUse.keys()) {
    if (!isBuiltin(type, byName)) nameOf(type);
  }
  for (const entry of entries) {
    const meta = entry['meta-type'];
    if (meta !== 'command' && meta !== 'event' && meta !== 'array' && meta !== 'builtin') nameOf(entry.name);
  }
  for (const placeholder of walk.placeholders) nameOf(placeholder);
  return { model };
}

function isBuiltin(type: string, byName: ReadonlyMap<string, SchemaInfo>): boolean {
  return byName.get(type)?.['meta-type'] === 'builtin';
}

function fromUse(use: FirstUse, byName: ReadonlyMap<string, SchemaInfo>, nameOf: (type: string) => string): string {
  switch (use.role) {
    case 'arg':
      return `${pascalCase(use.owner)}Arguments`;
    case 'ret':
      return `${pascalCase(use.owner)}Result`;
    case 'data':
      return `${pascalCase(use.owner)}Data`;
    case 'member':
    case 'variant':
      return nameOf(use.owner) + (pascalCase(use.label) || 'Member');
    case 'alternate': {
      const owner = byName.get(use.owner);
      const branch = owner?.['meta-type'] === 'alternate' ? alternativeNames(owner, byName)[Number(use.label)] : undefined;
      return nameOf(use.owner) + pascalCase(branch ?? 'branch');
    }
  }
}

/**
 * Branch names for an alternate's alternatives, which introspection does not name: the
 * builtin's name (`str`, `int`, `bool`, `null`, `number`), else `enum`, `object` or `array`
 * (alternatives differ in JSON type, so these are unique in practice; a repeat gets a number).
 */
export function alternativeNames(alternate: SchemaInfo & { 'meta-type': 'alternate' }, byName: ReadonlyMap<string, SchemaInfo>): string[] {
  const seen = new Set<string>();
  return alternate.members.map((m) => {
    const entry = byName.get(m.type);
    const kind = isArrayName(m.type) ? 'array' : entry?.['meta-type'] === 'builtin' ? m.type : (entry?.['meta-type'] ?? 'value');
    let name = kind;
    for (let n = 2; seen.has(name); n++) name = `${kind}${n}`;
    seen.add(name);
    return name;
  });
}

/** The model name of a type as the reply names it: builtins keep theirs, `[T]` is `<T>List`. */
export function modelTypeName(type: string, names: TypeNames): string {
  if (isArrayName(type)) return `${modelTypeName(elementName(type), names)}List`;
  return names.model.get(type) ?? type;
}
