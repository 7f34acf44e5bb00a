/**
 * A mistake in what the user asked for (a flag, a config file, a defines file): printed as
 * `qapi-ts: <message>` on one line, exit 1. Exit 2 is kept for bugs in qapi-ts.
 */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}
