/** The `.out` format of QEMU's tests/qapi-schema/test-qapi.py. */
import { describe, expect, it } from 'vitest';
import { formatCond } from '../../../../generator/backends/dump/cond.js';
import { dumpSchema } from '../../../../generator/backends/dump/dump.js';
import { dumpOf, load } from '../../schema/load.js';

const BUILTIN_BLOCK = `module ./builtin
object q_empty
enum QType
    prefix QTYPE
    member none
    member qnull
    member qnum
    member qstring
    member qdict
    member qlist
    member qbool
`;

describe('dumpSchema', () => {
  it('prints the builtin module block, then the main module', () => {
    const { schema, docs } = load('');
    expect(dumpSchema(schema, docs)).toBe(`${BUILTIN_BLOCK}module main.json\n`);
  });

  it('reproduces a worked example of the test-qapi.py output', () => {
    const c9 = `{ 'enum': 'Enu', 'data': ['a', 'b'] }
{ 'struct': 'Bas', 'data': { 'e': 'Enu' } }
{ 'union': 'Uni', 'base': 'Bas', 'discriminator': 'e', 'data': { 'a': { 'type': 'Str', 'if': 'X' } } }
{ 'struct': 'Str', 'data': { 'f': 'int' } }
{ 'command': 'cmd', 'data': {'v': 'Uni', 'l': ['Str'], 'm': ['Enu'], 'n': ['int8'] }, 'returns': ['Str'] }
`;
    expect(dumpOf(c9)).toBe(`module main.json
enum Enu
    member a
    member b
object Bas
    member e: Enu optional=False
object Uni
    base Bas
    tag e
    case a: Str
        if X
    case b: q_empty
object Str
    member f: int optional=False
array StrList Str
array EnuList Enu
object q_obj_cmd-arg
    member v: Uni optional=False
    member l: StrList optional=False
    member m: EnuList optional=False
    member n: int8List optional=False
command cmd q_obj_cmd-arg -> StrList
    gen=True success_response=True boxed=False oob=False preconfig=False
`);
  });

  it('prints conditions, features, prefixes, flags, events, alternates and includes', () => {
    const files = {
      'main.json': `{ 'enum': 'Colour', 'prefix': 'COL', 'data': [ { 'name': 'red', 'if': 'RED', 'features': [ { 'name': 'f', 'if': 'F' } ] } ], 'if': { 'all': ['A', 'B'] } }
{ 'struct': 'Opt', 'data': { '*o': { 'type': 'str', 'features': ['deprecated'] } }, 'features': ['x'] }
{ 'alternate': 'Alt', 'data': { 'c': 'Colour', 'n': { 'type': 'int', 'if': { 'not': { 'any': [ { 'not': 'X' }, { 'not': 'Y' } ] } } } } }
{ 'command': 'go', 'coroutine': true, 'allow-preconfig': true, 'gen': false, 'success-response': false, 'if': 'GO' }
{ 'event': 'DONE', 'data': 'Opt', 'boxed': true, 'features': [ { 'name': 'unstable', 'if': 'U' } ] }
{ 'include': 'sub.json' }
`,
      'sub.json': '',
    };
    expect(dumpOf(files)).toBe(`module main.json
enum Colour
    prefix COL
    member red
        if RED
        feature f
            if F
    if {'all': ['A', 'B']}
object Opt
    member o: str optional=True
        feature deprecated
    feature x
alternate Alt
    tag type
    case c: Colour
    case n: int
        if {'not': {'any': [{'not': 'X'}, {'not': 'Y'}]}}
command go None -> None
    gen=False success_response=False boxed=False oob=False preconfig=True coroutine=True
    if GO
event DONE Opt
    boxed=True
    feature unstable
        if U
include sub.json
module sub.json
`);
  });

  it('prints doc blocks after the entities, undocumented members included', () => {
    const schema = `##
# @Foo:
# Body line
#   indented body
# @a:   first
#       second
#
#       third
# @b:
# desc b
#  more b
#
#
# Features:
# @f1: feat
#
# Since: 1.0
#        cont
# Note: x
##
{ 'struct': 'Foo', 'data': { 'a': 'int', 'b': 'int', 'c': 'int' }, 'features': ['f1'] }
##
# Free text
# Returns: x
# = heading
# more
##
`;
    const out = dumpOf(schema);
    expect(out.slice(out.indexOf('doc '))).toBe(`doc symbol=Foo
    body=
Body line
  indented body
    arg=a
first
second

third
    arg=b
desc b
 more b
    arg=c

    feature=f1
feat
    section=Since
1.0
cont
    section=Note
x
doc freeform
    body=
Free text
Returns: x
doc freeform
    body=
= heading
more
`);
  });

  it('formats conditions as Python literals', () => {
    expect(formatCond('CONFIG_X')).toBe('CONFIG_X');
    expect(formatCond({ any: ['A', { all: ['B', 'C'] }] })).toBe("{'any': ['A', {'all': ['B', 'C']}]}");
  });
});
