/**
 * The releases whose job behaviour the runtime reproduces, apart from their profiles
 * (profile.ts): the command line's help names them without loading the job runtime.
 */
export const JOB_RELEASES = ['7.2', '10.0'] as const;
/** A QEMU release whose job behaviour the runtime reproduces: `7.2` or `10.0`. */
export type JobRelease = (typeof JOB_RELEASES)[number];
