/** Shapes shared by the compiled validators. */
import { QmpDouble } from '../json/value.js';
import type { Frame } from './path.js';

/** What a validator returns when the value is invalid; the message is in the FailureSlot. */
export const FAIL: unique symbol = Symbol('qmp validation failure');

/** Where a failing validator leaves its message (validation is synchronous and never re-entered). */
export interface FailureSlot {
  message: string;
}

/**
 * Validates one input value named `name` (null for list elements) inside container `frame`.
 * Returns the value to pass on (the same value, or a converted one: a wrapped negative uint,
 * a bigint `number`, an object with such members), or FAIL.
 */
export type InputValidator = (value: unknown, name: string | null, frame: Frame | undefined) => unknown;

/** Validates one output value; `where` names it for internal-error messages. Returns the output value or FAIL. */
export type OutputValidator = (value: unknown, where: string) => unknown;

/** The JSON kind of a value, as QEMU's QType; undefined for what JSON cannot carry. */
export function jsonKindOf(value: unknown): 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | undefined {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      if (value === null) return 'null';
      if (value instanceof QmpDouble) return 'number';
      return Array.isArray(value) ? 'array' : 'object';
    default:
      return undefined;
  }
}
