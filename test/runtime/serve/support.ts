/** A job server on a Unix socket in a temp dir, with a typed client and a tracker on it; `qapi-ts serve` as a process. */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { QmpCommands, QmpEvents } from '../../../generated/index.js';
import { qmpValidation } from '../../../generated/index.js';
import { JobTracker } from '../../../runtime/jobs/tracker.js';
import { connectQmp } from '../../../runtime/qmp/client/client.js';
import type { QmpClient } from '../../../runtime/qmp/client/client.js';
import { trackerClient } from '../../../runtime/qmp/client/tracker.js';
import { typedQmpClient } from '../../../runtime/qmp/typed/client.js';
import type { TypedQmpClient } from '../../../runtime/qmp/typed/client.js';
import { createJobServer } from '../../../runtime/serve/job-server.js';
import type { JobServer } from '../../../runtime/serve/job-server.js';
import { repoRoot } from '../../support/qemu-dir.js';
import { tempSocketPath } from '../qmp/wire-support.js';

export interface Session {
  readonly server: JobServer;
  readonly raw: QmpClient;
  readonly client: TypedQmpClient<QmpCommands, QmpEvents>;
  readonly tracker: JobTracker;
  /** Every JOB_STATUS_CHANGE and every reply marked by `mark`, in arrival order. */
  readonly log: string[];
  /** The statuses of one job, in arrival order. */
  statuses(id: string): string[];
  close(): Promise<void>;
}

export async function openSession(): Promise<Session> {
  const socket = tempSocketPath();
  const server = createJobServer();
  await server.listen({ path: socket.path });
  const raw = await connectQmp({ path: socket.path }, { defaultTimeout: 5000 });
  const client = typedQmpClient<QmpCommands, QmpEvents>(raw, { validation: qmpValidation });
  const tracker = new JobTracker(trackerClient(raw));
  const log: string[] = [];
  client.on('JOB_STATUS_CHANGE', (event) => log.push(`${event.data.id}:${event.data.status}`));
  return {
    server,
    raw,
    client,
    tracker,
    log,
    statuses: (id) => log.filter((entry) => entry.startsWith(`${id}:`)).map((entry) => entry.slice(id.length + 1)),
    close: async () => {
      tracker.close();
      raw.destroy();
      await server.close();
      socket.cleanup();
    },
  };
}

/** Rejects when `promise` takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `qapi-ts serve` from the built command line. */
export interface ServeProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves once the server says it is listening. */
  readonly listening: Promise<void>;
  /** What it printed on stdout so far. */
  output(): string;
}

export function spawnServe(args: readonly string[]): ServeProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/qapi-ts.cjs'), 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listening = new Promise<void>((resolve) =>
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      if (output.includes('listening')) resolve();
    }),
  );
  return { child, listening, output: () => output };
}
