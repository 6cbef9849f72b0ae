/**
 * A pool of worker threads for signature verification, sized to the cores. Jobs are batches of signatures
 * under one key; idle workers do not keep the process alive. Under tsx/vitest (running from .ts sources)
 * the workers load tsx themselves (`--import tsx`).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CryptoJob, SignJob, VerifyJob, VerifyJobResult } from './verify-job';

interface Pending {
  job: CryptoJob;
  resolve: (reply: VerifyJobResult) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  busy: Pending | undefined;
}

export class VerifyPool {
  readonly size: number;
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size);
  }

  /** Verifies one batch; resolves with 1/0 per signature. */
  async run(job: Omit<VerifyJob, 'id'>): Promise<Uint8Array> {
    const reply = await this.submit({ ...job, kind: 'verify', id: this.nextId++ });
    if (!reply.results) throw new Error('Signature worker returned no results.');
    return reply.results;
  }

  /** Signs one batch of messages; resolves with the packed signatures. */
  async sign(job: Omit<SignJob, 'id' | 'kind'>): Promise<{ signatures: Uint8Array; signatureOffsets: Uint32Array }> {
    const reply = await this.submit({ ...job, kind: 'sign', id: this.nextId++ });
    if (!reply.signatures || !reply.signatureOffsets) throw new Error('Signature worker returned no signatures.');
    return { signatures: reply.signatures, signatureOffsets: reply.signatureOffsets };
  }

  private submit(job: CryptoJob): Promise<VerifyJobResult> {
    if (this.closed) return Promise.reject(new Error('The verification pool is closed.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates all workers; queued jobs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('The verification pool was closed.'));
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.workers.find((w) => !w.busy);
      if (!slot && this.workers.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      slot.worker.ref();
      const { job } = pending;
      slot.worker.postMessage(job);
    }
  }

  private spawn(): PoolWorker {
    const worker = createWorker();
    const slot: PoolWorker = { worker, busy: undefined };
    worker.on('message', (reply: VerifyJobResult) => {
      const pending = slot.busy;
      slot.busy = undefined;
      worker.unref();
      if (pending) {
        if (reply.error === undefined) pending.resolve(reply);
        else pending.reject(new Error(`Signature worker failed: ${reply.error}`));
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(slot, error));
    worker.on('exit', (code) => {
      if (slot.busy) this.fail(slot, new Error(`Signature worker exited with code ${code}.`));
      const index = this.workers.indexOf(slot);
      if (index >= 0) this.workers.splice(index, 1);
    });
    this.workers.push(slot);
    return slot;
  }

  private fail(slot: PoolWorker, error: Error): void {
    const pending = slot.busy;
    slot.busy = undefined;
    const index = this.workers.indexOf(slot);
    if (index >= 0) this.workers.splice(index, 1);
    void slot.worker.terminate();
    pending?.reject(error);
    this.dispatch();
  }
}

/**
 * From built JavaScript the worker file is loaded directly. From .ts sources (tsx, vitest) `execArgv:
 * ['--import', 'tsx']` is not enough on Node 20 (the entry is resolved before tsx's hooks are active:
 * "Unknown file extension .ts"), so a one-line bootstrap registers tsx in the worker and then imports it.
 */
function createWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./verify-worker.js', import.meta.url));
  const entry = new URL('./verify-worker.ts', import.meta.url).href;
  // The ESM build of tsx's API (require.resolve picks the CommonJS one, which cannot register ESM hooks).
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

let shared: VerifyPool | undefined;

/** The process-wide pool (created on first use). */
export function sharedVerifyPool(): VerifyPool {
  shared ??= new VerifyPool();
  return shared;
}

export async function closeSharedVerifyPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
