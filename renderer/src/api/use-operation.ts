/**
 * The one way to run a long engine operation (reading a file or a gateway, a series, a signature check, a
 * bill check, a connection test): a caller-chosen id, its progress events, cancellation and the error.
 * One operation at a time per runner: an answer that arrives after its operation was cancelled, replaced
 * or abandoned is dropped. Stores hold a runner for the app's lifetime (`createOperation`); a view's runner
 * stops listening with the view (`useOperation`).
 */
import { computed, onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import type { TrudiApi } from '../../../src/api/contract';
import type { ApiErrorPayload } from '../../../src/api/dto';
import { toErrorPayload } from '../../../src/api/errors';
import { useApi } from '.';
import { newOperationId } from './operation-id';

export interface OperationOptions {
  /**
   * Ask the engine to stop an operation that a new `run` or `abandon` replaces (its answer is dropped
   * anyway). Off by default: there the UI does not start a second one while one runs.
   */
  cancelReplaced?: boolean;
}

export function createOperation<Kind extends string = string>(api: Pick<TrudiApi, 'onProgress' | 'cancel'>, options: OperationOptions = {}) {
  const operationId = ref<string | null>(null);
  /** What the running operation is (the caller's name for it), null while none runs. */
  const kind = ref<Kind | null>(null) as Ref<Kind | null>;
  /** 0..1 of the running operation, -1 while indeterminate. */
  const progress = ref(-1);
  const progressMessage = ref('');
  const error = shallowRef<ApiErrorPayload | null>(null);
  const running = computed(() => operationId.value !== null);

  const stopProgress = api.onProgress((event) => {
    if (event.operationId !== operationId.value) return;
    progress.value = event.fraction;
    progressMessage.value = event.message;
  });

  /** Forgets the running operation (its answer will be dropped); returns its id. */
  function drop(): string | null {
    const id = operationId.value;
    operationId.value = null;
    kind.value = null;
    return id;
  }

  /**
   * Runs `work` with a new operation id; `onResult` gets the answer unless it is stale (then it is not
   * called at all). A failure of the current operation lands in `error`.
   */
  async function run<T>(work: (operationId: string) => Promise<T>, onResult: (result: T) => void, initialProgress = -1, what: Kind | null = null): Promise<void> {
    abandon();
    const id = newOperationId();
    operationId.value = id;
    kind.value = what;
    progress.value = initialProgress;
    progressMessage.value = '';
    error.value = null;
    try {
      const result = await work(id);
      if (operationId.value !== id) return;
      drop();
      onResult(result);
    } catch (cause) {
      if (operationId.value !== id) return;
      drop();
      error.value = toErrorPayload(cause);
    }
  }

  /** Stops waiting at once and asks the engine to stop the work; a failure to ask lands in `error`. */
  async function cancel(): Promise<void> {
    const id = drop();
    if (!id) return;
    try {
      await api.cancel(id);
    } catch (cause) {
      error.value = toErrorPayload(cause);
    }
  }

  /** Drops the running operation without a word (the view moved on); see `cancelReplaced`. */
  function abandon(): void {
    const id = drop();
    if (id && options.cancelReplaced) void api.cancel(id).catch(() => {});
  }

  return { operationId, kind, running, progress, progressMessage, error, run, cancel, abandon, stopProgress };
}

export type Operation<Kind extends string = string> = ReturnType<typeof createOperation<Kind>>;

/**
 * A view's operation runner: stops listening for progress when the view goes (an answer still arriving
 * is used, as before the view went).
 */
export function useOperation<Kind extends string = string>(options: OperationOptions = {}): Operation<Kind> {
  const operation = createOperation<Kind>(useApi(), options);
  onBeforeUnmount(operation.stopProgress);
  return operation;
}
