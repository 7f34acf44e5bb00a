/**
 * Definition- and check-phase messages (scripts/qapi/schema.py), as QEMU 7.2 renders them.
 * Each case is a small schema in `main.json`; the expected text is the full rendering.
 */
import { describe, expect, it } from 'vitest';
import { errorOf } from './load.js';

const ENUM_E = "{ 'enum': 'Enu', 'data': ['a', 'b'] }";

/** [title, schema lines, expected rendered error] */
type Case = readonly [string, readonly string[], string];

const redefinitions: Case[] = [
  [
    'type redefined',
    ["{ 'struct': 'Foo', 'data': { 'one': 'str' } }", "{ 'enum': 'Foo', 'data': ['value'] }"],
    "main.json: In enum 'Foo':\nmain.json:2: 'Foo' is already defined\nmain.json: In struct 'Foo':\nmain.json:1: previous definition",
  ],
  [
    'builtin redefined by a command',
    ["{ 'command': 'int' }"],
    "main.json: In command 'int':\nmain.json:1: built-in type 'int' is already defined",
  ],
  [
    'predefined enum redefined',
    ["{ 'enum': 'QType', 'data': ['x'] }"],
    "main.json: In enum 'QType':\nmain.json:1: enum type 'QType' is already defined",
  ],
  [
    'command redefined (implicit arg type reused)',
    ["{ 'command': 'x', 'data': { 'a': 'int' } }", "{ 'command': 'x', 'data': { 'b': 'int' } }"],
    "main.json: In command 'x':\nmain.json:2: 'x' is already defined\nmain.json: In command 'x':\nmain.json:1: previous definition",
  ],
];

const unknownTypes: Case[] = [
  [
    'array element, blamed on the first user',
    ["{ 'command': 'c', 'data': { 'array': ['NoSuchType'] } }"],
    "main.json: In command 'c':\nmain.json:1: command uses unknown type 'NoSuchType'",
  ],
  [
    'struct member',
    ["{ 'struct': 'Str', 'data': { 'm': 'Nope' } }"],
    "main.json: In struct 'Str':\nmain.json:1: member 'm' uses unknown type 'Nope'",
  ],
  [
    'command parameter',
    ["{ 'command': 'c', 'data': { 'member': 'NoSuchType' } }"],
    "main.json: In command 'c':\nmain.json:1: parameter 'member' uses unknown type 'NoSuchType'",
  ],
  [
    'union inline base member',
    [ENUM_E, "{ 'union': 'Uni', 'base': { 'k': 'Enu', 'x': 'Nope' }, 'discriminator': 'k', 'data': {} }"],
    "main.json: In union 'Uni':\nmain.json:2: base member 'x' uses unknown type 'Nope'",
  ],
  [
    'base',
    ["{ 'struct': 'Str', 'base': 'Nope', 'data': {} }"],
    "main.json: In struct 'Str':\nmain.json:1: 'base' uses unknown type 'Nope'",
  ],
  [
    'union branch',
    [ENUM_E, "{ 'union': 'Uni', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': { 'a': 'Nope' } }"],
    "main.json: In union 'Uni':\nmain.json:2: branch 'a' uses unknown type 'Nope'",
  ],
  [
    'alternate branch',
    ["{ 'alternate': 'Alt', 'data': { 'x': 'Y' } }"],
    "main.json: In alternate 'Alt':\nmain.json:1: branch 'x' uses unknown type 'Y'",
  ],
  [
    'command data',
    ["{ 'command': 'c', 'data': 'Nope' }"],
    "main.json: In command 'c':\nmain.json:1: command's 'data' uses unknown type 'Nope'",
  ],
  [
    'command returns',
    ["{ 'command': 'c', 'returns': 'Nope' }"],
    "main.json: In command 'c':\nmain.json:1: command's 'returns' uses unknown type 'Nope'",
  ],
  [
    'event data',
    ["{ 'event': 'EVT', 'data': 'Nope' }"],
    "main.json: In event 'EVT':\nmain.json:1: event's 'data' uses unknown type 'Nope'",
  ],
  [
    'a command is not a type',
    ["{ 'command': 'c' }", "{ 'struct': 'Str', 'data': { 'm': 'c' } }"],
    "main.json: In struct 'Str':\nmain.json:2: member 'm' uses unknown type 'c'",
  ],
  [
    'two definitions on one line share the context',
    ["{ 'command': 'aaa', 'data': {'x': 'Nope'} } { 'command': 'bbb' }"],
    "main.json: In command 'bbb':\nmain.json:1: parameter 'x' uses unknown type 'Nope'",
  ],
];

const objects: Case[] = [
  [
    'base is a builtin',
    ["{ 'struct': 'Str', 'base': 'int', 'data': {} }"],
    "main.json: In struct 'Str':\nmain.json:1: 'base' requires a struct type, built-in type 'int' isn't",
  ],
  [
    'base is a union',
    [
      ENUM_E,
      "{ 'union': 'UnionBase', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': {} }",
      "{ 'struct': 'Str', 'base': 'UnionBase', 'data': {} }",
    ],
    "main.json: In struct 'Str':\nmain.json:3: 'base' requires a struct type, union type 'UnionBase' isn't",
  ],
  [
    'direct base cycle',
    ["{ 'struct': 'Loopy', 'base': 'Loopy', 'data': {} }"],
    "main.json: In struct 'Loopy':\nmain.json:1: object Loopy contains itself",
  ],
  [
    'indirect base cycle',
    ["{ 'struct': 'Base1', 'base': 'Base2', 'data': {} }", "{ 'struct': 'Base2', 'base': 'Base1', 'data': {} }"],
    "main.json: In struct 'Base1':\nmain.json:1: object Base1 contains itself",
  ],
  [
    'member clashes with base member',
    ["{ 'struct': 'Base', 'data': { 'name': 'str' } }", "{ 'struct': 'Sub', 'base': 'Base', 'data': { 'name': 'str' } }"],
    "main.json: In struct 'Sub':\nmain.json:2: member 'name' collides with member 'name' of type 'Base'",
  ],
  [
    'members clash by C name',
    ["{ 'pragma': { 'member-name-exceptions': ['Str'] } }", "{ 'struct': 'Str', 'data': { 'a': 'str', 'a-b': 'str', 'a_b': 'str' } }"],
    "main.json: In struct 'Str':\nmain.json:2: member 'a_b' collides with member 'a-b'",
  ],
  [
    'entity features clash',
    ["{ 'struct': 'Str', 'data': {}, 'features': ['f', 'f'] }"],
    "main.json: In struct 'Str':\nmain.json:1: feature 'f' collides with feature 'f'",
  ],
  [
    'member features are defined in the member',
    ["{ 'struct': 'Str', 'data': { 'a': { 'type': 'int', 'features': ['x', 'x'] } } }"],
    "main.json: In struct 'Str':\nmain.json:1: feature 'x' of type 'a' collides with feature 'x' of type 'a'",
  ],
  [
    'special feature on a type',
    ["{ 'struct': 'Str', 'data': {}, 'features': ['unstable'] }"],
    "main.json: In struct 'Str':\nmain.json:1: feature 'unstable' is not supported for types",
  ],
  [
    'enum values clash',
    ["{ 'pragma': { 'member-name-exceptions': ['Enu'] } }", "{ 'enum': 'Enu', 'data': ['one-two', 'one_two'] }"],
    "main.json: In enum 'Enu':\nmain.json:2: value 'one_two' collides with value 'one-two'",
  ],
];

const unions: Case[] = [
  [
    'discriminator missing',
    [ENUM_E, "{ 'union': 'Uni', 'base': { 'x': 'Enu' }, 'discriminator': 'k', 'data': {} }"],
    "main.json: In union 'Uni':\nmain.json:2: discriminator 'k' is not a member of 'base'",
  ],
  [
    'discriminator found only by C name',
    [ENUM_E, "{ 'union': 'Uni', 'base': { 'k-x': 'Enu' }, 'discriminator': 'k_x', 'data': {} }"],
    "main.json: In union 'Uni':\nmain.json:2: discriminator 'k_x' is not a member of 'base'",
  ],
  [
    'empty inline base',
    [ENUM_E, "{ 'union': 'Uni', 'base': {}, 'discriminator': 'k', 'data': {} }"],
    "main.json: In union 'Uni':\nmain.json:2: discriminator 'k' is not a member of 'base'",
  ],
  [
    'discriminator not an enum (inline base)',
    ["{ 'union': 'Uni', 'base': { 'k': 'str' }, 'discriminator': 'k', 'data': {} }"],
    "main.json: In union 'Uni':\nmain.json:1: discriminator member 'k' of 'base' must be of enum type",
  ],
  [
    'discriminator optional (named base)',
    [ENUM_E, "{ 'struct': 'Bas', 'data': { '*k': 'Enu' } }", "{ 'union': 'Uni', 'base': 'Bas', 'discriminator': 'k', 'data': {} }"],
    "main.json: In union 'Uni':\nmain.json:3: discriminator member 'k' of base type 'Bas' must not be optional",
  ],
  [
    'discriminator conditional, from a grand-base',
    [
      ENUM_E,
      "{ 'struct': 'Base1', 'data': { 'k': { 'type': 'Enu', 'if': 'X' } } }",
      "{ 'struct': 'Base2', 'base': 'Base1', 'data': {} }",
      "{ 'union': 'Uni', 'base': 'Base2', 'discriminator': 'k', 'data': {} }",
    ],
    "main.json: In union 'Uni':\nmain.json:4: discriminator member 'k' of base type 'Base1' must not be conditional",
  ],
  [
    'no branches at all',
    ["{ 'enum': 'Empty', 'data': [] }", "{ 'union': 'Uni', 'base': { 'k': 'Empty' }, 'discriminator': 'k', 'data': {} }"],
    "main.json: In union 'Uni':\nmain.json:2: union has no branches",
  ],
  [
    'branch not an enum value',
    [ENUM_E, "{ 'struct': 'Str', 'data': {} }", "{ 'union': 'Uni', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': { 'z': 'Str' } }"],
    "main.json: In union 'Uni':\nmain.json:3: branch 'z' is not a value of enum type 'Enu'",
  ],
  [
    'branch is not a struct',
    [ENUM_E, "{ 'union': 'Uni', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': { 'a': 'int' } }"],
    "main.json: In union 'Uni':\nmain.json:2: branch 'a' cannot use built-in type 'int'",
  ],
  [
    'branch member clashes with inline base member',
    [
      ENUM_E,
      "{ 'struct': 'Branch', 'data': { 'k': 'str' } }",
      "{ 'union': 'Uni', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': { 'a': 'Branch' } }",
    ],
    "main.json: In union 'Uni':\nmain.json:3: member 'k' of type 'Branch' collides with base member 'k'",
  ],
  [
    'branch member clashes with named base member',
    [
      ENUM_E,
      "{ 'struct': 'Base', 'data': { 'k': 'Enu', 'name': 'str' } }",
      "{ 'struct': 'Branch1', 'data': { 'name': 'str' } }",
      "{ 'union': 'Uni', 'base': 'Base', 'discriminator': 'k', 'data': { 'a': 'Branch1' } }",
    ],
    "main.json: In union 'Uni':\nmain.json:4: member 'name' of type 'Branch1' collides with member 'name' of type 'Base'",
  ],
];

const alternates: Case[] = [
  [
    'branch of type any',
    ["{ 'alternate': 'Alt', 'data': { 'one': 'any', 'two': 'int' } }"],
    "main.json: In alternate 'Alt':\nmain.json:1: branch 'one' cannot use built-in type 'any'",
  ],
  [
    'nested alternate',
    ["{ 'alternate': 'Alt1', 'data': { 'n': 'int' } }", "{ 'alternate': 'Alt2', 'data': { 'nested': 'Alt1', 'b': 'bool' } }"],
    "main.json: In alternate 'Alt2':\nmain.json:2: branch 'nested' cannot use alternate type 'Alt1'",
  ],
  [
    'two objects',
    [
      "{ 'struct': 'One', 'data': { 'name': 'str' } }",
      "{ 'struct': 'Two', 'data': { 'value': 'int' } }",
      "{ 'alternate': 'Alt', 'data': { 'one': 'One', 'two': 'Two' } }",
    ],
    "main.json: In alternate 'Alt':\nmain.json:3: branch 'two' can't be distinguished from 'one'",
  ],
  [
    'number and string',
    ["{ 'alternate': 'Alt', 'data': { 'one': 'number', 'two': 'str' } }"],
    "main.json: In alternate 'Alt':\nmain.json:1: branch 'two' can't be distinguished from 'one'",
  ],
  [
    'int and uint8',
    ["{ 'alternate': 'Alt', 'data': { 'one': 'int', 'two': 'uint8' } }"],
    "main.json: In alternate 'Alt':\nmain.json:1: branch 'two' can't be distinguished from 'one'",
  ],
  [
    'enum with on/off vs bool',
    ["{ 'enum': 'Enu', 'data': ['on', 'x'] }", "{ 'alternate': 'Alt', 'data': { 'b': 'bool', 'e': 'Enu' } }"],
    "main.json: In alternate 'Alt':\nmain.json:2: branch 'e' can't be distinguished from 'b'",
  ],
  [
    'enum with a numeric-looking value vs int',
    ["{ 'enum': 'Enu', 'data': ['x', '1y'] }", "{ 'alternate': 'Alt', 'data': { 'n': 'int', 'e': 'Enu' } }"],
    "main.json: In alternate 'Alt':\nmain.json:2: branch 'e' can't be distinguished from 'n'",
  ],
  [
    'two earlier conflicts: the earliest is named',
    ["{ 'alternate': 'Alt', 'data': { 'a': 'bool', 'b': 'number', 'c': 'str' } }"],
    "main.json: In alternate 'Alt':\nmain.json:1: branch 'c' can't be distinguished from 'a'",
  ],
];

const commandsAndEvents: Case[] = [
  [
    'command data builtin',
    ["{ 'command': 'c', 'data': 'int' }"],
    "main.json: In command 'c':\nmain.json:1: command's 'data' cannot take built-in type 'int'",
  ],
  [
    'command data alternate',
    ["{ 'alternate': 'Alt', 'data': { 'i': 'int', 's': 'str' } }"],
    "main.json: In alternate 'Alt':\nmain.json:1: branch 's' can't be distinguished from 'i'",
  ],
  [
    'command data union without boxed',
    [ENUM_E, "{ 'union': 'Uni', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': {} }", "{ 'command': 'oops', 'data': 'Uni' }"],
    "main.json: In command 'oops':\nmain.json:3: command's 'data' can take union type 'Uni' only with 'boxed': true",
  ],
  [
    'command returns builtin',
    ["{ 'command': 'c', 'returns': 'int' }"],
    "main.json: In command 'c':\nmain.json:1: command's 'returns' cannot take built-in type 'int'",
  ],
  [
    'command returns builtin array',
    ["{ 'command': 'c', 'returns': ['int'] }"],
    "main.json: In command 'c':\nmain.json:1: command's 'returns' cannot take array type ['int']",
  ],
  [
    'event data enum',
    [ENUM_E, "{ 'event': 'EV', 'data': 'Enu' }"],
    "main.json: In event 'EV':\nmain.json:2: event's 'data' cannot take enum type 'Enu'",
  ],
  [
    'event data union without boxed',
    [ENUM_E, "{ 'union': 'Uni', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': {} }", "{ 'event': 'EV', 'data': 'Uni' }"],
    "main.json: In event 'EV':\nmain.json:3: event's 'data' can take union type 'Uni' only with 'boxed': true",
  ],
];

const docs: Case[] = [
  [
    'undocumented feature',
    ['##', '# @Str:', '##', "{ 'struct': 'Str', 'data': {}, 'features': ['f'] }"],
    "main.json: In struct 'Str':\nmain.json:4: feature 'f' lacks documentation",
  ],
  [
    'undocumented member feature',
    ['##', '# @Str:', '##', "{ 'struct': 'Str', 'data': { 'a': { 'type': 'int', 'features': ['g'] } } }"],
    "main.json: In struct 'Str':\nmain.json:4: feature 'g' lacks documentation",
  ],
  [
    'documented member that does not exist',
    ['##', '# @Str:', '#', '# @b: bee', '##', "{ 'struct': 'Str', 'data': { 'a': 'int' } }"],
    "main.json:1: documented member 'b' does not exist",
  ],
  [
    'several documented members that do not exist',
    ['##', '# @Str:', '#', '# @b: bee', '#', '# @c: sea', '##', "{ 'struct': 'Str', 'data': {} }"],
    "main.json:1: documented members 'b', 'c' do not exist",
  ],
  [
    'documented feature that does not exist',
    ['##', '# @Str:', '#', '# Features:', '# @f: eff', '##', "{ 'struct': 'Str', 'data': {} }"],
    "main.json:1: documented feature 'f' does not exist",
  ],
  [
    'union branches are not members',
    [
      ENUM_E,
      "{ 'struct': 'Str', 'data': {} }",
      '##',
      '# @Uni:',
      '#',
      '# @a: branch',
      '##',
      "{ 'union': 'Uni', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': { 'a': 'Str' } }",
    ],
    "main.json:3: documented member 'a' does not exist",
  ],
  [
    'named command data is documented elsewhere',
    ["{ 'struct': 'Args', 'data': { 'a': 'int' } }", '##', '# @cmd:', '#', '# @a: arg', '##', "{ 'command': 'cmd', 'data': 'Args' }"],
    "main.json:2: documented member 'a' does not exist",
  ],
];

describe('schema messages', () => {
  for (const [group, cases] of Object.entries({ redefinitions, unknownTypes, objects, unions, alternates, commandsAndEvents, docs })) {
    describe(group, () => {
      it.each(cases)('%s', (_title, lines, expected) => {
        expect(errorOf(lines.join('\n') + '\n')).toBe(expected);
      });
    });
  }

  it('renders the include chain for errors in included files', () => {
    const files = {
      'inc2.json': "{ 'struct': 'Ok', 'data': {} }\n{ 'include': 'm/sub2.json' }\n",
      'm/sub2.json': "{ 'struct': 'Bar', 'data': {} }\n{ 'struct': 'Foo', 'data': { 'a': 'Nope' } }\n",
    };
    expect(errorOf(files)).toBe(
      "In file included from inc2.json:2:\nm/sub2.json: In struct 'Foo':\nm/sub2.json:2: member 'a' uses unknown type 'Nope'",
    );
  });

  it('renders the previous definition with its include chain', () => {
    const files = {
      'main.json': "{ 'include': 'sub/a.json' }\n{ 'struct': 'Foo', 'data': {} }\n",
      'sub/a.json': "{ 'struct': 'Foo', 'data': {} }\n",
    };
    expect(errorOf(files)).toBe(
      "main.json: In struct 'Foo':\nmain.json:2: 'Foo' is already defined\n" +
        "In file included from main.json:1:\nsub/a.json: In struct 'Foo':\nsub/a.json:1: previous definition",
    );
  });

  it('accepts what the rules allow', () => {
    const ok = [
      "{ 'pragma': { 'command-returns-exceptions': ['c'] } }\n{ 'command': 'c', 'returns': ['int'] }\n",
      "{ 'struct': 'Str', 'data': {} }\n{ 'command': 'c', 'returns': ['Str'] }\n",
      "{ 'command': 'c', 'data': { 'a': { 'type': 'int', 'features': ['deprecated'] } }, 'features': ['unstable'] }\n",
      "{ 'enum': 'Enu', 'data': ['x', 'y'] }\n{ 'alternate': 'Alt', 'data': { 'b': 'bool', 'e': 'Enu' } }\n",
      `${ENUM_E}\n{ 'union': 'Uni', 'base': { 'k': 'Enu' }, 'discriminator': 'k', 'data': {} }\n{ 'command': 'c', 'data': 'Uni', 'boxed': true }\n`,
    ];
    for (const schema of ok) expect(errorOf(schema)).toBe('');
  });
});
