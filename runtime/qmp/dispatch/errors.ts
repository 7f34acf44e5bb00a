/**
 * QMP errors: the classes QEMU puts on the wire, the error a handler throws, and the exact
 * message texts of dispatch and argument validation (QEMU 7.2's qmp-dispatch.c, qerror.h,
 * qobject-input-visitor.c, qapi-visit-core.c, qapi-util.c).
 */

export type QmpErrorClass = 'GenericError' | 'CommandNotFound' | 'DeviceNotActive' | 'DeviceNotFound' | 'KVMMissingCap';

/** Thrown by a command handler to answer `{"id": ..., "error": {"class", "desc"}}`. */
export class QmpError extends Error {
  readonly errorClass: QmpErrorClass;
  readonly desc: string;

  constructor(errorClass: QmpErrorClass, desc: string) {
    super(desc);
    this.name = 'QmpError';
    this.errorClass = errorClass;
    this.desc = desc;
  }
}

/**
 * Compat policy `crash` (QEMU calls abort()): thrown out of the dispatcher, never turned into
 * a reply. The embedding server decides how to die.
 */
export class CompatPolicyCrash extends Error {
  constructor(what: string) {
    super(`compat policy 'crash': ${what}`);
    this.name = 'CompatPolicyCrash';
  }
}

/** Anything shaped like a QmpError, whatever its class (say, a QmpError of another copy of qapi-ts). */
export function asQmpError(thrown: unknown): { errorClass: QmpErrorClass; desc: string } | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const { errorClass, desc } = thrown as { errorClass?: unknown; desc?: unknown };
  if (typeof desc !== 'string' || !isErrorClass(errorClass)) return undefined;
  return { errorClass, desc };
}

const ERROR_CLASSES: ReadonlySet<unknown> = new Set<QmpErrorClass>([
  'GenericError',
  'CommandNotFound',
  'DeviceNotActive',
  'DeviceNotFound',
  'KVMMissingCap',
]);

function isErrorClass(value: unknown): value is QmpErrorClass {
  return ERROR_CLASSES.has(value);
}

/** The message texts, in one place. */
export const messages = {
  notAnObject: () => 'QMP input must be a JSON object',
  memberNotString: (key: string) => `QMP input member '${key}' must be a string`,
  memberClash: (key: string, earlier: string) => `QMP input member '${key}' clashes with '${earlier}'`,
  argumentsNotObject: () => "QMP input member 'arguments' must be an object",
  memberUnexpected: (key: string) => `QMP input member '${key}' is unexpected`,
  lacksExecute: () => "QMP input lacks member 'execute'",
  commandNotFound: (name: string) => `The command ${name} has not been found`,
  commandDisabled: (name: string, reason: string | undefined) =>
    `Command ${name} has been disabled${reason === undefined ? '' : `: ${reason}`}`,
  noOob: (name: string) => `The command ${name} does not support OOB`,
  preconfig: (name: string) => `The command '${name}' is permitted only after machine initialization has completed`,
  /** qapi-util.c compat_policy_input_ok1(): "%s %s %s disabled by policy", no quotes. */
  disabledByPolicy: (adjective: 'Deprecated' | 'Unstable', kind: 'command' | 'parameter' | 'value', name: string) =>
    `${adjective} ${kind} ${name} disabled by policy`,
  missing: (path: string) => `Parameter '${path}' is missing`,
  invalidType: (path: string, expected: string) => `Invalid parameter type for '${path}', expected: ${expected}`,
  expects: (name: string, what: string) => `Parameter '${name}' expects ${what}`,
  badEnumValue: (name: string, value: string) => `Parameter '${name}' does not accept value '${value}'`,
  unexpected: (path: string) => `Parameter '${path}' is unexpected`,
} as const;
