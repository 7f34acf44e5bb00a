import { describe, expect, it } from 'vitest';
import { noopDriver } from '../../../runtime/jobs/driver.js';
import { JobManager } from '../../../runtime/jobs/manager.js';
import { VirtualScheduler } from '../../../runtime/jobs/scheduler.js';

describe('many jobs', () => {
  it('takes 100,000 no-op jobs through create -> run -> conclude -> dismiss', () => {
    const scheduler = new VirtualScheduler();
    let events = 0;
    const manager = new JobManager({ scheduler, emit: () => void events++ });
    const driver = noopDriver();
    for (let i = 0; i < 100_000; i++) manager.start(manager.create({ id: `j${i}`, driver }));
    scheduler.runUntilIdle();
    expect(manager.size).toBe(0);
    expect(events).toBe(600_000);
    // Speed is `npm run bench`'s business; this checks that nothing is lost or kept.
  });
});
