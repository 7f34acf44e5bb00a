/**
 * What stops `qapi-ts generate` from writing its output folder: a name it must write that is
 * taken by a file it does not own, a symlink on the way, an I/O failure (EACCES, ENOSPC...).
 * The CLI prints `qapi-ts: <message>` on one line and exits 1.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  /** The file or folder concerned, as the output folder was named plus the file's path. */
  readonly path: string;
  /** The system error code (`ENOSPC`, `EACCES`...) when an I/O call failed. */
  readonly code: string | undefined;

  constructor(path: string, problem: string, code?: string) {
    super(`${path}: ${problem}`);
    this.path = path;
    this.code = code;
  }

  /** An I/O failure on `path`: `out/job.ts: cannot write: ENOSPC: no space left on device`. */
  static fromSystem(path: string, doing: string, err: unknown): OutputError {
    const code = (err as { code?: unknown } | null)?.code;
    return new OutputError(path, `cannot ${doing}: ${systemReason(err)}`, typeof code === 'string' ? code : undefined);
  }
}

/** `ENOSPC: no space left on device` out of Node's `ENOSPC: no space left on device, write '...'`. */
function systemReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code !== 'string') return message;
  if (!message.startsWith(`${code}: `)) return code;
  const comma = message.indexOf(', ');
  return comma < 0 ? message : message.slice(0, comma);
}
