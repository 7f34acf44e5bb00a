import type { JobType } from '../../generated/job.js';
import type { JobDriver } from './job.js';

/** A driver whose run finishes at once: handy for tests and benchmarks. */
export function noopDriver(type: JobType = 'create'): JobDriver {
  return {
    type,
    // eslint-disable-next-line require-yield
    *run() {},
  };
}
