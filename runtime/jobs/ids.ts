import { genericError } from './errors.js';

/** QEMU id_wellformed: a letter, then letters, digits, '-', '.', '_'. */
function isWellFormedId(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(id);
}

/** job_create's id rules, in QEMU's order. `isTaken` checks the live (not yet dismissed) jobs. */
export function checkJobId(id: string | undefined, internal: boolean, isTaken: (id: string) => boolean): void {
  if (id === undefined) {
    if (!internal) throw genericError('An explicit job ID is required');
    return;
  }
  if (internal) throw genericError('Cannot specify job ID for internal job');
  if (!isWellFormedId(id)) throw genericError(`Invalid job ID '${id}'`);
  if (isTaken(id)) throw genericError(`Job ID '${id}' already in use`);
}
