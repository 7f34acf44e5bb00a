/**
 * The port of QEMU 7.2's scripts/qapi/introspect.py: the `SchemaInfo` list `query-qmp-schema`
 * returns (qapi/introspect.json). QEMU generates the list once, with every conditional element wrapped in
 * `#if`, and the C preprocessor then drops the disabled ones; here both happen in one pass.
 * Whatever is dropped, the types it refers to are still used, so reachability and numbering
 * are the same for every symbol set.
 */
import { definedSymbols, evaluateIf } from '../../schema/conditions.js';
import type {
  IfCond,
  Schema,
  SchemaAlternateType,
  SchemaArrayType,
  SchemaBranch,
  SchemaBuiltinType,
  SchemaCommand,
  SchemaEnumType,
  SchemaEvent,
  SchemaFeature,
  SchemaObjectMember,
  SchemaObjectType,
  SchemaType,
} from '../../schema/model.js';
import type {
  SchemaInfo,
  SchemaInfoAlternateMember,
  SchemaInfoEnumMember,
  SchemaInfoObjectMember,
  SchemaInfoObjectVariant,
} from '../../../contracts/schema-info.js';
import type { Backend, CommonBackendOptions, TextOutput } from '../backend.js';
import { TypeUse } from './type-use.js';

export interface IntrospectionOptions {
  /**
   * The `if` symbols to treat as defined; an element whose condition fails is left out, as
   * the C preprocessor leaves it out of QEMU's build. Undefined keeps every element.
   */
  readonly defined?: ReadonlySet<string> | undefined;
  /** Keep real type names instead of `"0"`, `"1"`... (QEMU's `--unmask-non-abi-names`). */
  readonly unmask?: boolean;
}

/** The introspection data as a back end: the JSON array `formatSchemaInfo` prints. */
export const introspectBackend: Backend<CommonBackendOptions, TextOutput> = {
  name: 'introspect',
  generate: ({ schema }, options) => {
    const entries = buildIntrospection(schema, { defined: definedSymbols(options.defines), unmask: options.unmask ?? false });
    return { kind: 'text', write: (sink) => sink(formatSchemaInfo(entries)) };
  },
};

/** A JSON array with one entry per line: valid JSON that still greps and diffs well. */
function formatSchemaInfo(entries: readonly SchemaInfo[]): string {
  if (entries.length === 0) return '[]\n';
  return `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}

/**
 * The introspection data of `schema`: commands and events in module order, then every type
 * they reach, in first-use order; unreachable types are left out.
 */
export function buildIntrospection(schema: Schema, options: IntrospectionOptions = {}): SchemaInfo[] {
  return new IntrospectionBuilder(schema, options).build();
}

/** A list element and the condition QEMU wraps it in (`#if`). */
interface Conditional<T> {
  readonly value: T;
  readonly if: IfCond | undefined;
}

class IntrospectionBuilder {
  readonly #schema: Schema;
  readonly #defined: ReadonlySet<string> | undefined;
  readonly #types: TypeUse;
  readonly #entries: SchemaInfo[] = [];

  constructor(schema: Schema, options: IntrospectionOptions) {
    this.#schema = schema;
    this.#defined = options.defined;
    this.#types = new TypeUse(schema, options.unmask ?? false);
  }

  build(): SchemaInfo[] {
    for (const module of this.#schema.modules) {
      for (const entity of module.entities) {
        if (entity.kind === 'command') this.#command(entity);
        else if (entity.kind === 'event') this.#event(entity);
      }
    }
    for (const type of this.#types.queued()) this.#type(type);
    return this.#entries;
  }

  #holds(cond: IfCond | undefined): boolean {
    return evaluateIf(cond, this.#defined);
  }

  /** Adds a top-level entry unless its condition fails. */
  #add(entry: SchemaInfo, cond: IfCond | undefined): void {
    if (this.#holds(cond)) this.#entries.push(entry);
  }

  /**
   * The values whose conditions hold. Callers build every element first (using its types),
   * then filter: dropping an element must not drop the types it refers to.
   */
  #kept<T>(elements: readonly Conditional<T>[]): T[] {
    return elements.filter((e) => this.#holds(e.if)).map((e) => e.value);
  }

  /** Present iff the schema lists features, even when conditions drop them all. */
  #features(features: readonly SchemaFeature[]): { features?: string[] } {
    if (features.length === 0) return {};
    return { features: this.#kept(features.map((f) => ({ value: f.name, if: f.if }))) };
  }

  #emptyObject(): SchemaObjectType {
    const empty = this.#schema.lookupType('q_empty');
    if (empty?.kind !== 'object') throw new Error("introspection: predefined type 'q_empty' is missing from the schema");
    return empty;
  }

  #command(command: SchemaCommand): void {
    const argType = this.#types.use(command.argType ?? this.#emptyObject());
    const retType = this.#types.use(command.retType ?? this.#emptyObject());
    const entry: SchemaInfo = {
      name: command.name,
      'ret-type': retType,
      ...(command.allowOob ? { 'allow-oob': true as const } : {}),
      'meta-type': 'command',
      'arg-type': argType,
      ...this.#features(command.features),
    };
    this.#add(entry, command.if);
  }

  #event(event: SchemaEvent): void {
    const argType = this.#types.use(event.argType ?? this.#emptyObject());
    this.#add({ name: event.name, 'meta-type': 'event', 'arg-type': argType, ...this.#features(event.features) }, event.if);
  }

  #type(type: SchemaType): void {
    switch (type.kind) {
      case 'builtin':
        return this.#builtin(type);
      case 'enum':
        return this.#enum(type);
      case 'array':
        return this.#array(type);
      case 'object':
        return this.#object(type);
      case 'alternate':
        return this.#alternate(type);
    }
  }

  #builtin(type: SchemaBuiltinType): void {
    this.#add({ name: type.name, 'json-type': type.jsonType, 'meta-type': 'builtin' }, type.if);
  }

  #enum(type: SchemaEnumType): void {
    const members = this.#kept<SchemaInfoEnumMember>(
      type.values.map((v) => ({ value: { name: v.name, ...this.#features(v.features) }, if: v.if })),
    );
    const values = this.#kept(type.values.map((v) => ({ value: v.name, if: v.if })));
    this.#add({ name: this.#types.mask(type.name), members, 'meta-type': 'enum', values, ...this.#features(type.features) }, type.if);
  }

  #array(type: SchemaArrayType): void {
    const element = this.#types.use(type.elementType);
    this.#add({ name: `[${element}]`, 'element-type': element, 'meta-type': 'array' }, type.if);
  }

  #object(type: SchemaObjectType): void {
    const members = this.#kept(type.members.map((m) => this.#member(m)));
    const union = type.variants && {
      tag: type.variants.tagMember.name,
      variants: this.#kept(type.variants.branches.map((b) => this.#variant(b))),
    };
    this.#add(
      {
        name: this.#types.mask(type.name),
        ...union,
        members,
        'meta-type': 'object',
        ...this.#features(type.features),
      },
      type.if,
    );
  }

  #member(member: SchemaObjectMember): Conditional<SchemaInfoObjectMember> {
    const value: SchemaInfoObjectMember = {
      name: member.name,
      ...(member.optional ? { default: null } : {}),
      type: this.#types.use(member.type),
      ...this.#features(member.features),
    };
    return { value, if: member.if };
  }

  #variant(branch: SchemaBranch): Conditional<SchemaInfoObjectVariant> {
    return { value: { case: branch.name, type: this.#types.use(branch.type) }, if: branch.if };
  }

  #alternate(type: SchemaAlternateType): void {
    const members = this.#kept<SchemaInfoAlternateMember>(
      type.variants.branches.map((b) => ({ value: { type: this.#types.use(b.type) }, if: b.if })),
    );
    this.#add({ name: this.#types.mask(type.name), members, 'meta-type': 'alternate', ...this.#features(type.features) }, type.if);
  }
}
