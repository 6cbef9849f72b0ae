import { EventEmitter } from 'node:events';
import type { ProgressEvent } from '../api/dto';
import { randomUUID } from 'node:crypto';
import { ApiError, CancelledError } from '../api/errors';

/**
 * Book-keeping of long operations: each has a caller-chosen id (unique among the running ones: a reused id is
 * refused), an AbortSignal, and reports progress.
 * `cancel(id)` aborts the signal; the operation throws CancelledError at its next check.
 */
export class Operations {
  private readonly controllers = new Map<string, AbortController>();
  private readonly events = new EventEmitter();

  onProgress(listener: (event: ProgressEvent) => void): () => void {
    this.events.on('progress', listener);
    return () => this.events.off('progress', listener);
  }

  async run<T>(requestedId: string | undefined | null, name: string, work: (context: OperationContext) => Promise<T>): Promise<T> {
    const operationId = requestedId ?? undefined;
    if (operationId !== undefined && (typeof operationId !== 'string' || operationId.length === 0 || operationId.length > 200)) {
      throw new ApiError('BAD_REQUEST', 'operationId must be a non-empty string of at most 200 characters.');
    }
    if (operationId !== undefined && this.controllers.has(operationId)) {
      // A second operation under a running one's id would make the first one uncancellable.
      throw ApiError.localized(
        'OPERATION_ID_IN_USE',
        `Die Vorgangskennung „${operationId}“ gehört schon zu einem laufenden Vorgang; jeder Vorgang braucht eine eigene Kennung.`,
        `The operation id "${operationId}" belongs to an operation that is still running; each operation needs its own id.`,
        { operationId },
      );
    }
    const id = operationId ?? `${name.replace(/\s+/g, '-')}-${randomUUID()}`;
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
