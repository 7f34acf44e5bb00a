import { writeSync } from 'node:fs';
import { MissingDependencyError } from '../generator/backends/javascript/missing-dependency.js';
import { OutputError } from '../generator/output/output-error.js';
import { QAPIError } from '../generator/source/error.js';
import { DialectMismatchError } from './qemu-option.js';
import { UsageError } from './usage-error.js';

/** Where the CLI writes; injectable so tests can run commands in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

// A reader that stops early (`qapi-ts dump x | head`) is not an error: end quietly.
function endQuietlyOnEpipe(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
}

/**
 * Writes to a standard descriptor directly and synchronously, as Node itself writes files and
 * (on Linux) pipes: never creating `process.stdout` saves its stream machinery on every run
 * (~2 ms for a file, ~4 ms for a pipe). A non-blocking descriptor (EAGAIN) hands over to the
 * stream.
 */
let streamsUsed = false;

/**
 * Whether some output went to `process.stdout` or `process.stderr` (a non-blocking descriptor
 * said EAGAIN): its writes may still be queued, so the process must not end by `process.exit`.
 */
export function streamOutputUsed(): boolean {
  return streamsUsed;
}

function descriptorWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let fallback: NodeJS.WriteStream | undefined;
  const toStream = (data: string | Uint8Array): void => {
    streamsUsed = true;
    if (!fallback) fallback = stream().on('error', endQuietlyOnEpipe);
    fallback.write(data);
  };
  return (text) => {
    if (fallback) return toStream(text);
    let bytes: Buffer | undefined;
    let done = 0;
    try {
      // The string as is, encoded by Node on its way out; bytes only for a partial write.
      done = writeSync(fd, text);
      if (done === Buffer.byteLength(text)) return;
      bytes = Buffer.from(text);
      while (done < bytes.length) done += writeSync(fd, bytes, done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return endQuietlyOnEpipe(err as NodeJS.ErrnoException);
      toStream((bytes ?? Buffer.from(text)).subarray(done));
    }
  };
}

export const processIO: CliIO = {
  stdout: descriptorWriter(1, () => process.stdout),
  stderr: descriptorWriter(2, () => process.stderr),
};

/**
 * Runs a command body; a schema error prints exactly as QEMU's `.err` files show it and makes
 * the exit code 1, as does a user's mistake (UsageError) or an output folder that cannot be
 * written (OutputError), each on one line. Anything else is a bug in qapi-ts, reported as such
 * (never a bare trace), exit 2.
 */
export function reportErrors(io: CliIO, body: () => number): number {
  try {
    return body();
  } catch (err) {
    const code = reportUserError(io, err);
    if (code !== undefined) return code;
    io.stderr(`qapi-ts: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

/** Prints a user-facing error and gives exit code 1; undefined for anything else (a bug). */
export function reportUserError(io: CliIO, err: unknown): number | undefined {
  if (err instanceof QAPIError || err instanceof DialectMismatchError) io.stderr(err.render() + '\n');
  else if (err instanceof UsageError || err instanceof OutputError || err instanceof MissingDependencyError)
    io.stderr(`qapi-ts: ${err.message}\n`);
  else return undefined;
  return 1;
}
