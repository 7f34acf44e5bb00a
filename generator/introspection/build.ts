/**
 * The second front end: the schema model built from a `query-qmp-schema` reply instead of
 * schema files, so every back end (TypeScript, validation tables, introspection) runs on it
 * unchanged. What a reply says is exact to the build that sent it (its `if`s are already
 * evaluated); what it cannot say is chosen here: type names (names.ts), no docs, one module,
 * and the command flags other than `allow-oob` (QEMU's defaults: not boxed unless a union,
 * success response, no preconfig, no coroutine).
 *
 * Where the build left something out of the reply (replay.ts), the model holds a placeholder
 * under the condition LEFT_OUT, false under the symbols FROM_INTROSPECTION_DEFINES: back ends run
 * with those symbols drop them, and introspection gives the reply back byte for byte.
 */
import type { SchemaInfo, SchemaInfoObject } from '../../contracts/schema-info.js';
import type { Dialect } from '../dialect/dialect.js';
import { dialectFor } from '../dialect/select.js';
import { DEFAULT_QEMU_VERSION } from '../dialect/versions.js';
import type { LoadedSchema } from '../frontend.js';
import type { IfCond } from '../expr/checked.js';
import {
  AlternateType,
  ArrayType,
  Branch,
  Command,
  EnumType,
  EnumValue,
  Event,
  Feature,
  ObjectMember,
  ObjectType,
  Variants,
  type TypeEntity,
} from '../schema/entities.js';
import { BUILTIN_MODULE_NAME } from '../schema/modules.js';
import { predefinedEntities } from '../schema/predefined.js';
import { SchemaRegistry } from '../schema/registry.js';
import { QAPIError } from '../source/error.js';
import { SourceInfo } from '../source/info.js';
import { alternativeNames, modelTypeName, nameTypes, type TypeNames } from './names.js';
import { linkSchema } from './link.js';
import { replyEntries } from './reply.js';
import { elementName, isArrayName, replay, siteKey, type Replay, type Site } from './replay.js';

/** The symbol a model built from a reply is evaluated with (what `generate` passes as `-D`). */
export const FROM_INTROSPECTION_SYMBOL = 'QAPI_TS_FROM_INTROSPECTION';
export const FROM_INTROSPECTION_DEFINES: readonly string[] = [FROM_INTROSPECTION_SYMBOL];
/** The condition of what the build left out: false under FROM_INTROSPECTION_DEFINES. */
export const LEFT_OUT: IfCond = { not: FROM_INTROSPECTION_SYMBOL };

/** The one module everything goes in (`qemu.ts`). */
export const INTROSPECTED_MODULE = 'qemu.json';

const LEFT_OUT_NAME = 'x-qapi-ts-left-out';

export interface IntrospectedSchema extends LoadedSchema {
  /** The reply's entries. */
  readonly entries: readonly SchemaInfo[];
  /** Whether the reply masks type names (QEMU's default); if not, introspect with `unmask`. */
  readonly masked: boolean;
}

/**
 * The schema model of a reply given as parsed JSON; `source` names it in messages. The dialect
 * only decides the predefined types' details (QType's prefix): the reply's own QEMU already
 * checked the schema under its rules. Throws QAPIError.
 */
export function schemaFromIntrospection(
  data: unknown,
  source: string,
  dialect: Dialect = dialectFor(DEFAULT_QEMU_VERSION),
): IntrospectedSchema {
  const entries = replyEntries(data, source);
  const walk = replay(entries, source);
  const implicit = implicitArguments(entries, walk);
  const names = nameTypes(entries, walk, implicit);
  const registry = new Builder(entries, walk, names, implicit, dialect, source).build();
  const masked = entries.some((e) => /^[0-9]+$/u.test(e.name) && e['meta-type'] !== 'builtin');
  return { schema: registry, docs: [], dialect, entries, masked };
}

/**
 * Argument types used once, by their command or event, that are plain structs: what QEMU
 * makes of inline `data` (`q_obj_<name>-arg`), printed as `<Name>Arguments` / `<Name>Data`.
 */
function implicitArguments(entries: readonly SchemaInfo[], walk: Replay): Map<string, SchemaInfo> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const implicit = new Map<string, SchemaInfo>();
  for (const entry of entries) {
    if (entry['meta-type'] !== 'command' && entry['meta-type'] !== 'event') continue;
    const arg = byName.get(entry['arg-type']);
    if (arg?.['meta-type'] !== 'object' || arg.variants !== undefined || arg.features !== undefined) continue;
    if (arg.members.length === 0 || walk.useCount.get(arg.name) !== 1 || arg.name === walk.empty) continue;
    if (!/^[0-9]+$/u.test(arg.name)) continue; // an unmasked reply keeps QEMU's names (its own are `q_obj_<name>-arg`)
    implicit.set(arg.name, entry);
  }
  return implicit;
}

class Builder {
  readonly #entries: readonly SchemaInfo[];
  readonly #byName: ReadonlyMap<string, SchemaInfo>;
  readonly #walk: Replay;
  readonly #names: TypeNames;
  readonly #implicit: ReadonlyMap<string, SchemaInfo>;
  readonly #registry: SchemaRegistry;
  readonly #dialect: Dialect;
  /** Left-out branch names per tag enum (reply name): a branch needs a value of its own. */
  readonly #leftOutValues = new Map<string, string[]>();
  /** Left-out branch names per union (reply name) and site index. */
  readonly #leftOutBranches = new Map<string, string[]>();
  #leftOutCount = 0;
  /** Names the reply in messages. */
  readonly #source: string;

  constructor(
    entries: readonly SchemaInfo[],
    walk: Replay,
    names: TypeNames,
    implicit: ReadonlyMap<string, SchemaInfo>,
    dialect: Dialect,
    source: string,
  ) {
    this.#source = source;
    this.#registry = new SchemaRegistry(INTROSPECTED_MODULE, dialect);
    this.#dialect = dialect;
    this.#entries = entries;
    this.#byName = new Map(entries.map((e) => [e.name, e]));
    this.#walk = walk;
    this.#names = names;
    this.#implicit = implicit;
    for (const entry of entries) {
      if (entry['meta-type'] !== 'object' || entry.variants === undefined) continue;
      const tagType = entry.members.find((m) => m.name === entry.tag)?.type;
      entry.variants.forEach((_, index) => {
        for (const _target of this.#leftOutAt({ kind: 'variant', owner: entry.name, index })) {
          const value = this.#leftOutName();
          this.#leftOutBranches.set(`${entry.name} ${index}`, [...(this.#leftOutBranches.get(`${entry.name} ${index}`) ?? []), value]);
          if (tagType !== undefined) this.#leftOutValues.set(tagType, [...(this.#leftOutValues.get(tagType) ?? []), value]);
        }
      });
    }
  }

  build(): SchemaRegistry {
    const registry = this.#registry;
    registry.moduleIndex.make(BUILTIN_MODULE_NAME);
    registry.moduleIndex.make(INTROSPECTED_MODULE);
    for (const ent of predefinedEntities(this.#dialect.qtypePrefix)) registry.define(ent);
    let routine = 0;
    this.#entries.forEach((entry, index) => {
      const info = new SourceInfo(INTROSPECTED_MODULE, index + 1, undefined);
      const meta = entry['meta-type'];
      if (meta === 'command' || meta === 'event') {
        for (const target of this.#leftOutAt({ kind: 'routine', owner: entry.name, index: routine })) {
          const name = this.#leftOutName();
          registry.define(new Command(name, info, undefined, LEFT_OUT, [], undefined, this.#type(target), FLAGS));
        }
        routine++;
        this.#routine(entry, info);
      } else {
        this.#typeEntry(entry, info);
      }
    });
    for (const placeholder of this.#walk.placeholders) {
      const info = new SourceInfo(INTROSPECTED_MODULE, this.#entries.length + 1, undefined);
      registry.define(new ObjectType(this.#type(placeholder), info, undefined, LEFT_OUT, [], undefined, [], undefined));
    }
    linkSchema(registry, this.#source);
    return registry;
  }

  #routine(entry: SchemaInfo, info: SourceInfo): void {
    if (entry['meta-type'] !== 'command' && entry['meta-type'] !== 'event') return;
    const features = this.#features(entry.features, info, entry.name);
    const argName = entry['arg-type'] === this.#walk.empty ? undefined : this.#type(entry['arg-type']);
    const boxed = this.#isUnion(entry['arg-type']);
    if (entry['meta-type'] === 'event') {
      this.#registry.define(new Event(entry.name, info, undefined, undefined, features, argName, boxed));
      return;
    }
    const retName = entry['ret-type'] === this.#walk.empty ? undefined : this.#type(entry['ret-type']);
    const flags = { ...FLAGS, boxed, allowOob: entry['allow-oob'] === true };
    this.#registry.define(new Command(entry.name, info, undefined, undefined, features, argName, retName, flags));
  }

  #typeEntry(entry: SchemaInfo, info: SourceInfo): void {
    const name = this.#type(entry.name);
    const features = this.#features(entry.features, info, name);
    switch (entry['meta-type']) {
      case 'builtin':
        return; // predefined
      case 'array':
        if (this.#registry.lookupType(name) === undefined)
          this.#registry.define(new ArrayType(name, info, this.#type(entry['element-type'])));
        return;
      case 'enum': {
        const values = entry.members.map((m) => new EnumValue(m.name, undefined, this.#features(m.features, info, m.name), name));
        for (const value of this.#leftOutValues.get(entry.name) ?? []) values.push(new EnumValue(value, LEFT_OUT, [], name));
        this.#registry.define(new EnumType(name, info, undefined, undefined, features, values, undefined));
        return;
      }
      case 'object':
        if (entry.name === this.#walk.empty) return; // q_empty is predefined
        return this.#object(entry, name, features, info);
      case 'alternate': {
        this.#noLeftOut('alternate', entry.name, entry.members.length);
        const branchNames = alternativeNames(entry, this.#byName);
        const branches = entry.members.map((m, i) => new Branch<TypeEntity>(branchNames[i]!, this.#type(m.type), undefined, name, info));
        const tag = new ObjectMember('type', 'QType', false, undefined, [], name, info);
        this.#registry.define(new AlternateType(name, info, undefined, undefined, features, new Variants(undefined, tag, branches, info)));
        return;
      }
    }
  }

  /** A struct, or a union whose members (all in the reply) make its inline base. */
  #object(entry: SchemaInfoObject, name: string, features: readonly Feature[], info: SourceInfo): void {
    const owner = this.#implicit.has(entry.name) || entry.variants === undefined ? name : `q_obj_${entry.name}-base`;
    const members: ObjectMember[] = [];
    entry.members.forEach((m, index) => {
      for (const target of this.#leftOutAt({ kind: 'member', owner: entry.name, index })) {
        members.push(new ObjectMember(this.#leftOutName(), this.#type(target), true, LEFT_OUT, [], owner, info));
      }
      const memberFeatures = this.#features(m.features, info, m.name);
      members.push(new ObjectMember(m.name, this.#type(m.type), 'default' in m, undefined, memberFeatures, owner, info));
    });
    if (entry.variants === undefined || entry.tag === undefined) {
      this.#registry.define(new ObjectType(name, info, undefined, undefined, features, undefined, members, undefined));
      return;
    }
    this.#registry.define(new ObjectType(owner, info, undefined, undefined, [], undefined, members, undefined));
    // Branches of type q_empty are the implicit ones: the check phase adds them in enum order.
    const branches: Branch<ObjectType>[] = [];
    entry.variants.forEach((v, index) => {
      const leftOut = this.#leftOutBranches.get(`${entry.name} ${index}`) ?? [];
      this.#leftOutAt({ kind: 'variant', owner: entry.name, index }).forEach((target, i) => {
        branches.push(new Branch<ObjectType>(leftOut[i]!, this.#type(target), LEFT_OUT, name, info));
      });
      if (v.type !== this.#walk.empty) branches.push(new Branch<ObjectType>(v.case, this.#type(v.type), undefined, name, info));
    });
    const variants = new Variants<ObjectType>(entry.tag, undefined, branches, info);
    this.#registry.define(new ObjectType(name, info, undefined, undefined, features, owner, [], variants));
  }

  #leftOutAt(site: Site): readonly string[] {
    return this.#walk.leftOut.get(siteKey(site)) ?? [];
  }

  /** Left-out uses between an alternate's branches: none were seen in QEMU's replies. */
  #noLeftOut(kind: 'alternate', owner: string, count: number): void {
    for (let index = 0; index < count; index++) {
      if (this.#walk.leftOut.has(siteKey({ kind, owner, index }))) {
        // No QEMU reply has one (QEMU's own conditions never drop an alternate's branch type
        // alone), so a reply that does is damaged or not QEMU's: refuse it as such.
        throw new QAPIError(undefined, `${this.#source}: alternate '${owner}': a type between its branches is missing from the reply`);
      }
    }
  }

  #leftOutName(): string {
    let name: string;
    do name = `${LEFT_OUT_NAME}-${++this.#leftOutCount}`;
    while (this.#byName.has(name));
    return name;
  }

  #type(replyName: string): string {
    if (replyName === this.#walk.empty) return 'q_empty';
    if (isArrayName(replyName) && elementName(replyName) === this.#walk.empty) return 'q_emptyList';
    return modelTypeName(replyName, this.#names);
  }

  #isUnion(replyName: string): boolean {
    const entry = this.#byName.get(replyName);
    return entry?.['meta-type'] === 'object' && entry.variants !== undefined;
  }

  /** `features: []` means the build's conditions removed every feature: one left-out feature says so. */
  #features(names: readonly string[] | undefined, info: SourceInfo, definedIn: string): readonly Feature[] {
    if (names?.length === 0) return [new Feature(LEFT_OUT_NAME, LEFT_OUT, info, definedIn)];
    return (names ?? []).map((f) => new Feature(f, undefined, info, definedIn));
  }
}

const FLAGS = { boxed: false, gen: true, successResponse: true, allowOob: false, allowPreconfig: false, coroutine: false };

/** The header lines of a package generated from a reply: where from, and what it lacks. */
export function introspectionHeader(origin: string): string[] {
  return [
    `Built from the query-qmp-schema reply of ${origin}, not from QAPI schema files:`,
    'exact to that build (its conditions already evaluated), but without doc comments, because',
    'introspection carries no documentation. Type names QEMU masks are made from their first use;',
    "command flags other than allow-oob are QEMU's defaults, which introspection does not report.",
  ];
}
