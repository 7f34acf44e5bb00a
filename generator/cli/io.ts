import { QAPIError } from '../source/error.js';

/** Where the CLI writes; injectable so tests can run commands in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

// A reader that stops early (`qapi-ts dump x | head`) is not an error: end quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

export const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/**
 * Runs a command body; a schema error prints exactly as QEMU's `.err` files show it and makes
 * the exit code 1. Anything else is a bug in qapi-ts, reported as such (never a bare trace).
 */
export function reportErrors(io: CliIO, body: () => number): number {
  try {
    return body();
  } catch (err) {
    if (err instanceof QAPIError) {
      io.stderr(err.render() + '\n');
      return 1;
    }
    io.stderr(`qapi-ts: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}
