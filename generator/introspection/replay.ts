/**
 * Replays the walk of QEMU's introspect.py (and of our introspection back end) over a reply,
 * to learn what the reply cannot say directly: where the build left something out.
 *
 * QEMU numbers masked types and queues types for output at their first use, and uses from
 * elements an `#if` later removes still count. So a reply can show gaps in the numbering
 * (`"210"`, then `"215"`) and types queued earlier than their first visible use. The walk
 * below uses types in exactly the back end's order; whenever the next use would number or
 * queue a type out of the reply's order, it first records "left-out" uses at that spot: of the
 * type the reply says comes next, or of a fresh placeholder for a number no entry has. The
 * model builder turns them into elements under a condition that is false, which the back ends
 * drop, so introspection of the model gives the reply back, numbering included.
 *
 * The walk also records each type's first visible use, which names it (names.ts).
 */
import { QAPIError } from '../source/error.js';
import type { SchemaInfo } from '../../contracts/schema-info.js';

/** A spot in the walk: before a command's or event's uses, or before one member, branch or alternative. */
export interface Site {
  readonly kind: 'routine' | 'member' | 'variant' | 'alternate';
  /** The routine's name, or the name of the type whose member list it is. */
  readonly owner: string;
  readonly index: number;
}

export function siteKey(site: Site): string {
  return `${site.kind} ${site.owner} ${site.index}`;
}

export interface FirstUse {
  /** The command, event or type (reply name) that uses it. */
  readonly owner: string;
  readonly role: 'arg' | 'ret' | 'data' | 'member' | 'variant' | 'alternate';
  /** The member name or branch case; the alternative's index for alternates. */
  readonly label: string;
}

export interface Replay {
  /** The entry standing for QEMU's `q_empty` (what commands without arguments take), if any. */
  readonly empty: string | undefined;
  /** Left-out uses to put before each site (by siteKey), in order: reply names or placeholders. */
  readonly leftOut: ReadonlyMap<string, readonly string[]>;
  /** The placeholders: numbers the build used for types it then left out. */
  readonly placeholders: ReadonlySet<string>;
  readonly firstUse: ReadonlyMap<string, FirstUse>;
  /** How many visible uses each type has. */
  readonly useCount: ReadonlyMap<string, number>;
}

export function isArrayName(name: string): boolean {
  return name.startsWith('[') && name.endsWith(']');
}

export function elementName(arrayName: string): string {
  return arrayName.slice(1, -1);
}

const MASKED = /^[0-9]+$/u;

export function replay(entries: readonly SchemaInfo[], source: string): Replay {
  return new Walk(entries, source).run();
}

class Walk {
  readonly #source: string;
  readonly #byName = new Map<string, SchemaInfo>();
  readonly #routines: SchemaInfo[] = [];
  /** Visible types in the reply's order: the order they must be queued in. */
  readonly #expected: string[] = [];
  #expectedAt = 0;
  readonly #byNumber = new Map<number, string>();
  readonly #queued = new Set<string>();
  readonly #queue: string[] = [];
  #counter = 0;
  readonly #numbered = new Set<string>();
  readonly #placing = new Set<string>();
  readonly #leftOut = new Map<string, string[]>();
  readonly #placeholders = new Set<string>();
  readonly #firstUse = new Map<string, FirstUse>();
  readonly #useCount = new Map<string, number>();
  readonly #empty: string | undefined;
  /** Whether the current routine's argument use queued anything (a later left-out use cannot go before it). */
  #routineQueued = false;

  constructor(entries: readonly SchemaInfo[], source: string) {
    this.#source = source;
    for (const entry of entries) {
      this.#byName.set(entry.name, entry);
      const meta = entry['meta-type'];
      if (meta === 'command' || meta === 'event') this.#routines.push(entry);
      else this.#expected.push(entry.name);
      if (this.#isMasked(entry.name)) this.#byNumber.set(Number(entry.name), entry.name);
    }
    this.#empty = findEmpty(entries, this.#byName);
  }

  run(): Replay {
    this.#routines.forEach((routine, index) => {
      const site: Site = { kind: 'routine', owner: routine.name, index };
      this.#routineQueued = false;
      if (routine['meta-type'] === 'command') {
        this.#use(routine['arg-type'], site, { owner: routine.name, role: 'arg', label: '' });
        this.#use(routine['ret-type'], site, { owner: routine.name, role: 'ret', label: '' });
      } else if (routine['meta-type'] === 'event') {
        this.#use(routine['arg-type'], site, { owner: routine.name, role: 'data', label: '' });
      }
    });
    for (let i = 0; i < this.#queue.length; i++) this.#walkType(this.#queue[i]!);
    const missing = this.#expected.find((name) => !this.#queued.has(name));
    if (missing !== undefined) this.#inconsistent(`type '${missing}' is not reachable from any command or event`);
    return {
      empty: this.#empty,
      leftOut: this.#leftOut,
      placeholders: this.#placeholders,
      firstUse: this.#firstUse,
      useCount: this.#useCount,
    };
  }

  #walkType(name: string): void {
    const entry = this.#byName.get(name);
    if (entry === undefined) return; // a placeholder: no members
    if (entry['meta-type'] === 'object') {
      entry.members.forEach((m, index) =>
        this.#use(m.type, { kind: 'member', owner: name, index }, { owner: name, role: 'member', label: m.name }),
      );
      entry.variants?.forEach((v, index) =>
        this.#use(v.type, { kind: 'variant', owner: name, index }, { owner: name, role: 'variant', label: v.case }),
      );
    } else if (entry['meta-type'] === 'alternate') {
      entry.members.forEach((m, index) =>
        this.#use(m.type, { kind: 'alternate', owner: name, index }, { owner: name, role: 'alternate', label: String(index) }),
      );
    }
  }

  /** A use: visible when `use` says by whom, left out otherwise. */
  #use(name: string, site: Site, use: FirstUse | undefined): void {
    if (use !== undefined) this.#note(name, use);
    if (this.#queued.has(name)) return;
    for (let blocker = this.#blocker(name); blocker !== undefined; blocker = this.#blocker(name)) {
      this.#placeLeftOut(blocker, site);
    }
    if (use === undefined) this.#record(site, name);
    this.#commit(name);
    if (site.kind === 'routine' && use !== undefined) this.#routineQueued = true;
  }

  #placeLeftOut(name: string, site: Site): void {
    if (this.#placing.has(name)) this.#inconsistent(`the numbering and order of '${name}' contradict each other`);
    if (site.kind === 'routine') {
      // Becomes a left-out command taking no arguments and returning `name`, placed before the
      // routine: only right if the routine has not queued anything yet, and q_empty is in use.
      if (this.#routineQueued) this.#inconsistent(`a type was left out between the uses of '${site.owner}'`);
      if (this.#empty === undefined || !this.#queued.has(this.#empty)) this.#inconsistent(`a type was left out before '${site.owner}'`);
    }
    this.#placing.add(name);
    this.#use(name, site, undefined);
    this.#placing.delete(name);
  }

  #record(site: Site, name: string): void {
    const key = siteKey(site);
    const list = this.#leftOut.get(key);
    if (list) list.push(name);
    else this.#leftOut.set(key, [name]);
  }

  #note(name: string, use: FirstUse): void {
    const named = isArrayName(name) ? elementName(name) : name;
    this.#useCount.set(named, (this.#useCount.get(named) ?? 0) + 1);
    if (!this.#firstUse.has(named)) this.#firstUse.set(named, use);
  }

  /**
   * What must be used before `name` for its first use to queue and number as the reply says:
   * the next type in the reply's order, or the type (or a placeholder) with the next number.
   */
  #blocker(name: string): string | undefined {
    const events: { queue?: string; mask?: string }[] = [{ queue: name }];
    const target = isArrayName(name) ? elementName(name) : name;
    if (target !== name && !this.#queued.has(target)) events.push({ queue: target });
    if (this.#isMasked(target) && !this.#numbered.has(target)) events.push({ mask: target });
    const pending = new Set<string>();
    let counter = this.#counter;
    for (const event of events) {
      if (event.queue !== undefined) {
        if (!this.#byName.has(event.queue)) continue;
        const next = this.#nextExpected(pending);
        if (next !== event.queue) return next;
        pending.add(event.queue);
      } else if (event.mask !== undefined) {
        const want = this.#numberOf(event.mask);
        if (counter < want) return this.#byNumber.get(counter) ?? this.#newPlaceholder();
        if (counter > want) this.#inconsistent(`type '${event.mask}' is numbered out of order`);
        counter++;
      }
    }
    return undefined;
  }

  #nextExpected(pending: ReadonlySet<string>): string | undefined {
    while (this.#expectedAt < this.#expected.length && this.#queued.has(this.#expected[this.#expectedAt]!)) this.#expectedAt++;
    for (let i = this.#expectedAt; i < this.#expected.length; i++) {
      const name = this.#expected[i]!;
      if (!this.#queued.has(name) && !pending.has(name)) return name;
    }
    return undefined;
  }

  #commit(name: string): void {
    this.#enqueue(name);
    if (isArrayName(name)) {
      const element = elementName(name);
      if (!this.#queued.has(element)) this.#enqueue(element);
    }
  }

  #enqueue(name: string): void {
    this.#queued.add(name);
    this.#queue.push(name);
    if (this.#isMasked(name) && !this.#numbered.has(name)) {
      this.#numbered.add(name);
      this.#counter++;
    }
  }

  #newPlaceholder(): string {
    let name = `#${this.#counter}`;
    while (this.#byName.has(name)) name = `#${name}`;
    this.#placeholders.add(name);
    return name;
  }

  #isMasked(name: string): boolean {
    return this.#placeholders.has(name) || (MASKED.test(name) && this.#byName.get(name)?.['meta-type'] !== 'builtin');
  }

  #numberOf(name: string): number {
    return this.#placeholders.has(name) ? this.#counter : Number(name);
  }

  #inconsistent(problem: string): never {
    throw new QAPIError(undefined, `${this.#source}: not a reply QEMU's introspection could give: ${problem}`);
  }
}

/**
 * QEMU's `q_empty`: an object without members, variants or features that commands or events
 * use as arguments or return value, and nothing uses as a member or alternative (a named empty
 * struct such as `Abort` is kept as a struct of its own).
 */
function findEmpty(entries: readonly SchemaInfo[], byName: ReadonlyMap<string, SchemaInfo>): string | undefined {
  const isEmptyObject = (name: string): boolean => {
    const entry = byName.get(name);
    return entry?.['meta-type'] === 'object' && entry.members.length === 0 && entry.variants === undefined && entry.features === undefined;
  };
  const excluded = new Set<string>();
  for (const entry of entries) {
    if (entry['meta-type'] === 'object') for (const m of entry.members) excluded.add(m.type);
    if (entry['meta-type'] === 'alternate') for (const m of entry.members) excluded.add(m.type);
    if (entry['meta-type'] === 'array') excluded.add(entry['element-type']);
  }
  for (const entry of entries) {
    if (entry['meta-type'] !== 'command' && entry['meta-type'] !== 'event') continue;
    const uses = entry['meta-type'] === 'command' ? [entry['arg-type'], entry['ret-type']] : [entry['arg-type']];
    const found = uses.find((name) => isEmptyObject(name) && !excluded.has(name));
    if (found !== undefined) return found;
  }
  return undefined;
}
