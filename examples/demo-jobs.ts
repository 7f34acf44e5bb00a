/**
 * A typed QMP session against qapi-ts's own job server, start to finish, with nothing left
 * behind: the server listens on a Unix socket in a new temporary folder; the typed client
 * (its command and event types inferred from the generated `qmpValidation`) starts a demo
 * job, a JobTracker follows it through JOB_STATUS_CHANGE and reports its progress (it polls
 * `query-jobs`); the job is dismissed, the client and server closed and the folder removed, so
 * any number of runs work.
 *
 *   node node_modules/qapi-ts/dist/examples/demo-jobs.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectQmp, typedQmpClient } from 'qapi-ts';
import { JobTracker } from 'qapi-ts/jobs';
import { qmpValidation, type JobInfo } from 'qapi-ts/generated/index';
import { createJobServer } from 'qapi-ts/serve';

export interface DemoResult {
  /** The statuses the tracker saw, in order. */
  readonly statuses: readonly string[];
  /** The job's last `query-jobs` entry, before it was dismissed. */
  readonly final: JobInfo;
}

const JOB_ID = 'demo0';

export async function runDemoJob(write: (text: string) => void = (text) => void process.stdout.write(text)): Promise<DemoResult> {
  const dir = mkdtempSync(join(tmpdir(), 'qapi-ts-demo-'));
  const server = createJobServer();
  try {
    const path = join(dir, 'qmp.sock');
    await server.listen({ path });
    const qmp = typedQmpClient(await connectQmp({ path }), { validation: qmpValidation });
    const tracker = new JobTracker(qmp, {
      progressInterval: 50,
      onProgress: (job, { current, total }) => write(`\r${job.status.padEnd(9)} ${current}/${total}`),
    });
    try {
      const job = tracker.job(JOB_ID);
      await qmp.execute('x-demo-job-start', { id: JOB_ID, 'duration-ms': 300, 'auto-dismiss': false });
      await job.until('concluded');
      const final = (await qmp.execute('query-jobs')).find((info) => info.id === JOB_ID);
      if (final === undefined) throw new Error(`job ${JOB_ID} vanished`);
      write(`\r${final.status.padEnd(9)} ${final['current-progress']}/${final['total-progress']}\n`);
      await qmp.execute('job-dismiss', { id: JOB_ID });
      await job.until('null');
      return { statuses: [...job.history], final };
    } finally {
      tracker.close();
      await qmp.close();
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runDemoJob();
  process.stdout.write(`${JOB_ID}: ${result.statuses.join(' -> ')}\n`);
}
