import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src/api/dto';
import { ApiError } from '../../../src/api/errors';
import { createOperation } from './use-operation';

/** An engine whose operations the test settles by hand, recording progress listeners and cancels. */
function fakeEngine(cancelFails = false) {
  const listeners = new Set<(event: ProgressEvent) => void>();
  const cancelled: string[] = [];
  const api = {
    onProgress: (listener: (event: ProgressEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cancel: async (id: string) => {
      cancelled.push(id);
      if (cancelFails) throw new ApiError('ENGINE_GONE', 'engine gone');
    },
  };
  return { api, cancelled, listeners, emit: (event: ProgressEvent) => listeners.forEach((l) => l(event)) };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (cause: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('one way to run a long operation', () => {
  it('follows the progress of its own operation only, hands the answer over and says so', async () => {
    const engine = fakeEngine();
    const op = createOperation<'read'>(engine.api);
    const answer = deferred<number>();
    let id = '';
    const results: number[] = [];
    const running = op.run((operationId) => ((id = operationId), answer.promise), (n) => results.push(n), 0, 'read');
    expect(op.running.value).toBe(true);
    expect(op.kind.value).toBe('read');
    expect(op.progress.value).toBe(0);
    engine.emit({ operationId: id, fraction: 0.4, message: 'verify.running' });
    engine.emit({ operationId: 'someone-else', fraction: 0.9, message: 'x' });
    expect([op.progress.value, op.progressMessage.value]).toEqual([0.4, 'verify.running']);
    answer.resolve(7);
    await running;
    expect(results).toEqual([7]);
    expect([op.running.value, op.kind.value, op.operationId.value]).toEqual([false, null, null]);
    op.stopProgress();
    expect(engine.listeners.size).toBe(0);
  });

  it('a failure lands in error; a cancelled operation stops at once and its late answer is dropped', async () => {
    const engine = fakeEngine();
    const op = createOperation(engine.api);
    await op.run(() => Promise.reject(new ApiError('HAN_UNREACHABLE', 'no route')), () => {});
    expect(op.error.value?.code).toBe('HAN_UNREACHABLE');

    const answer = deferred<string>();
    let id = '';
    const results: string[] = [];
    const running = op.run((operationId) => ((id = operationId), answer.promise), (r) => results.push(r));
    expect(op.error.value).toBeNull();
    await op.cancel();
    expect(engine.cancelled).toEqual([id]);
    expect(op.running.value).toBe(false);
    answer.resolve('late');
    await running;
    expect(results).toEqual([]);
    await op.cancel(); // nothing runs: nothing to ask
    expect(engine.cancelled).toHaveLength(1);
  });

  it('a replaced operation is dropped; the engine is asked to stop it only with cancelReplaced', async () => {
    for (const cancelReplaced of [false, true]) {
      const engine = fakeEngine();
      const op = createOperation(engine.api, { cancelReplaced });
      const first = deferred<string>();
      const second = deferred<string>();
      const ids: string[] = [];
      const results: string[] = [];
      const one = op.run((id) => (ids.push(id), first.promise), (r) => results.push(r));
      const two = op.run((id) => (ids.push(id), second.promise), (r) => results.push(r));
      first.resolve('first');
      second.resolve('second');
      await Promise.all([one, two]);
      expect(results).toEqual(['second']);
      expect(engine.cancelled).toEqual(cancelReplaced ? [ids[0]] : []);
      const third = deferred<string>();
      const three = op.run((id) => (ids.push(id), third.promise), (r) => results.push(r));
      op.abandon();
      third.reject(new Error('boom'));
      await three;
      expect(op.error.value).toBeNull();
      expect(engine.cancelled).toEqual(cancelReplaced ? [ids[0], ids[2]] : []);
    }
  });

  it('a cancel the engine refuses is shown as the error', async () => {
    const engine = fakeEngine(true);
    const op = createOperation(engine.api);
    const running = op.run(() => new Promise<never>(() => {}), () => {});
    await op.cancel();
    expect(op.error.value).toEqual({ code: 'ENGINE_GONE', message: 'engine gone' });
    expect(op.running.value).toBe(false);
    void running;
  });
});
