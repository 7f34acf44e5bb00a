/**
 * A `query-qmp-schema` reply as input: the bare array or `{"return": [...]}`, checked entry by
 * entry against QEMU's `SchemaInfo` (qapi/introspect.json) before anything is built from it, so
 * a damaged or foreign file gets one clear message naming the entry.
 */
import { QAPIError } from '../source/error.js';
import type { SchemaInfo } from '../../contracts/schema-info.js';

const META_TYPES = new Set(['builtin', 'enum', 'array', 'object', 'alternate', 'command', 'event']);
const JSON_TYPES = new Set(['string', 'number', 'int', 'boolean', 'null', 'value']);

/** The entries of a reply given as parsed JSON; `source` names it in messages. Throws QAPIError. */
export function replyEntries(data: unknown, source: string): SchemaInfo[] {
  const list = isRecord(data) && 'return' in data ? data['return'] : data;
  if (!Array.isArray(list)) {
    throw new QAPIError(undefined, `${source}: not a query-qmp-schema reply: expected a JSON array or {"return": [...]}`);
  }
  const names = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const fail = (problem: string): never => {
      const name = isRecord(entry) && typeof entry['name'] === 'string' ? ` ('${entry['name']}')` : '';
      throw new QAPIError(undefined, `${source}: entry ${index}${name}: ${problem}`);
    };
    checkEntry(entry, fail);
    const name = (entry as SchemaInfo).name;
    if (names.has(name)) fail('the name is used by an earlier entry');
    names.add(name);
  });
  const entries = list as SchemaInfo[];
  const byName = new Map(entries.map((e) => [e.name, e]));
  const routines = new Set(entries.filter((e) => e['meta-type'] === 'command' || e['meta-type'] === 'event').map((e) => e.name));
  for (const [index, entry] of entries.entries()) {
    const fail = (problem: string): never => {
      throw new QAPIError(undefined, `${source}: entry ${index} ('${entry.name}'): ${problem}`);
    };
    if (entry['meta-type'] === 'array' && entry.name !== `[${entry['element-type']}]`)
      fail(`an array of '${entry['element-type']}' is named '[${entry['element-type']}]'`);
    for (const ref of typeRefs(entry)) {
      if (!names.has(ref)) fail(`type '${ref}' has no entry`);
      if (routines.has(ref)) fail(`'${ref}' is a command or event, not a type`);
    }
    checkKinds(entry, byName, fail);
  }
  return entries;
}

/** Every type name an entry refers to, in the order QEMU's introspect.py uses them. */
export function typeRefs(entry: SchemaInfo): string[] {
  switch (entry['meta-type']) {
    case 'command':
      return [entry['arg-type'], entry['ret-type']];
    case 'event':
      return [entry['arg-type']];
    case 'array':
      return [entry['element-type']];
    case 'object':
      return [...entry.members.map((m) => m.type), ...(entry.variants ?? []).map((v) => v.type)];
    case 'alternate':
      return entry.members.map((m) => m.type);
    default:
      return [];
  }
}

type Fail = (problem: string) => never;

/** What each use may refer to: arguments and branches are objects, a union's tag an enum member. */
function checkKinds(entry: SchemaInfo, byName: ReadonlyMap<string, SchemaInfo>, fail: Fail): void {
  const meta = (name: string): string | undefined => byName.get(name)?.['meta-type'];
  if (entry['meta-type'] === 'command' || entry['meta-type'] === 'event') {
    if (meta(entry['arg-type']) !== 'object') fail(`'arg-type' '${entry['arg-type']}' is not an object type`);
  } else if (entry['meta-type'] === 'object' && entry.variants !== undefined) {
    const tag = entry.members.find((m) => m.name === entry.tag);
    if (tag === undefined || meta(tag.type) !== 'enum') fail(`'tag' '${entry.tag ?? ''}' is not a member of enum type`);
    for (const v of entry.variants) if (meta(v.type) !== 'object') fail(`variant '${v.case}': '${v.type}' is not an object type`);
  } else if (entry['meta-type'] === 'alternate') {
    for (const m of entry.members) {
      if (m.type === 'any' || meta(m.type) === 'alternate') fail(`an alternate cannot have '${m.type}' as an alternative`);
    }
  }
}

function checkEntry(entry: unknown, fail: Fail): void {
  if (!isRecord(entry)) fail('not a JSON object');
  const e = entry as Record<string, unknown>;
  if (typeof e['name'] !== 'string' || e['name'] === '') fail("'name' must be a non-empty string");
  const meta = e['meta-type'];
  if (typeof meta !== 'string' || !META_TYPES.has(meta)) fail(`unknown 'meta-type' ${JSON.stringify(meta)}`);
  checkFeatures(e['features'], fail, "'features'");
  switch (meta) {
    case 'builtin':
      if (typeof e['json-type'] !== 'string' || !JSON_TYPES.has(e['json-type'])) fail("'json-type' must be one of QEMU's JSONType values");
      return;
    case 'enum':
      checkList(e['members'], fail, "'members'", (m, what) => {
        if (typeof m['name'] !== 'string') fail(`${what}: 'name' must be a string`);
        checkFeatures(m['features'], fail, `${what}: 'features'`);
      });
      return;
    case 'array':
      return checkString(e['element-type'], fail, "'element-type'");
    case 'object':
      checkList(e['members'], fail, "'members'", (m, what) => {
        if (typeof m['name'] !== 'string') fail(`${what}: 'name' must be a string`);
        checkString(m['type'], fail, `${what}: 'type'`);
        if ('default' in m && m['default'] !== null) fail(`${what}: 'default' must be null`);
        checkFeatures(m['features'], fail, `${what}: 'features'`);
      });
      if ((e['tag'] === undefined) !== (e['variants'] === undefined)) fail("'tag' and 'variants' go together");
      if (e['tag'] !== undefined) {
        checkString(e['tag'], fail, "'tag'");
        checkList(e['variants'], fail, "'variants'", (v, what) => {
          checkString(v['case'], fail, `${what}: 'case'`);
          checkString(v['type'], fail, `${what}: 'type'`);
        });
      }
      return;
    case 'alternate':
      return checkList(e['members'], fail, "'members'", (m, what) => checkString(m['type'], fail, `${what}: 'type'`));
    case 'command':
      checkString(e['arg-type'], fail, "'arg-type'");
      checkString(e['ret-type'], fail, "'ret-type'");
      if ('allow-oob' in e && typeof e['allow-oob'] !== 'boolean') fail("'allow-oob' must be a boolean");
      return;
    case 'event':
      return checkString(e['arg-type'], fail, "'arg-type'");
  }
}

function checkString(value: unknown, fail: Fail, what: string): void {
  if (typeof value !== 'string' || value === '') fail(`${what} must be a non-empty string`);
}

function checkFeatures(value: unknown, fail: Fail, what: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((f) => typeof f === 'string')) fail(`${what} must be an array of strings`);
}

function checkList(value: unknown, fail: Fail, what: string, item: (m: Record<string, unknown>, what: string) => void): void {
  if (!Array.isArray(value)) fail(`${what} must be an array`);
  (value as unknown[]).forEach((m, i) => {
    if (!isRecord(m)) fail(`${what}[${i}] must be an object`);
    item(m as Record<string, unknown>, `${what}[${i}]`);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
