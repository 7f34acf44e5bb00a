/**
 * The job tracker (runtime/jobs/tracker.ts) on a QMP client: `new JobTracker(trackerClient(client))`
 * follows the jobs of the server the client is connected to, through its events.
 */
import type { QmpClientLike } from '../jobs/tracker.js';
import type { UntypedQmpClient } from './typed-client.js';

/** Adapts a QMP client to what a JobTracker needs: `new JobTracker(trackerClient(client))`. */
export function trackerClient(client: UntypedQmpClient): QmpClientLike {
  return {
    execute: (command, args) => client.execute<unknown>(command, args),
    on: (listener) => client.on('*', (event) => listener(event.event, event.data)),
  };
}
