/**
 * `trackerClient(client)`: kept for code written before the tracker took a QmpClient or a
 * typed client directly (`new JobTracker(client)`); it returns the client as it is.
 */
import type { QmpClientLike } from '../../jobs/tracker.js';

/** @deprecated `new JobTracker(client)` takes the client (QmpClient or the typed client) itself. */
export function trackerClient(client: QmpClientLike): QmpClientLike {
  return client;
}
