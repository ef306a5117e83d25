// The TTL-after-finished controller: deletes a finished Job (and, by the cascade, its pods)
// ttlSecondsAfterFinished after its Complete/Failed condition, with Foreground propagation as
// upstream does. Policy: ttlExpiry in ./policy/job.ts.

import type { Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { ttlExpiry } from './policy/job.js';
import { keyOf } from '../api/store.js';
import type { Job } from '../api/types.js';
import { getByKey, WorkQueue } from './workqueue.js';
import { jobFinishedAt } from './job.js';

export class TtlAfterFinishedController {
  private readonly queue: WorkQueue;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
  ) {
    this.queue = new WorkQueue(sim, (key) => this.sync(key));
    api.store.watch<Job>('Job', (type, job) => {
      if (type !== 'DELETED' && job.spec.ttlSecondsAfterFinished !== undefined && jobFinishedAt(job) !== undefined) this.queue.add(keyOf(job));
    });
  }

  private sync(key: string): void {
    // Re-read the Job at expiry: its TTL may have changed meanwhile.
    const job = getByKey<Job>(this.api.store, 'Job', key);
    if (!job || job.metadata.deletionTimestamp !== undefined) return;
    const ttl = job.spec.ttlSecondsAfterFinished;
    const finishedAt = jobFinishedAt(job);
    if (ttl === undefined || finishedAt === undefined) return;
    const r = ttlExpiry(finishedAt, ttl, this.sim.now);
    if (!r.expired) {
      this.queue.addAfter(key, r.remainingMs);
      return;
    }
    this.api.delete(job, { propagation: 'Foreground' });
  }
}
