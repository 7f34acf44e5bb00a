/**
 * What changed between two QMP schemas, from their `query-qmp-schema` data alone: commands and
 * events added and removed, and per command and event every argument, return and data member
 * added, removed, turned optional or required, or changed in type, enum values, union branches,
 * alternate arms and features, each named by its member path.
 *
 * Type names are masked (`"0"`, `"1"`...) and renumbered by every QEMU build, so types are
 * never matched by name: both schemas are walked in step from each command's and event's
 * arguments, return and data, and a type is compared with whatever stands at the same place.
 *
 * Direction decides what breaks a client of OLD. Arguments are input (the client sends them,
 * NEW must accept all OLD accepted); returns and event data are output (the client reads them,
 * OLD must describe all NEW sends):
 *
 * | change                          | in arguments | in returns and event data |
 * |---------------------------------|--------------|---------------------------|
 * | member removed                  | breaking     | breaking if it was required |
 * | member added                    | breaking if required | no                |
 * | optional -> required            | breaking     | no                        |
 * | required -> optional            | no           | breaking                  |
 * | enum value / union branch / alternate arm added | no | breaking          |
 * | enum value / union branch / alternate arm removed | breaking | no         |
 * | type changed                    | breaking unless NEW takes every OLD value (int -> number, enum -> str, X -> alternate of X) | breaking unless OLD takes every NEW value |
 *
 * A command or event removed breaks; added does not. Features gained or lost (`deprecated`,
 * `unstable`...) are reported, never breaking: a deprecated command still runs.
 */
import type { SchemaInfoEntry, SchemaInfoMemberEntry } from './schema-info.js';

/** `input`: what a client sends (arguments); `output`: what it reads (returns, event data). */
export type SchemaDirection = 'input' | 'output';

/** What changed: `added`/`removed` are whole commands and events, the rest concern their types. */
export type SchemaChangeKind =
  | 'added'
  | 'removed'
  | 'member-added'
  | 'member-removed'
  | 'member-optional'
  | 'member-required'
  | 'type-changed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'branch-added'
  | 'branch-removed'
  | 'alternative-added'
  | 'alternative-removed'
  | 'discriminator-changed'
  | 'feature-added'
  | 'feature-removed'
  | 'oob-added'
  | 'oob-removed';

/** One change to one command or event. */
export interface SchemaChange {
  readonly entity: 'command' | 'event';
  /** The command or event. */
  readonly name: string;
  /** Where: its arguments, its return value, its event data, or the command or event itself. */
  readonly part: 'arguments' | 'return' | 'data' | 'itself';
  /** The member path inside `part` (`sync`, `options.mode`, `[driver=file].aio`, `[]` for an array's element); '' for `part` itself. */
  readonly path: string;
  readonly kind: SchemaChangeKind;
  /** The enum value, branch, feature or alternate arm concerned; for `type-changed`, `OLD -> NEW`. */
  readonly detail: string;
  /** For a feature of an enum value: that value. */
  readonly enumValue?: string;
  /** Whether a client of OLD may rely on what changed (see the table above). */
  readonly breaking: boolean;
  /** In words, without the command's name: `argument 'discard-source' added (optional)`. */
  readonly text: string;
}

/** The commands (or the events) of a diff. */
export interface EntityDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Per command or event present on both sides, its changes (only those with any). */
  readonly changed: ReadonlyMap<string, readonly SchemaChange[]>;
}

/** What `diffSchemaInfo` finds. */
export interface SchemaDiff {
  readonly commands: EntityDiff;
  readonly events: EntityDiff;
  /** Every change, additions and removals included, commands first, in NEW's order. */
  readonly changes: readonly SchemaChange[];
  readonly breaking: boolean;
}

/** A change found inside a type, before it is placed in a command or event. */
interface TypeChange {
  readonly path: string;
  readonly kind: SchemaChangeKind;
  readonly detail: string;
  readonly breaking: boolean;
  readonly enumValue?: string;
}

/** What changed from `oldInfo` to `newInfo` (two `query-qmp-schema` replies), for a client of the old one. */
export function diffSchemaInfo(oldInfo: readonly SchemaInfoEntry[], newInfo: readonly SchemaInfoEntry[]): SchemaDiff {
  const walker = new StepWalker(indexByName(oldInfo), indexByName(newInfo));
  const changes: SchemaChange[] = [];
  const commands = diffEntities(walker, 'command', oldInfo, newInfo, changes);
  const events = diffEntities(walker, 'event', oldInfo, newInfo, changes);
  return { commands, events, changes, breaking: changes.some((c) => c.breaking) };
}

function diffEntities(
  walker: StepWalker,
  entity: 'command' | 'event',
  oldInfo: readonly SchemaInfoEntry[],
  newInfo: readonly SchemaInfoEntry[],
  changes: SchemaChange[],
): EntityDiff {
  const oldOnes = new Map(oldInfo.filter((e) => e['meta-type'] === entity).map((e) => [e.name, e]));
  const newOnes = newInfo.filter((e) => e['meta-type'] === entity);
  const newNames = new Set(newOnes.map((e) => e.name));
  const added: string[] = [];
  const changed = new Map<string, SchemaChange[]>();
  const place = (name: string, part: SchemaChange['part'], found: readonly TypeChange[]): SchemaChange[] =>
    found.map((c) => ({
      entity,
      name,
      part,
      ...c,
      path: c.path.startsWith('.') ? c.path.slice(1) : c.path,
      text: describeChange(part, c),
    }));
  for (const now of newOnes) {
    const before = oldOnes.get(now.name);
    if (before === undefined) {
      added.push(now.name);
      changes.push(...place(now.name, 'itself', [{ path: '', kind: 'added', detail: '', breaking: false }]));
      continue;
    }
    const found: SchemaChange[] = place(now.name, 'itself', featureChanges('', before.features, now.features));
    if (entity === 'command') {
      if (before['allow-oob'] === true && now['allow-oob'] !== true)
        found.push(...place(now.name, 'itself', [{ path: '', kind: 'oob-removed', detail: '', breaking: true }]));
      if (before['allow-oob'] !== true && now['allow-oob'] === true)
        found.push(...place(now.name, 'itself', [{ path: '', kind: 'oob-added', detail: '', breaking: false }]));
      found.push(...place(now.name, 'arguments', walker.compare(before['arg-type'], now['arg-type'], 'input')));
      found.push(...place(now.name, 'return', walker.compare(before['ret-type'], now['ret-type'], 'output')));
    } else {
      found.push(...place(now.name, 'data', walker.compare(before['arg-type'], now['arg-type'], 'output')));
    }
    if (found.length > 0) changed.set(now.name, found);
    changes.push(...found);
  }
  const removed = [...oldOnes.keys()].filter((name) => !newNames.has(name));
  for (const name of removed) changes.push(...place(name, 'itself', [{ path: '', kind: 'removed', detail: '', breaking: true }]));
  return { added, removed, changed };
}

function indexByName(info: readonly SchemaInfoEntry[]): ReadonlyMap<string, SchemaInfoEntry> {
  return new Map(info.filter((e) => e['meta-type'] !== 'command' && e['meta-type'] !== 'event').map((e) => [e.name, e]));
}

/**
 * Compares the type at one place in OLD with the type at the same place in NEW. Results are
 * kept per (direction, OLD name, NEW name) with paths relative to that place, so a type used
 * by many commands is compared once. A pair met again inside itself (recursive types, e.g.
 * BlockdevOptions through BlockdevRef) adds nothing there, the outer comparison reports it;
 * a result cut short that way for an enclosing pair is not kept, since from elsewhere that
 * pair's changes belong in it.
 */
class StepWalker {
  private readonly olds: ReadonlyMap<string, SchemaInfoEntry>;
  private readonly news: ReadonlyMap<string, SchemaInfoEntry>;
  private readonly done = new Map<string, readonly TypeChange[]>();
  /** The pairs being compared, each with its depth. */
  private readonly inProgress = new Map<string, number>();
  /** The shallowest in-progress pair met again since the current comparison began. */
  private shallowestCut = Infinity;

  constructor(olds: ReadonlyMap<string, SchemaInfoEntry>, news: ReadonlyMap<string, SchemaInfoEntry>) {
    this.olds = olds;
    this.news = news;
  }

  compare(oldName: string | undefined, newName: string | undefined, direction: SchemaDirection): readonly TypeChange[] {
    if (oldName === undefined || newName === undefined) return [];
    const key = `${direction}\u0000${oldName}\u0000${newName}`;
    const known = this.done.get(key);
    if (known !== undefined) return known;
    const met = this.inProgress.get(key);
    if (met !== undefined) {
      this.shallowestCut = Math.min(this.shallowestCut, met);
      return [];
    }
    const depth = this.inProgress.size;
    const outerCut = this.shallowestCut;
    this.shallowestCut = Infinity;
    this.inProgress.set(key, depth);
    const found = this.compareEntries(this.olds.get(oldName), this.news.get(newName), direction);
    this.inProgress.delete(key);
    const cutAbove = this.shallowestCut < depth;
    if (!cutAbove) this.done.set(key, found);
    this.shallowestCut = Math.min(outerCut, cutAbove ? this.shallowestCut : Infinity);
    return found;
  }

  private compareEntries(before: SchemaInfoEntry | undefined, now: SchemaInfoEntry | undefined, direction: SchemaDirection): TypeChange[] {
    if (before === undefined || now === undefined) return [];
    const meta = before['meta-type'];
    if (meta !== now['meta-type']) return this.compareKinds(before, now, direction);
    const found = featureChanges('', before.features, now.features);
    switch (meta) {
      case 'builtin':
        if (before.name !== now.name) found.push(typeChanged(before, now, direction, this.olds, this.news));
        break;
      case 'enum':
        found.push(...enumChanges(before, now, direction));
        break;
      case 'array':
        found.push(...under('[]', this.compare(before['element-type'], now['element-type'], direction)));
        break;
      case 'object':
        found.push(...this.compareObjects(before, now, direction));
        break;
      case 'alternate':
        found.push(...this.compareAlternates(before, now, direction));
        break;
    }
    return found;
  }

  private compareObjects(before: SchemaInfoEntry, now: SchemaInfoEntry, direction: SchemaDirection): TypeChange[] {
    const found: TypeChange[] = [];
    const input = direction === 'input';
    const nowMembers = new Map((now.members ?? []).map((m) => [m.name ?? '', m]));
    const beforeNames = new Set<string>();
    const tag = before.tag !== undefined && before.tag === now.tag ? before.tag : undefined;
    for (const old of before.members ?? []) {
      const name = old.name ?? '';
      beforeNames.add(name);
      const path = `.${name}`;
      const current = nowMembers.get(name);
      if (current === undefined) {
        found.push({ path, kind: 'member-removed', detail: '', breaking: input || !isOptional(old) });
        continue;
      }
      if (isOptional(old) && !isOptional(current)) found.push({ path, kind: 'member-required', detail: '', breaking: input });
      if (!isOptional(old) && isOptional(current)) found.push({ path, kind: 'member-optional', detail: '', breaking: !input });
      found.push(...featureChanges(path, old.features, current.features));
      const memberChanges = this.compare(old.type, current.type, direction);
      // The tag's values are the union's branches, reported as such below (their features here).
      const branchValues = name === tag && this.bothEnums(old.type, current.type);
      found.push(...under(path, branchValues ? memberChanges.filter((c) => !isValueChange(c)) : memberChanges));
    }
    for (const added of now.members ?? []) {
      const name = added.name ?? '';
      if (!beforeNames.has(name))
        found.push({
          path: `.${name}`,
          kind: 'member-added',
          detail: isOptional(added) ? 'optional' : 'required',
          breaking: input && !isOptional(added),
        });
    }
    if (before.tag !== now.tag && before.tag !== undefined && now.tag !== undefined) {
      found.push({ path: '', kind: 'discriminator-changed', detail: `${before.tag} -> ${now.tag}`, breaking: true });
      return found;
    }
    found.push(...this.compareBranches(before, now, direction));
    return found;
  }

  private compareBranches(before: SchemaInfoEntry, now: SchemaInfoEntry, direction: SchemaDirection): TypeChange[] {
    const found: TypeChange[] = [];
    const tag = now.tag ?? before.tag ?? '';
    const nowBranches = new Map((now.variants ?? []).map((v) => [v.case, v.type]));
    const beforeCases = new Set<string>();
    for (const branch of before.variants ?? []) {
      beforeCases.add(branch.case);
      const current = nowBranches.get(branch.case);
      if (current === undefined) found.push({ path: '', kind: 'branch-removed', detail: branch.case, breaking: direction === 'input' });
      else found.push(...under(`[${tag}=${branch.case}]`, this.compare(branch.type, current, direction)));
    }
    for (const branch of now.variants ?? []) {
      if (!beforeCases.has(branch.case))
        found.push({ path: '', kind: 'branch-added', detail: branch.case, breaking: direction === 'output' && before.tag !== undefined });
    }
    return found;
  }

  private compareAlternates(before: SchemaInfoEntry, now: SchemaInfoEntry, direction: SchemaDirection): TypeChange[] {
    const found: TypeChange[] = [];
    const nowArms = this.armsByKind(now, this.news);
    const beforeArms = this.armsByKind(before, this.olds);
    for (const [kind, type] of beforeArms) {
      const current = nowArms.get(kind);
      if (current === undefined) found.push({ path: '', kind: 'alternative-removed', detail: kind, breaking: direction === 'input' });
      else found.push(...this.compare(type, current, direction));
    }
    for (const kind of nowArms.keys()) {
      if (!beforeArms.has(kind)) found.push({ path: '', kind: 'alternative-added', detail: kind, breaking: direction === 'output' });
    }
    return found;
  }

  /** Different meta-types: a type that became an alternate of itself (or stopped being one) is matched by JSON kind. */
  private compareKinds(before: SchemaInfoEntry, now: SchemaInfoEntry, direction: SchemaDirection): TypeChange[] {
    if (now['meta-type'] === 'alternate') {
      const kind = jsonKindOf(before);
      const arms = this.armsByKind(now, this.news);
      const same = kind === undefined ? undefined : arms.get(kind);
      if (same !== undefined) {
        const others = [...arms.keys()].filter((k) => k !== kind);
        return [
          ...others.map((k): TypeChange => ({ path: '', kind: 'alternative-added', detail: k, breaking: direction === 'output' })),
          ...this.compare(before.name, same, direction),
        ];
      }
    }
    if (before['meta-type'] === 'alternate') {
      const kind = jsonKindOf(now);
      const arms = this.armsByKind(before, this.olds);
      const same = kind === undefined ? undefined : arms.get(kind);
      if (same !== undefined) {
        const others = [...arms.keys()].filter((k) => k !== kind);
        return [
          ...others.map((k): TypeChange => ({ path: '', kind: 'alternative-removed', detail: k, breaking: direction === 'input' })),
          ...this.compare(same, now.name, direction),
        ];
      }
    }
    return [typeChanged(before, now, direction, this.olds, this.news)];
  }

  private armsByKind(alternate: SchemaInfoEntry, types: ReadonlyMap<string, SchemaInfoEntry>): Map<string, string> {
    const arms = new Map<string, string>();
    for (const arm of alternate.members ?? []) {
      const entry = arm.type === undefined ? undefined : types.get(arm.type);
      const kind = entry === undefined ? undefined : jsonKindOf(entry);
      if (kind !== undefined && arm.type !== undefined) arms.set(kind, arm.type);
    }
    return arms;
  }

  private bothEnums(oldType: string | undefined, newType: string | undefined): boolean {
    return this.olds.get(oldType ?? '')?.['meta-type'] === 'enum' && this.news.get(newType ?? '')?.['meta-type'] === 'enum';
  }
}

function enumChanges(before: SchemaInfoEntry, now: SchemaInfoEntry, direction: SchemaDirection): TypeChange[] {
  const found: TypeChange[] = [];
  const nowValues = new Map(enumValues(now).map((v) => [v.name ?? '', v]));
  const beforeValues = new Set<string>();
  for (const value of enumValues(before)) {
    const name = value.name ?? '';
    beforeValues.add(name);
    const current = nowValues.get(name);
    if (current === undefined) found.push({ path: '', kind: 'enum-value-removed', detail: name, breaking: direction === 'input' });
    else {
      for (const c of featureChanges('', value.features, current.features)) found.push({ ...c, enumValue: name });
    }
  }
  for (const value of enumValues(now)) {
    const name = value.name ?? '';
    if (!beforeValues.has(name)) found.push({ path: '', kind: 'enum-value-added', detail: name, breaking: direction === 'output' });
  }
  return found;
}

/** An enum's values with their features (`members`), or from the older `values` list alone. */
function enumValues(entry: SchemaInfoEntry): readonly SchemaInfoMemberEntry[] {
  return entry.members ?? (entry.values ?? []).map((name) => ({ name }));
}

function featureChanges(path: string, before: readonly string[] | undefined, now: readonly string[] | undefined): TypeChange[] {
  const had = new Set(before ?? []);
  const has = new Set(now ?? []);
  return [
    ...[...has].filter((f) => !had.has(f)).map((f): TypeChange => ({ path, kind: 'feature-added', detail: f, breaking: false })),
    ...[...had].filter((f) => !has.has(f)).map((f): TypeChange => ({ path, kind: 'feature-removed', detail: f, breaking: false })),
  ];
}

function typeChanged(
  before: SchemaInfoEntry,
  now: SchemaInfoEntry,
  direction: SchemaDirection,
  olds: ReadonlyMap<string, SchemaInfoEntry>,
  news: ReadonlyMap<string, SchemaInfoEntry>,
): TypeChange {
  const widened = direction === 'input' ? covers(now, before) : covers(before, now);
  return { path: '', kind: 'type-changed', detail: `${typeWords(before, olds)} -> ${typeWords(now, news)}`, breaking: !widened };
}

/** Whether every value of `narrow` is a value of `wide` (scalar types only; same meta-types are compared in depth instead). */
function covers(wide: SchemaInfoEntry, narrow: SchemaInfoEntry): boolean {
  if (wide['meta-type'] !== 'builtin') return false;
  const wideKind = wide['json-type'];
  const narrowKind = jsonKindOf(narrow);
  if (wideKind === 'value') return true;
  if (wideKind === narrowKind) return narrow['meta-type'] === 'enum' || wide.name === narrow.name;
  return wideKind === 'number' && narrowKind === 'int';
}

/** The JSON kind an alternate tells its arms apart by. */
function jsonKindOf(entry: SchemaInfoEntry): string | undefined {
  switch (entry['meta-type']) {
    case 'builtin':
      return entry['json-type'];
    case 'enum':
      return 'string';
    case 'array':
      return 'array';
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

/** A type in words: builtins and unmasked names as they are; masked ones by what they are. */
function typeWords(entry: SchemaInfoEntry, types: ReadonlyMap<string, SchemaInfoEntry>, depth = 0): string {
  const meta = entry['meta-type'];
  if (meta === 'builtin' || (meta !== 'array' && !/^\d+$/.test(entry.name))) return entry.name;
  if (meta === 'array') {
    const element = types.get(entry['element-type'] ?? '');
    return element === undefined || depth > 3 ? 'array' : `array of ${typeWords(element, types, depth + 1)}`;
  }
  return meta;
}

function isValueChange(change: TypeChange): boolean {
  return change.path === '' && (change.kind === 'enum-value-added' || change.kind === 'enum-value-removed');
}

function isOptional(member: SchemaInfoMemberEntry): boolean {
  return member.default === null;
}

function under(prefix: string, changes: readonly TypeChange[]): TypeChange[] {
  return changes.map((c) => ({ ...c, path: prefix + c.path }));
}

/** `argument 'discard-source' added (optional)`, `return value: enum value 'x' added`. */
function describeChange(part: SchemaChange['part'], change: TypeChange): string {
  const path = change.path.startsWith('.') ? change.path.slice(1) : change.path;
  const subject = subjectOf(part, path);
  const detail = change.detail;
  const value = change.enumValue;
  switch (change.kind) {
    case 'added':
      return 'added';
    case 'removed':
      return 'removed';
    case 'member-added':
      return `${subject} added (${detail})`;
    case 'member-removed':
      return `${subject} removed`;
    case 'member-optional':
      return `${subject} now optional`;
    case 'member-required':
      return `${subject} now required`;
    case 'type-changed':
      return `${subject} changed type: ${detail.replace(' -> ', ' to ')}`;
    case 'enum-value-added':
      return `${subject}: enum value '${detail}' added`;
    case 'enum-value-removed':
      return `${subject}: enum value '${detail}' removed`;
    case 'branch-added':
      return `${subject}: union branch '${detail}' added`;
    case 'branch-removed':
      return `${subject}: union branch '${detail}' removed`;
    case 'alternative-added':
      return `${subject}: now also accepts ${article(detail)}`;
    case 'alternative-removed':
      return `${subject}: no longer accepts ${article(detail)}`;
    case 'discriminator-changed':
      return `${subject}: union discriminator changed from '${detail.replace(' -> ', "' to '")}'`;
    case 'feature-added':
    case 'feature-removed': {
      const verb = change.kind === 'feature-added' ? 'gains' : 'loses';
      const owner = value !== undefined ? `${subject}: enum value '${value}'` : subject;
      return owner === '' ? `${verb} feature '${detail}'` : `${owner} ${verb} feature '${detail}'`;
    }
    case 'oob-added':
      return 'now allows out-of-band execution';
    case 'oob-removed':
      return 'no longer allows out-of-band execution';
  }
}

function subjectOf(part: SchemaChange['part'], path: string): string {
  switch (part) {
    case 'itself':
      return '';
    case 'arguments':
      return path === '' ? 'arguments' : `argument '${path}'`;
    case 'return':
      return path === '' ? 'return value' : `return member '${path}'`;
    case 'data':
      return path === '' ? 'data' : `data member '${path}'`;
  }
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
