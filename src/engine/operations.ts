import { EventEmitter } from 'node:events';
import type { ProgressEvent } from '../api/dto';
import { CancelledError } from '../api/errors';

/**
 * Book-keeping of long operations: each has a caller-chosen id, an AbortSignal, and reports progress.
 * `cancel(id)` aborts the signal; the operation throws CancelledError at its next check.
 */
export class Operations {
  private readonly controllers = new Map<string, AbortController>();
  private readonly events = new EventEmitter();

  onProgress(listener: (event: ProgressEvent) => void): () => void {
    this.events.on('progress', listener);
    return () => this.events.off('progress', listener);
  }

  async run<T>(operationId: string | undefined, name: string, work: (context: OperationContext) => Promise<T>): Promise<T> {
    const id = operationId ?? `${name}-${Math.random().toString(36).slice(2)}`;
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const context: OperationContext = {
      signal: controller.signal,
      progress: (fraction, message) => this.events.emit('progress', { operationId: id, fraction, message } satisfies ProgressEvent),
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new CancelledError(name);
      },
    };
    try {
      return await work(context);
    } finally {
      this.controllers.delete(id);
    }
  }

  cancel(operationId: string): void {
    this.controllers.get(operationId)?.abort();
  }
}

export interface OperationContext {
  signal: AbortSignal;
  progress(fraction: number, message: string): void;
  throwIfCancelled(): void;
}
