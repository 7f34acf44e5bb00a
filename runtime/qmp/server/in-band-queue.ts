/**
 * Runs in-band requests one at a time, taking turns between the sessions that have one
 * queued (QEMU's single dispatcher coroutine pops from its monitors round-robin). A server can
 * share one queue between all sessions (QEMU's behaviour: commands never interleave) or
 * give each session its own.
 */
import type { InBandQueue, InBandWork } from './session-types.js';

/**
 * Requests answered without waiting chain through microtasks, which never let the event loop
 * read a socket or fire a timer: after this long, the loop gets a turn before the next one.
 */
const SLICE_MS = 10;
const CLOCK_EVERY = 16;

export class RoundRobinQueue implements InBandQueue {
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
      let sliceStart = performance.now();
      let answered = 0;
      for (let work = this.ready.shift(); work !== undefined; work = this.ready.shift()) {
        if (!work.hasQueuedRequest()) continue;
        await work.runNextRequest();
        if (work.hasQueuedRequest() && !this.ready.includes(work)) this.ready.push(work);
        // The clock is read every few requests: reading it costs as much as a small request.
        if (++answered % CLOCK_EVERY === 0 && performance.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    } finally {
      this.running = false;
    }
  }
}
