/**
 * QEMU 10.0's front end on inputs its own suite does not hold: the examples of QEMU 10.0's
 * behaviour worked out (and checked against QEMU 10.0.2's front end) in the project's
 * reference notes, each beside what QEMU 7.2 does with the same input.
 */
import { describe, expect, it } from 'vitest';
import { dumpSchema } from '../../../generator/backends/dump/dump.js';
import { dialectFor } from '../../../generator/dialect/select.js';
import { loadSchema } from '../../../generator/frontend.js';
import { QAPIError } from '../../../generator/source/error.js';

function reader(text: string): (fname: string) => Uint8Array {
  return (fname) => {
    if (fname !== 'ex.json') throw Object.assign(new Error(fname), { code: 'ENOENT' });
    return new TextEncoder().encode(text);
  };
}

function errorIn(version: string, text: string): string {
  try {
    loadSchema('ex.json', reader(text), dialectFor(version));
  } catch (err) {
    if (err instanceof QAPIError) return err.render();
    throw err;
  }
  return '';
}

/** The whole dump, as QEMU 10.0's test-qapi.py prints it. */
function dumpIn(text: string): string {
  const { schema, docs } = loadSchema('ex.json', reader(text), dialectFor('10.0'));
  return dumpSchema(schema, docs);
}

/** The doc part of the dump (everything from the first doc line). */
function docsIn(text: string): string {
  const dump = dumpIn(text);
  return dump.slice(dump.indexOf('\ndoc ') + 1);
}

const PUMP = `{ 'pragma': { 'documentation-exceptions': [ 'Pump' ] } }
##
# = Plumbing
#
#   Indented free text keeps its indentation.
##

##
# @Pump:
#
# Moves water.
#
#
# Second body paragraph,
# two lines; @rate: here is plain text.
#
# @rate: litres
#     per minute
#
#     more about rate
#
# @mode:
#     how it runs
#
# Features:
# @quiet: runs
#     quietly
#
# A closing paragraph.
#
# Since: 9.1
# TODO: tune
##
{ 'struct': 'Pump',
  'data': { 'rate': 'int', 'mode': 'str', 'spare': 'bool' },
  'features': [ 'quiet' ] }
`;

describe('QEMU 10.0 doc comments', () => {
  it('reads the worked example paragraph by paragraph', () => {
    expect(docsIn(PUMP)).toBe(`doc freeform
    body=
= Plumbing

  Indented free text keeps its indentation.
doc symbol=Pump
    body=
Moves water.

Second body paragraph,
two lines; @rate: here is plain text.
    arg=rate
litres
    per minute

    more about rate
    arg=mode
    how it runs
    arg=spare

    feature=quiet
runs
    quietly
    section=Plain
A closing paragraph.
    section=Since
9.1
    section=Todo
tune
`);
    expect(errorIn('7.2', PUMP)).toBe("ex.json:1: unknown pragma 'documentation-exceptions'");
  });

  it('gives each variation of the worked example its error', () => {
    const lines = PUMP.split('\n');
    const edit = (at: number, remove: number, ...insert: string[]): string => {
      const copy = [...lines];
      copy.splice(at - 1, remove, ...insert);
      return copy.join('\n');
    };
    expect(errorIn('10.0', edit(1, 1))).toBe("ex.json: In struct 'Pump':\nex.json:33: member 'spare' lacks documentation");
    expect(errorIn('10.0', edit(19, 0, '#   and per second'))).toBe('ex.json:19:1: unexpected de-indent (expected at least 4 spaces)');
    expect(errorIn('10.0', edit(31, 1, '# Since:'))).toBe("ex.json:31: text required after 'Since:'");
    expect(errorIn('10.0', edit(33, 0, '# Returns: water'))).toBe("ex.json:33: 'Returns' section is only valid for commands");
    expect(errorIn('10.0', edit(30, 0, '#', '# @colour: red'))).toBe("ex.json:31:1: description of '@colour:' follows a section");
    expect(errorIn('10.0', edit(24, 0, '# @ghost: nothing'))).toBe("ex.json:24: documented member 'ghost' does not exist");
  });

  it('reports a located error where QEMU 10.0 crashes inserting an exempt member stub', () => {
    // Only member descriptions follow the body: QEMU's scan for the stub's place runs off the list.
    const onlyMembers = PUMP.split('\n')
      .slice(0, 23)
      .concat(['##', "{ 'struct': 'Pump',", "  'data': { 'rate': 'int', 'mode': 'str', 'spare': 'bool' } }", ''])
      .join('\n');
    expect(errorIn('10.0', onlyMembers)).toBe("ex.json: In struct 'Pump':\nex.json:25: member 'spare' lacks documentation");
    // A body only and two undocumented members: the first stub goes in, the second crashes.
    const bodyOnly =
      "{ 'pragma': { 'documentation-exceptions': [ 'Two' ] } }\n##\n# @Two:\n#\n# Text.\n##\n{ 'struct': 'Two', 'data': { 'a': 'int', 'b': 'int' } }\n";
    expect(errorIn('10.0', bodyOnly)).toBe("ex.json: In struct 'Two':\nex.json:7: member 'b' lacks documentation");
    // One undocumented member after a body is fine: its stub is the only member section.
    expect(errorIn('10.0', bodyOnly.replace(", 'b': 'int'", ''))).toBe('');
  });
});

describe("QEMU 10.0's lexer: a double quote is an ordinary stray character", () => {
  it.each([
    [`{ "enum": 'Foo' }`, `ex.json:1:3: stray '"enum"'`],
    [`{ 'enum': 'Foo', 'data': [ "a b" ] }`, `ex.json:1:28: stray '"a'`],
    ['"', `ex.json:1:1: stray '"'`],
    [`{ 'enum': 'Foo', 'data': [ 'a', "'b" ] }`, `ex.json:1:33: stray '"'`],
    [`\t\t{ 'enum': 'Foo', 'data': [ "x"] }`, `ex.json:1:28: stray '"x"'`],
  ])('%s', (text, message) => {
    expect(errorIn('10.0', `${text}\n`)).toBe(message);
  });

  it('where QEMU 7.2 stops the word at the quote', () => {
    expect(errorIn('7.2', `{ "enum": 'Foo' }\n`)).toBe(`ex.json:1:3: stray '"'`);
  });
});

describe('QEMU 10.0 messages that name the owner of implicit members', () => {
  it.each([
    [
      "{ 'command': 'aaa', 'data': { '__org.qemu_a': 'int', '__org-qemu_a': 'int' } } { 'struct': 'Zzz', 'data': { } }",
      "parameter '__org-qemu_a' of command 'aaa' collides with parameter '__org.qemu_a' of command 'aaa'",
      "parameter '__org-qemu_a' collides with parameter '__org.qemu_a'",
    ],
    [
      "{ 'event': 'EVT', 'data': { '__org.qemu_a': 'int', '__org-qemu_a': 'int' } } { 'struct': 'Zzz', 'data': { } }",
      "parameter '__org-qemu_a' of command 'EVT' collides with parameter '__org.qemu_a' of command 'EVT'",
      "parameter '__org-qemu_a' collides with parameter '__org.qemu_a'",
    ],
  ])('%s', (text, message10, message72) => {
    expect(errorIn('10.0', `${text}\n`)).toBe(`ex.json: In struct 'Zzz':\nex.json:1: ${message10}`);
    expect(errorIn('7.2', `${text}\n`)).toBe(`ex.json: In struct 'Zzz':\nex.json:1: ${message72}`);
  });

  it('but not from the definition itself', () => {
    const text = "{ 'command': 'aaa', 'data': { '__org.qemu_a': 'int', '__org-qemu_a': 'int' } }\n";
    expect(errorIn('10.0', text)).toBe(
      "ex.json: In command 'aaa':\nex.json:1: parameter '__org-qemu_a' collides with parameter '__org.qemu_a'",
    );
  });
});

describe('QEMU 10.0 union branches that are unions', () => {
  // Outer union Out (implicit base { 'ok': 'Outer' }), branch p: In, In a union itself.
  const nested = (types: string): string => `{ 'enum': 'Outer', 'data': [ 'p' ] }
{ 'enum': 'Inner', 'data': [ 'x' ] }
${types}
{ 'union': 'Out', 'base': { 'ok': 'Outer' }, 'discriminator': 'ok', 'data': { 'p': 'In' } }
`;
  const leaf = (member: string): string => `{ 'struct': 'Leaf', 'data': { '${member}': 'int' } }`;
  const inner = (base: string): string => `{ 'union': 'In', 'base': ${base}, 'discriminator': 'tag', 'data': { 'x': 'Leaf' } }`;

  it("are checked through: a member of the inner union may clash with the outer union's base", () => {
    expect(errorIn('10.0', nested(`${leaf('ok')}\n${inner("{ 'tag': 'Inner' }")}`))).toBe(
      "ex.json: In union 'Out':\nex.json:5: member 'ok' of type 'Leaf' collides with base member 'ok'",
    );
    expect(errorIn('10.0', nested(`${leaf('y')}\n${inner("{ 'tag': 'Inner', 'ok': 'str' }")}`))).toBe(
      "ex.json: In union 'Out':\nex.json:5: base member 'ok' of type 'In' collides with base member 'ok'",
    );
    const namedBase = `${leaf('y')}\n{ 'struct': 'InBase', 'data': { 'tag': 'Inner', 'ok': 'str' } }\n${inner("'InBase'")}`;
    expect(errorIn('10.0', nested(namedBase))).toBe(
      "ex.json: In union 'Out':\nex.json:6: member 'ok' of type 'InBase' collides with base member 'ok'",
    );
  });

  it('are accepted when nothing clashes, where QEMU 7.2 wants a struct', () => {
    const fine = nested(`${leaf('y')}\n${inner("{ 'tag': 'Inner' }")}`);
    expect(errorIn('10.0', fine)).toBe('');
    expect(dumpIn(fine)).toContain('object Out\n    base q_obj_Out-base\n    tag ok\n    case p: In\n');
    expect(errorIn('7.2', fine)).toBe("ex.json: In union 'Out':\nex.json:5: branch 'p' cannot use union type 'In'");
  });
});

describe('QEMU 10.0 commands and events', () => {
  it('check their argument type first', () => {
    const text = `{ 'command': 'go', 'data': 'Args' }
{ 'struct': 'Mid', 'data': { 'm': 'Nope' } }
{ 'struct': 'Args', 'data': { 'a': 'Nope' } }
`;
    expect(errorIn('10.0', text)).toBe("ex.json: In struct 'Args':\nex.json:3: member 'a' uses unknown type 'Nope'");
    expect(errorIn('7.2', text)).toBe("ex.json: In struct 'Mid':\nex.json:2: member 'm' uses unknown type 'Nope'");
  });

  it('want boxed for conditional arguments', () => {
    expect(errorIn('10.0', "{ 'event': 'EVT', 'data': { 'a': { 'type': 'int', 'if': 'X' } } }\n")).toBe(
      "ex.json: In event 'EVT':\nex.json:1: conditional event arguments require 'boxed': true",
    );
    expect(
      errorIn(
        '10.0',
        "{ 'struct': 'Args', 'data': { 'a': { 'type': 'int', 'if': 'X' } } }\n{ 'command': 'c', 'data': 'Args', 'boxed': true }\n",
      ),
    ).toBe('');
  });
});

describe('QEMU 10.0 feature limit', () => {
  const schema = (own: number, asMemberFeature = false): string => {
    let text = '';
    for (let i = 1; i <= own; i++) {
      const name = `f${String(i).padStart(3, '0')}`;
      text +=
        asMemberFeature && i === own
          ? `{ 'command': 'cmd', 'data': { 'a': { 'type': 'int', 'features': [ '${name}' ] } } }\n`
          : `{ 'struct': 'Sx${String(i).padStart(3, '0')}', 'data': { }, 'features': [ '${name}' ] }\n`;
    }
    return text;
  };
  it('allows 62 names of your own beside deprecated and unstable', () => {
    expect(errorIn('10.0', schema(62))).toBe('');
    expect(errorIn('10.0', schema(63))).toBe("ex.json: In struct 'Sx063':\nex.json:63: Maximum of 64 schema features is permitted");
    expect(errorIn('10.0', schema(63, true))).toBe("ex.json: In command 'cmd':\nex.json:63: Maximum of 64 schema features is permitted");
    expect(errorIn('7.2', schema(63))).toBe('');
  });
});
