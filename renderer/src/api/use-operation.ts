/**
 * A long engine operation started from a view: its id, progress events, cancellation, and the error.
 * An answer that arrives after the operation was cancelled or replaced is dropped.
 */
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import type { ApiErrorPayload } from '../../../src/api/dto';
import { toErrorPayload } from '../../../src/api/errors';
import { useApi } from '.';
import { newOperationId } from './operation-id';

export function useOperation() {
  const api = useApi();
  const operationId = ref<string | null>(null);
  const progress = ref(-1);
  const progressMessage = ref('');
  const error = shallowRef<ApiErrorPayload | null>(null);

  const stopProgress = api.onProgress((event) => {
    if (event.operationId !== operationId.value) return;
    progress.value = event.fraction;
    progressMessage.value = event.message;
  });
  onBeforeUnmount(stopProgress);

  /** Runs `work` with a new operation id; `onResult` gets the answer unless it is stale. */
  async function run<T>(work: (operationId: string) => Promise<T>, onResult: (result: T) => void, initialProgress = -1): Promise<void> {
    const id = newOperationId();
    operationId.value = id;
    progress.value = initialProgress;
    progressMessage.value = '';
    error.value = null;
    try {
      const result = await work(id);
      if (operationId.value === id) onResult(result);
    } catch (cause) {
      if (operationId.value === id) error.value = toErrorPayload(cause);
    } finally {
      if (operationId.value === id) operationId.value = null;
    }
  }

  async function cancel(): Promise<void> {
    const id = operationId.value;
    if (!id) return;
    operationId.value = null;
    await api.cancel(id).catch((cause: unknown) => (error.value = toErrorPayload(cause)));
  }

  return { operationId, progress, progressMessage, error, run, cancel };
}
