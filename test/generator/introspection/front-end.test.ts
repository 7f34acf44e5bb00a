/**
 * The introspection front end on small hand-written replies: names from first use (and what
 * happens when two paths give the same name), a build that left something out (a gap in the
 * numbering), an unmasked reply, and the messages for replies QEMU could not have sent.
 */
import { describe, expect, it } from 'vitest';
import { buildIntrospection } from '../../../generator/backends/introspect/introspect.js';
import { generateFromIntrospection } from '../../../generator/generate.js';
import { FROM_INTROSPECTION_DEFINES, schemaFromIntrospection } from '../../../generator/introspection/build.js';
import { QAPIError } from '../../../generator/source/error.js';

const defined = new Set(FROM_INTROSPECTION_DEFINES);

/** `query-a` returns "1"; `set-b` takes "3"; "2" was used by a command this build left out. */
const withGap = [
  { name: 'query-a', 'ret-type': '1', 'meta-type': 'command', 'arg-type': '0' },
  { name: 'set-b', 'ret-type': '0', 'meta-type': 'command', 'arg-type': '3', features: ['deprecated'] },
  { name: 'B_CHANGED', 'meta-type': 'event', 'arg-type': '3' },
  { name: '0', members: [], 'meta-type': 'object' },
  {
    name: '1',
    members: [
      { name: 'mode', type: '4' },
      { name: 'size', default: null, type: 'int' },
    ],
    'meta-type': 'object',
  },
  {
    name: '3',
    members: [
      { name: 'mode', type: '4' },
      { name: 'tags', default: null, type: '[str]' },
    ],
    'meta-type': 'object',
  },
  { name: '4', members: [{ name: 'on' }, { name: 'off', features: ['deprecated'] }], 'meta-type': 'enum', values: ['on', 'off'] },
  { name: 'int', 'json-type': 'int', 'meta-type': 'builtin' },
  { name: '[str]', 'element-type': 'str', 'meta-type': 'array' },
  { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
];

function files(reply: unknown): Map<string, string> {
  return new Map(generateFromIntrospection({ reply, source: 'reply.json' }).map((f) => [f.path, f.content]));
}

describe('a reply with a gap in its numbering', () => {
  it('comes back out of the model unchanged, gap included', () => {
    const { schema } = schemaFromIntrospection(withGap, 'reply.json');
    expect(buildIntrospection(schema, { defined })).toEqual(withGap);
  });

  it('names types from their first use, and nothing left out shows in the types', () => {
    const module = files(withGap).get('qemu.ts')!;
    expect(module).toContain('export interface QueryAResult {\n  mode: QueryAResultMode;');
    expect(module).toContain("export type QueryAResultMode =\n  | 'on'\n  /** @deprecated */\n  | 'off';");
    // Used by two routines: a named type after the first, not an implicit argument type.
    expect(module).toContain('export interface SetBArguments {');
    expect(module).toContain('tags?: string[];');
    expect(module).not.toMatch(/left-out|LeftOut/u);
    const commands = files(withGap).get('qmp-commands.ts')!;
    expect(commands).toContain("readonly features: readonly ['deprecated'];");
    expect(commands).not.toMatch(/left-out/u);
    expect(files(withGap).get('qmp-events.ts')).toContain('B_CHANGED: SetBArguments;');
  });
});

describe('features the build removed', () => {
  it('`features: []` (every feature conditional and false) comes back as it was', () => {
    const reply = [
      { name: 'c', 'ret-type': '0', 'meta-type': 'command', 'arg-type': '0', features: [] },
      { name: '0', members: [], 'meta-type': 'object' },
    ];
    const { schema } = schemaFromIntrospection(reply, 'reply.json');
    expect(buildIntrospection(schema, { defined })).toEqual(reply);
    expect(files(reply).get('qmp-commands.ts')).toContain(
      "c: { 'allow-oob': false, 'allow-preconfig': false, 'success-response': true, boxed: false, coroutine: false, gen: true, features: [] },",
    );
  });
});

describe('names', () => {
  it("an argument type used once is the command's own `<Name>Arguments`", () => {
    const reply = [
      { name: 'job-pause', 'ret-type': '1', 'meta-type': 'command', 'arg-type': '0' },
      { name: '0', members: [{ name: 'id', type: 'str' }], 'meta-type': 'object' },
      { name: '1', members: [], 'meta-type': 'object' },
      { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
    ];
    const module = files(reply).get('qemu.ts')!;
    expect(module).toContain('/** Arguments of the `job-pause` command. */\nexport interface JobPauseArguments {\n  id: string;\n}');
  });

  it('two paths that spell the same name: the later one is numbered', () => {
    const reply = [
      { name: 'x', 'ret-type': '1', 'meta-type': 'command', 'arg-type': '0' },
      { name: '0', members: [], 'meta-type': 'object' },
      {
        name: '1',
        members: [
          { name: 'b-c', type: '2' },
          { name: 'b', type: '3' },
        ],
        'meta-type': 'object',
      },
      { name: '2', members: [], 'meta-type': 'object' },
      { name: '3', members: [{ name: 'c', type: '4' }], 'meta-type': 'object' },
      { name: '4', members: [{ name: 'v' }], 'meta-type': 'enum', values: ['v'] },
    ];
    const module = files(reply).get('qemu.ts')!;
    expect(module).toContain("'b-c': XResultBC;");
    expect(module).toContain('c: XResultBC2;');
    expect(module).toContain('export const XResultBC2Values');
  });

  it("an unmasked reply keeps QEMU's names, and its introspection data stays unmasked", () => {
    const reply = [
      { name: 'query-pets', 'ret-type': '[Pet]', 'meta-type': 'command', 'arg-type': 'q_empty' },
      { name: 'q_empty', members: [], 'meta-type': 'object' },
      { name: '[Pet]', 'element-type': 'Pet', 'meta-type': 'array' },
      { name: 'Pet', members: [{ name: 'name', type: 'str' }], 'meta-type': 'object' },
      { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
    ];
    const out = files(reply);
    expect(out.get('qemu.ts')).toContain('export interface Pet {');
    expect(out.get('qmp-commands.ts')).toContain('readonly returns: Pet[];');
    expect(out.get('qmp-introspection.ts')).toContain(JSON.stringify(reply[3]));
  });
});

describe('replies QEMU could not have sent', () => {
  const cases: [string, unknown, string][] = [
    ['not a list', { nope: 1 }, 'reply.json: not a query-qmp-schema reply: expected a JSON array or {"return": [...]}'],
    ['an unknown meta-type', [{ name: 'a', 'meta-type': 'thing' }], "reply.json: entry 0 ('a'): unknown 'meta-type' \"thing\""],
    [
      'a name used twice',
      [
        { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
        { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
      ],
      "reply.json: entry 1 ('str'): the name is used by an earlier entry",
    ],
    ['a type without an entry', [{ name: 'a', 'meta-type': 'event', 'arg-type': '7' }], "reply.json: entry 0 ('a'): type '7' has no entry"],
    [
      'a command used as a type',
      [{ name: 'a', 'meta-type': 'event', 'arg-type': 'a' }],
      "reply.json: entry 0 ('a'): 'a' is a command or event, not a type",
    ],
    [
      'an array misnamed',
      [
        { name: '[int]', 'element-type': 'str', 'meta-type': 'array' },
        { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
      ],
      "reply.json: entry 0 ('[int]'): an array of 'str' is named '[str]'",
    ],
    [
      'arguments that are not an object',
      [
        { name: 'e', 'meta-type': 'event', 'arg-type': 'str' },
        { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
      ],
      "reply.json: entry 0 ('e'): 'arg-type' 'str' is not an object type",
    ],
    [
      'a union tag that is not an enum member',
      [
        { name: '1', members: [{ name: 'kind', type: 'str' }], tag: 'kind', variants: [], 'meta-type': 'object' },
        { name: 'str', 'json-type': 'string', 'meta-type': 'builtin' },
      ],
      "reply.json: entry 0 ('1'): 'tag' 'kind' is not a member of enum type",
    ],
    [
      'a member without a type',
      [{ name: '1', members: [{ name: 'm' }], 'meta-type': 'object' }],
      "reply.json: entry 0 ('1'): 'members'[0]: 'type' must be a non-empty string",
    ],
    [
      'numbers out of use order (the return value numbered before the arguments, with nothing to explain it)',
      [
        { name: 'c', 'ret-type': '0', 'meta-type': 'command', 'arg-type': '1' },
        { name: '0', members: [{ name: 'a', type: '1' }], 'meta-type': 'object' },
        { name: '1', members: [], 'meta-type': 'object' },
      ],
      "reply.json: not a reply QEMU's introspection could give: a type was left out before 'c'",
    ],
    [
      'a type nothing reaches',
      [{ name: '5', members: [], 'meta-type': 'object' }],
      "reply.json: not a reply QEMU's introspection could give: type '5' is not reachable from any command or event",
    ],
  ];
  it.each(cases)('%s', (_, reply, message) => {
    let error: unknown;
    try {
      schemaFromIntrospection(reply, 'reply.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(QAPIError);
    expect((error as QAPIError).render()).toBe(message);
  });
});
