/** Error classes and the error handlers throw: the QMP runtime's, so one `instanceof QmpError` catches both. */
import { QmpError } from '../qmp/dispatch/errors.js';

export { QmpError } from '../qmp/dispatch/errors.js';
export type { QmpErrorClass } from '../qmp/dispatch/errors.js';

/** A broken invariant of the job model (QEMU would assert). Never a user error. */
export class JobInternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobInternalError';
  }
}

export function genericError(desc: string): QmpError {
  return new QmpError('GenericError', desc);
}

/** Texts QEMU derives from errno values (strerror on glibc). */
export const ERRNO_TEXT = {
  EPERM: 'Operation not permitted',
  EIO: 'Input/output error',
  ENOSPC: 'No space left on device',
  ECANCELED: 'Operation canceled',
} as const;

const ERRNO_BY_NUMBER: Readonly<Record<number, string>> = {
  1: ERRNO_TEXT.EPERM,
  5: ERRNO_TEXT.EIO,
  28: ERRNO_TEXT.ENOSPC,
  125: ERRNO_TEXT.ECANCELED,
};

export function strerror(errno: number): string {
  return ERRNO_BY_NUMBER[errno] ?? `Unknown error ${errno}`;
}

/** Thrown (or returned) by a job driver to fail the job with QEMU's error text. */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobFailure';
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
