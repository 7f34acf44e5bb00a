/** The handler of `x-demo-job-start` (qapi/demo.json): creates and starts a demo job. */
import type { QmpCommands } from '../../generated/qmp-commands.js';
import type { JobManager } from '../jobs/manager.js';
import type { QmpHandlersFor } from '../qmp/typed/server.js';
import { demoJobDriver } from './demo-driver.js';

export type DemoJobHandlers = Pick<QmpHandlersFor<QmpCommands>, 'x-demo-job-start'>;

const DEFAULT_DURATION_MS = 1000;
const DEFAULT_ERROR = 'Demo job failed';

export function demoJobHandlers(manager: JobManager): DemoJobHandlers {
  return {
    'x-demo-job-start'(args) {
      // A uint32 in the schema, so the validator has refused what a timer could not wait for.
      const durationMs = args['duration-ms'] ?? DEFAULT_DURATION_MS;
      const failing = args.fail === true || args.error !== undefined;
      const driver = demoJobDriver({
        durationMs,
        ready: args.ready ?? false,
        error: failing ? (args.error ?? DEFAULT_ERROR) : undefined,
      });
      const job = manager.create({
        id: args.id,
        driver,
        autoFinalize: args['auto-finalize'] ?? true,
        autoDismiss: args['auto-dismiss'] ?? true,
      });
      manager.command(() => manager.start(job));
      return {};
    },
  };
}
