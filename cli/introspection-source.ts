/**
 * Where a reply comes from: a saved `query-qmp-schema` reply (a file), or a live QMP server
 * (`unix:PATH`, `tcp:HOST:PORT`) asked on the spot.
 */
import { readFileSync } from 'node:fs';
import { connectQmp } from '../runtime/qmp/client/client.js';
import { parseQmpTarget } from '../runtime/qmp/client/connect.js';
import { QmpConnectionError, QmpProtocolError, QmpReplyError, QmpTimeoutError } from '../runtime/qmp/client/errors.js';
import { UsageError } from './usage-error.js';

export interface FetchedReply {
  /** The reply as parsed JSON (checked later, by the front end). */
  readonly data: unknown;
  /** What messages call it: the file name or the address. */
  readonly source: string;
  /** Who gave it, for the generated header: `QEMU 10.0.2 (Debian ...) at unix:/run/qmp.sock`, or the file. */
  readonly origin: string;
  /** A live server's `MAJOR.MINOR`, from its greeting. */
  readonly release?: string;
}

export async function fetchReply(sourceText: string): Promise<FetchedReply> {
  const target = parseQmpTarget(sourceText);
  if (target === undefined) {
    if (/^(unix|tcp):/u.test(sourceText))
      throw new UsageError(`'${sourceText}': a live server is unix:PATH or tcp:HOST:PORT (e.g. tcp:localhost:4444)`);
    return readReplyFile(sourceText);
  }
  try {
    const qmp = await connectQmp(target);
    try {
      const data = await qmp.execute('query-qmp-schema');
      const version = qmp.greeting['version'];
      const release = releaseOf(version);
      return {
        data,
        source: sourceText,
        origin: `${describeVersion(version)} at ${sourceText}`,
        ...(release !== undefined && { release }),
      };
    } finally {
      await qmp.close();
    }
  } catch (err) {
    // What the server or the network did is the user's to fix (a wrong address, not QEMU).
    const fromQmp = [QmpConnectionError, QmpProtocolError, QmpReplyError, QmpTimeoutError].some((type) => err instanceof type);
    if (fromQmp) throw new UsageError(`cannot ask ${sourceText} for its schema: ${(err as Error).message}`);
    throw err;
  }
}

function readReplyFile(file: string): FetchedReply {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read '${file}': ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return { data: JSON.parse(text) as unknown, source: file, origin: file };
  } catch (err) {
    throw new UsageError(`'${file}' is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `QEMU 10.0.2 (Debian 1:10.0.2+ds-2)` from the greeting's `version`, as far as it says. */
function describeVersion(version: unknown): string {
  const v = typeof version === 'object' && version !== null ? (version as Record<string, unknown>) : {};
  const q = typeof v['qemu'] === 'object' && v['qemu'] !== null ? (v['qemu'] as Record<string, unknown>) : {};
  const number = [q['major'], q['minor'], q['micro']].every((n) => typeof n === 'number')
    ? ` ${String(q['major'])}.${String(q['minor'])}.${String(q['micro'])}`
    : '';
  const pkg = typeof v['package'] === 'string' && v['package'] !== '' ? ` (${v['package']})` : '';
  return `QEMU${number}${pkg}`;
}

function releaseOf(version: unknown): string | undefined {
  const qemu = typeof version === 'object' && version !== null ? (version as Record<string, unknown>)['qemu'] : undefined;
  const q = typeof qemu === 'object' && qemu !== null ? (qemu as Record<string, unknown>) : {};
  return typeof q['major'] === 'number' && typeof q['minor'] === 'number' ? `${q['major']}.${q['minor']}` : undefined;
}
