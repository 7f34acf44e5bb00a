/**
 * Input validators for the builtin types and enums, with QEMU's messages: type errors name
 * the full path, range and enum-value errors the bare member name (`null` in lists).
 */
import { messages } from '../dispatch/errors.js';
import { QmpDouble } from '../json/value.js';
import { inputVerdict } from '../dispatch/compat.js';
import type { CompatPolicy } from '../dispatch/compat.js';
import { bareName, fullName } from './path.js';
import { inRange, SIGNED_RANGES, toInt64, toUint64, UNSIGNED_RANGES } from './int.js';
import type { IntRange } from './int.js';
import { FAIL } from './types.js';
import type { FailureSlot, InputValidator } from './types.js';
import type { EnumTable, ScalarName } from '../../../contracts/validation-tables.js';

export function scalarInput(scalar: ScalarName, failure: FailureSlot): InputValidator {
  switch (scalar) {
    case 'str':
      return typeOnly(failure, 'string', (v) => typeof v === 'string');
    case 'bool':
      return typeOnly(failure, 'boolean', (v) => typeof v === 'boolean');
    case 'null':
      return typeOnly(failure, 'null', (v) => v === null);
    case 'any':
      return (value) => value;
    case 'number':
      return numberInput(failure);
    case 'int':
    case 'int64':
      return signedInput(failure, undefined);
    case 'int8':
    case 'int16':
    case 'int32':
      return signedInput(failure, SIGNED_RANGES[scalar]);
    case 'uint64':
    case 'size':
      return unsignedInput(failure, undefined);
    case 'uint8':
    case 'uint16':
    case 'uint32':
      return unsignedInput(failure, UNSIGNED_RANGES[scalar]);
  }
}

function typeOnly(failure: FailureSlot, expected: string, test: (value: unknown) => boolean): InputValidator {
  return (value, name, frame) => {
    if (test(value)) return value;
    failure.message = messages.invalidType(fullName(frame, name), expected);
    return FAIL;
  };
}

function numberInput(failure: FailureSlot): InputValidator {
  return (value, name, frame) => {
    if (typeof value === 'number') return value;
    // Handlers of `number` members get plain numbers, whatever the reader made of the text.
    if (typeof value === 'bigint') return Number(value);
    if (value instanceof QmpDouble) return value.value;
    failure.message = messages.invalidType(fullName(frame, name), 'number');
    return FAIL;
  };
}

function signedInput(failure: FailureSlot, range: IntRange | undefined): InputValidator {
  return (value, name, frame) => {
    const int = toInt64(value);
    if (int === undefined) {
      failure.message = messages.invalidType(fullName(frame, name), 'integer');
      return FAIL;
    }
    if (range === undefined || inRange(int, range)) return value;
    failure.message = messages.expects(bareName(name), range.cType);
    return FAIL;
  };
}

function unsignedInput(failure: FailureSlot, range: IntRange | undefined): InputValidator {
  return (value, name, frame) => {
    const uint = toUint64(value);
    if (uint === undefined) {
      // Even uint8/16/32 say uint64 here: they are visited as uint64 first.
      failure.message = messages.expects(fullName(frame, name), 'uint64');
      return FAIL;
    }
    if (range === undefined || inRange(uint, range)) return uint;
    failure.message = messages.expects(bareName(name), range.cType);
    return FAIL;
  };
}

/** A string from the enum's (enabled) values; values with special features go through the policy. */
export function enumInput(table: EnumTable, policy: CompatPolicy, failure: FailureSlot): InputValidator {
  const verdicts = new Map<string, (() => string) | undefined>();
  for (const value of table.values) verdicts.set(value, inputVerdict(table.special?.[value], policy, 'value', value));
  return (value, name, frame) => {
    if (typeof value !== 'string') {
      failure.message = messages.invalidType(fullName(frame, name), 'string');
      return FAIL;
    }
    const verdict = verdicts.get(value);
    if (verdict === undefined) {
      if (verdicts.has(value)) return value;
      failure.message = messages.badEnumValue(bareName(name), value);
      return FAIL;
    }
    failure.message = verdict();
    return FAIL;
  };
}
