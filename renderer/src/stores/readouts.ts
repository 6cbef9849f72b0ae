/**
 * The loaded read-outs of this session and how they are loaded: the landing demo, a file the user picked
 * or dropped, the built-in demo gateway, or a real gateway. Reading a gateway needs the user to confirm the
 * certificate fingerprint the first time (trust on first use): the engine answers HAN_PIN_REQUIRED with
 * `details.fingerprint`, the UI asks, and the same request is sent again with `pin`.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { ApiErrorPayload, GatewayReadRequest, ReadoutSummary } from '../../../src/api/dto';
import { toErrorPayload } from '../../../src/api/errors';
import { useApi } from '../api';
import { newOperationId } from '../api/operation-id';
import { createPinStore } from './pinned-gateways';

export type SourceOperation = 'openFile' | 'demoGateway' | 'gateway';

export interface PinRequest {
  fingerprint: string;
  host: string;
  port: number;
  gatewayId?: string;
  /** Set when the gateway's certificate differs from the one confirmed before: the engine's warning. */
  changed?: { expected: string; de?: string; en?: string; message: string };
}

export const useReadoutsStore = defineStore('readouts', () => {
  const api = useApi();

  const list = shallowRef<readonly ReadoutSummary[]>([]);
  const currentId = ref<string | null>(null);
  const operation = ref<SourceOperation | null>(null);
  const operationId = ref<string | null>(null);
  const progress = ref(-1);
  const progressMessage = ref('');
  const error = shallowRef<ApiErrorPayload | null>(null);
  const pinRequest = shallowRef<PinRequest | null>(null);
  /** The gateway request waiting for the user's confirmation of the fingerprint. */
  let pendingRequest: GatewayReadRequest | null = null;
  let pendingKind: SourceOperation = 'gateway';
  const pins = createPinStore();

  api.onProgress((event) => {
    if (event.operationId !== operationId.value) return;
    progress.value = event.fraction;
    progressMessage.value = event.message;
  });

  const current = computed(() => list.value.find((r) => r.readoutId === currentId.value) ?? null);
  const busy = computed(() => operation.value !== null);

  /** Registers a loaded read-out and makes it the current one. */
  function add(summary: ReadoutSummary): void {
    if (!list.value.some((r) => r.readoutId === summary.readoutId)) list.value = [...list.value, markRaw(summary)];
    currentId.value = summary.readoutId;
  }

  /**
   * The read-outs the engine still holds (it keeps them in its archive): listed again after a window reload
   * or an engine restart, so the app goes on with them instead of failing on ids the engine no longer knows.
   */
  async function restore(): Promise<void> {
    if (typeof api.listReadouts !== 'function') return;
    let kept: ReadoutSummary[];
    try {
      kept = await api.listReadouts();
    } catch {
      return; // engine not reachable (yet): the list stays as it is
    }
    const known = new Set(kept.map((r) => r.readoutId));
    // Generated in-memory read-outs (the landing demo) stay; the rest is what the engine has now.
    const stale = list.value.filter((r) => r.source !== 'demo' && !known.has(r.readoutId));
    // The landing flow adds the demo itself (App.vue) and makes it current.
    const added = kept.filter((r) => r.source !== 'demo' && !list.value.some((have) => have.readoutId === r.readoutId)).map((r) => markRaw(r));
    if (stale.length === 0 && added.length === 0) return;
    list.value = [...list.value.filter((r) => !stale.includes(r)), ...added];
    // The current read-out changes only when the engine no longer has it (the landing demo stays the first view).
    if (currentId.value && !list.value.some((r) => r.readoutId === currentId.value)) currentId.value = list.value.at(-1)?.readoutId ?? null;
  }

  /** Closes a read-out in the engine and removes it from the list (its archived history stays). */
  async function close(readoutId: string): Promise<void> {
    try {
      await api.closeReadout(readoutId);
    } catch (cause) {
      const payload = toErrorPayload(cause);
      if (payload.code !== 'UNKNOWN_READOUT') {
        error.value = payload;
        return;
      }
    }
    list.value = list.value.filter((r) => r.readoutId !== readoutId);
    if (currentId.value === readoutId) currentId.value = list.value.at(-1)?.readoutId ?? null;
  }

  /** An engine that answers UNKNOWN_READOUT was restarted or lost the read-out: take its list again. */
  function recoverFrom(cause: unknown): void {
    if (toErrorPayload(cause).code === 'UNKNOWN_READOUT') void restore();
  }

  void restore();

  function select(readoutId: string): void {
    if (list.value.some((r) => r.readoutId === readoutId)) currentId.value = readoutId;
  }

  async function run(kind: SourceOperation, work: (id: string) => Promise<ReadoutSummary | null>): Promise<void> {
    const id = newOperationId();
    operation.value = kind;
    operationId.value = id;
    progress.value = -1;
    progressMessage.value = '';
    error.value = null;
    try {
      const summary = await work(id);
      if (summary && operationId.value === id) add(summary);
    } catch (cause) {
      if (operationId.value === id) error.value = toErrorPayload(cause);
      recoverFrom(cause);
    } finally {
      if (operationId.value === id) {
        operation.value = null;
        operationId.value = null;
      }
    }
  }

  async function openFile(file: { name: string; bytes: Uint8Array }): Promise<void> {
    await run('openFile', (id) => api.openFile({ name: file.name, content: file.bytes, operationId: id }));
  }

  /** Sends a gateway request; HAN_PIN_REQUIRED turns into a confirmation question instead of an error. */
  async function read(kind: SourceOperation, request: GatewayReadRequest, id: string): Promise<ReadoutSummary | null> {
    const remembered = request.pin ? undefined : pins.get(request.host, request.port);
    try {
      return await api.readGateway({ ...request, ...(remembered ? { pin: remembered } : {}), operationId: id });
    } catch (cause) {
      const payload = toErrorPayload(cause);
      const fingerprint = payload.details?.fingerprint;
      const expected = payload.details?.expected;
      const firstUse = payload.code === 'HAN_PIN_REQUIRED' && !request.pin;
      // A pin remembered here or by the engine that no longer matches: ask again, showing the engine's warning.
      const changed = payload.code === 'HAN_CERTIFICATE_CHANGED' && !request.pin;
      if ((firstUse || changed) && typeof fingerprint === 'string') {
        pendingRequest = request;
        pendingKind = kind;
        pinRequest.value = {
          fingerprint,
          host: request.host,
          port: request.port,
          ...(request.gatewayId ? { gatewayId: request.gatewayId } : {}),
          ...(changed ? { changed: { expected: String(expected ?? remembered), de: payload.de, en: payload.en, message: payload.message } } : {}),
        };
        return null;
      }
      throw cause;
    }
  }
  async function readDemoGateway(): Promise<void> {
    await run('demoGateway', async (id) => {
      const demo = await api.startDemoGateway({ operationId: id });
      const request: GatewayReadRequest = {
        host: demo.host,
        port: demo.port,
        vendor: demo.vendor,
        gatewayId: demo.gatewayId,
        credentials: { kind: 'password', user: demo.user, password: demo.password },
      };
      return read('demoGateway', request, id);
    });
  }

  async function readGateway(request: GatewayReadRequest): Promise<void> {
    await run('gateway', (id) => read('gateway', request, id));
  }

  /** The user checked the fingerprint: read again, pinned to it. */
  async function confirmPin(): Promise<void> {
    const request = pendingRequest;
    const pin = pinRequest.value?.fingerprint;
    pinRequest.value = null;
    pendingRequest = null;
    if (!request || !pin) return;
    pins.set(request.host, request.port, pin);
    await run(pendingKind, (id) => read(pendingKind, { ...request, pin }, id));
  }

  function rejectPin(): void {
    pinRequest.value = null;
    pendingRequest = null;
  }

  /** Stops waiting at once and asks the engine to stop the work. */
  async function cancel(): Promise<void> {
    const id = operationId.value;
    if (!id) return;
    operation.value = null;
    operationId.value = null;
    try {
      await api.cancel(id);
    } catch (cause) {
      error.value = toErrorPayload(cause);
    }
  }

  function dismissError(): void {
    error.value = null;
  }

  return {
    list,
    currentId,
    current,
    operation,
    operationId,
    progress,
    progressMessage,
    error,
    pinRequest,
    busy,
    add,
    select,
    restore,
    close,
    recoverFrom,
    openFile,
    readDemoGateway,
    readGateway,
    confirmPin,
    rejectPin,
    cancel,
    dismissError,
  };
});
