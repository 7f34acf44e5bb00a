/** The entities every schema starts with (schema.py `_def_predefineds`), in QEMU's order, all in `./builtin`. */
import { ArrayType, BuiltinType, EnumType, EnumValue, ObjectType, type Entity } from './entities.js';
import type { SchemaBuiltinType } from './model.js';

type BuiltinSpec = readonly [name: string, jsonType: SchemaBuiltinType['jsonType'], cType: string];

const BUILTINS: readonly BuiltinSpec[] = [
  ['str', 'string', 'char *'],
  ['number', 'number', 'double'],
  ['int', 'int', 'int64_t'],
  ['int8', 'int', 'int8_t'],
  ['int16', 'int', 'int16_t'],
  ['int32', 'int', 'int32_t'],
  ['int64', 'int', 'int64_t'],
  ['uint8', 'int', 'uint8_t'],
  ['uint16', 'int', 'uint16_t'],
  ['uint32', 'int', 'uint32_t'],
  ['uint64', 'int', 'uint64_t'],
  ['size', 'int', 'uint64_t'],
  ['bool', 'boolean', 'bool'],
  ['any', 'value', 'QObject *'],
  ['null', 'null', 'QNull *'],
];

const QTYPE_VALUES = ['none', 'qnull', 'qnum', 'qstring', 'qdict', 'qlist', 'qbool'];

/** Each builtin followed by its array, then `q_empty`, then the enum `QType` (its prefix: the release's). */
export function predefinedEntities(qtypePrefix: string | undefined): Entity[] {
  const entities: Entity[] = [];
  for (const [name, jsonType, cType] of BUILTINS) {
    entities.push(new BuiltinType(name, jsonType, cType));
    entities.push(new ArrayType(`${name}List`, undefined, name));
  }
  entities.push(new ObjectType('q_empty', undefined, undefined, undefined, [], undefined, [], undefined));
  const qtypeValues = QTYPE_VALUES.map((v) => new EnumValue(v, undefined, [], 'QType'));
  entities.push(new EnumType('QType', undefined, undefined, undefined, [], qtypeValues, qtypePrefix));
  return entities;
}
