/**
 * Runs in-band requests one at a time, taking turns between the sessions that have one
 * queued (QEMU's single dispatcher coroutine pops from its monitors round-robin). A server can
 * share one scheduler between all sessions (QEMU's behaviour: commands never interleave) or
 * give each session its own.
 */
import type { InBandScheduler, InBandWork } from './session-types.js';

export class RoundRobinScheduler implements InBandScheduler {
  private readonly ready: InBandWork[] = [];
  private running = false;

  notify(work: InBandWork): void {
    if (!this.ready.includes(work)) this.ready.push(work);
    // Start on a fresh stack, never inside the reader that queued the request.
    if (!this.running) {
      this.running = true;
      queueMicrotask(() => void this.run());
    }
  }

  private async run(): Promise<void> {
    try {
      for (let work = this.ready.shift(); work !== undefined; work = this.ready.shift()) {
        if (!work.hasQueuedRequest()) continue;
        await work.runNextRequest();
        if (work.hasQueuedRequest() && !this.ready.includes(work)) this.ready.push(work);
      }
    } finally {
      this.running = false;
    }
  }
}
