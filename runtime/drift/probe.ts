/**
 * Capability probes: whether a server's schema has something, asked by path, so code branches
 * on what this QEMU supports rather than on its version number (the approach libvirt takes
 * with `query-qmp-schema`). A path starts at a command or event and steps through its types:
 *
 * | step                   | means |
 * |------------------------|-------|
 * | `NAME` (first)         | the command or event exists |
 * | `arg-type`, `ret-type` | into a command's arguments or return value (`arg-type` is an event's data) |
 * | `NAME`                 | the current object has member NAME; into its type |
 * | `+VALUE`               | the current union has a branch for discriminator value VALUE; into it |
 * | `^VALUE`               | the current enum has value VALUE (last step) |
 * | `$FEATURE`             | what the previous step named (command, event, member) has feature FEATURE (last step) |
 * | `!KIND`                | the current type is, or an alternate has an arm that is, of JSON kind KIND: `string`, `int`, `number`, `boolean`, `null`, `value` (any), `object`, `array`, `enum`, `alternate` |
 *
 * Arrays and alternates are looked through: a step applies to an array's element and to each
 * arm of an alternate, and the path holds if any way through holds.
 * `blockdev-add/arg-type/+file/aio/^io_uring`: blockdev-add's `file` driver takes `aio: "io_uring"`.
 * `blockdev-backup/arg-type/discard-source`: blockdev-backup takes `discard-source`.
 * `query-status/ret-type/singlestep/$deprecated`: that member is deprecated.
 */
import type { SchemaInfoEntry } from './schema-info.js';

/** A path that does not follow the syntax above: a mistake in the calling code. */
export class ProbePathError extends Error {
  constructor(path: string, why: string) {
    super(`invalid schema probe '${path}': ${why}`);
    this.name = 'ProbePathError';
  }
}

/** Where a path stands: a type, and the features of what the last step named. */
interface Place {
  readonly type: string | undefined;
  readonly features: readonly string[];
  readonly entity?: SchemaInfoEntry;
}

/** A server's schema indexed once, for any number of probes. */
export class SchemaProbe {
  private readonly entities = new Map<string, SchemaInfoEntry>();
  private readonly types = new Map<string, SchemaInfoEntry>();

  constructor(info: readonly SchemaInfoEntry[]) {
    for (const entry of info) {
      const meta = entry['meta-type'];
      (meta === 'command' || meta === 'event' ? this.entities : this.types).set(entry.name, entry);
    }
  }

  /** Whether the schema has what `path` names; throws ProbePathError for a path that is not one. */
  has(path: string): boolean {
    const steps = path.split('/');
    const [first = '', ...rest] = steps;
    if (first === '' || steps.some((s) => s === '')) throw new ProbePathError(path, 'empty step');
    const last = steps.length - 1;
    steps.forEach((step, i) => {
      if ((step.startsWith('^') || step.startsWith('$')) && i !== last) throw new ProbePathError(path, `'${step}' must be the last step`);
    });
    if (/^[+^$!]/.test(first)) throw new ProbePathError(path, 'it must start with a command or event name');
    const entity = this.entities.get(first);
    if (entity === undefined) return false;
    let places: Place[] = [{ type: undefined, features: entity.features ?? [], entity }];
    for (const step of rest) {
      places = places.flatMap((place) => this.step(place, step, path));
      if (places.length === 0) return false;
    }
    return true;
  }

  private step(place: Place, step: string, path: string): Place[] {
    const sigil = step[0];
    const word = step.slice(1);
    if (place.entity !== undefined) {
      if (step === 'arg-type' || (step === 'ret-type' && place.entity['meta-type'] === 'command')) {
        return [{ type: place.entity[step], features: [] }];
      }
      if (sigil === '$') return place.features.includes(word) ? [place] : [];
      if (sigil === '!' || sigil === '^' || sigil === '+') return [];
      throw new ProbePathError(path, `after a command or event comes arg-type or ret-type, not '${step}'`);
    }
    if (step === 'arg-type' || step === 'ret-type') throw new ProbePathError(path, `'${step}' only follows a command or event`);
    if (sigil === '$') return place.features.includes(word) ? [place] : [];
    if (sigil === '!') return this.kindsOf(place.type).includes(word) ? [place] : [];
    const found: Place[] = [];
    for (const type of this.lookThrough(place.type)) {
      if (sigil === '^') {
        if (type['meta-type'] === 'enum' && (type.values ?? type.members?.map((m) => m.name) ?? []).includes(word)) found.push(place);
      } else if (sigil === '+') {
        const branch = type.variants?.find((v) => v.case === word);
        if (branch !== undefined) found.push({ type: branch.type, features: [] });
      } else if (type['meta-type'] === 'object') {
        const member = type.members?.find((m) => m.name === step);
        if (member !== undefined) found.push({ type: member.type, features: member.features ?? [] });
      }
    }
    return found;
  }

  /** The JSON kinds a value of `name` may have (an enum is also a string), an alternate's arms' too. */
  private kindsOf(name: string | undefined): string[] {
    const type = name === undefined ? undefined : this.types.get(name);
    if (type === undefined) return [];
    const meta = type['meta-type'];
    if (meta === 'builtin') return [type['json-type'] ?? ''];
    if (meta === 'enum') return ['enum', 'string'];
    if (meta === 'alternate') return ['alternate', ...(type.members ?? []).flatMap((arm) => this.kindsOf(arm.type))];
    return [meta];
  }

  /** The type itself, or what an array holds and what an alternate's arms are, recursively. */
  private lookThrough(name: string | undefined, depth = 0): SchemaInfoEntry[] {
    const type = name === undefined ? undefined : this.types.get(name);
    if (type === undefined || depth > 8) return [];
    if (type['meta-type'] === 'array') return this.lookThrough(type['element-type'], depth + 1);
    if (type['meta-type'] === 'alternate') return [type, ...(type.members ?? []).flatMap((arm) => this.lookThrough(arm.type, depth + 1))];
    return [type];
  }
}

/** One probe against `info`: `probeSchema(info, 'blockdev-add/arg-type/+file/aio/^io_uring')`. */
export function probeSchema(info: readonly SchemaInfoEntry[], path: string): boolean {
  return new SchemaProbe(info).has(path);
}
