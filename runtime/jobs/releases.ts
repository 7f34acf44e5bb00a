// Apart from the profiles (profile.ts), so that the command line's help can name the releases
// without loading the job runtime.

/** The releases whose job behaviour the runtime reproduces. */
export const JOB_RELEASES = ['7.2', '10.0'] as const;
/** A QEMU release whose job behaviour the runtime reproduces: `7.2` or `10.0`. */
export type JobRelease = (typeof JOB_RELEASES)[number];
