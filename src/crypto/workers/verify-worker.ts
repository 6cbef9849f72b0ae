/** Worker thread entry of the crypto pool: runs verify and sign jobs as they arrive. */
import { parentPort } from 'node:worker_threads';
import { runSignJob, runVerifyJob } from './run-job';
import type { CryptoJob, VerifyJobResult } from './verify-job';

parentPort?.on('message', (job: CryptoJob) => {
  try {
    if (job.kind === 'sign') {
      const { signatures, signatureOffsets } = runSignJob(job);
      const reply: VerifyJobResult = { id: job.id, signatures, signatureOffsets };
      parentPort?.postMessage(reply, [signatures.buffer as ArrayBuffer, signatureOffsets.buffer as ArrayBuffer]);
    } else {
      const results = runVerifyJob(job);
      const reply: VerifyJobResult = { id: job.id, results };
      parentPort?.postMessage(reply, [results.buffer as ArrayBuffer]);
    }
  } catch (error) {
    const reply: VerifyJobResult = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage(reply);
  }
});
