import { VerifyPool } from '../../crypto/workers/verify-pool';
import type { VerifyJob } from '../../crypto/workers/verify-job';

/** The real verification pool, counting the signatures it is given to check. */
export class CountingPool extends VerifyPool {
  checked = 0;
  override async run(job: Omit<VerifyJob, 'id'>): Promise<Uint8Array> {
    this.checked += job.messageOffsets.length - 1;
    return super.run(job);
  }
}
