/**
 * The loaded read-outs of this session and how they are loaded: the landing demo, a file the user picked
 * or dropped, the built-in demo gateway, or a real gateway. Reading a gateway needs the user to confirm the
 * certificate fingerprint the first time (trust on first use): the engine answers HAN_PIN_REQUIRED with
 * `details.fingerprint`, the UI asks, and the same request is sent again with `pin`. The engine keeps every
 * confirmed pin (not the browser, whose storage is new at every launch of the web mode) and applies it to
 * later visits itself; a changed certificate comes back as HAN_CERTIFICATE_CHANGED and is asked again.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { ApiErrorPayload, GatewayProfileDto, GatewayReadRequest, ReadoutSummary, SyncGatewayResult } from '../../../src/api/dto';
import { toErrorPayload } from '../../../src/api/errors';
import { useApi } from '../api';
import { createOperation } from '../api/use-operation';
import { legacyPins } from './legacy-pins';

export type SourceOperation = 'openFile' | 'demoGateway' | 'gateway' | 'sync';

/** What the user types for a saved profile whose secret is not opened without asking. */
export interface ProfileSecret {
  secret?: string;
  passphrase?: string;
}

export interface PinRequest {
  fingerprint: string;
  host: string;
  port: number;
  gatewayId?: string;
  /** Set when the gateway's certificate differs from the one confirmed before: the engine's warning. */
  changed?: { expected: string; de?: string; en?: string; message: string };
  /** What confirming does next: read (default) or test the connection again. */
  purpose?: 'read' | 'test';
}

/**
 * The question a gateway's answer asks, if any: a first visit (HAN_PIN_REQUIRED) or a certificate that differs
 * from the one confirmed before (HAN_CERTIFICATE_CHANGED), unless the user gave the pin for this very call.
 */
export function pinQuestion(payload: ApiErrorPayload, target: { host: string; port: number; gatewayId?: string }, userPinned: boolean): PinRequest | null {
  const fingerprint = payload.details?.fingerprint;
  const expected = payload.details?.expected;
  const firstUse = payload.code === 'HAN_PIN_REQUIRED';
  const changed = payload.code === 'HAN_CERTIFICATE_CHANGED';
  if (userPinned || !(firstUse || changed) || typeof fingerprint !== 'string') return null;
  return {
    fingerprint,
    host: target.host,
    port: target.port,
    ...(target.gatewayId ? { gatewayId: target.gatewayId } : {}),
    ...(changed ? { changed: { expected: String(expected ?? ''), de: payload.de, en: payload.en, message: payload.message } } : {}),
  };
}

export const useReadoutsStore = defineStore('readouts', () => {
  const api = useApi();

  const list = shallowRef<readonly ReadoutSummary[]>([]);
  const currentId = ref<string | null>(null);
  /** Reading a source: what runs (`kind`), its id, progress and error. */
  const op = createOperation<SourceOperation>(api);
  const error = op.error;
  const pinRequest = shallowRef<PinRequest | null>(null);
  /** What runs once the user confirmed the fingerprint (the same call again, pinned). */
  let pendingResume: ((pin: string) => Promise<void>) | null = null;
  /** The figures of the last sync (what it fetched), shown by the connection view. */
  const lastSync = shallowRef<SyncGatewayResult | null>(null);
  /** Pins an earlier version kept in the browser: offered to the engine once, then dropped. */
  const legacy = legacyPins();

  const current = computed(() => list.value.find((r) => r.readoutId === currentId.value) ?? null);
  const busy = computed(() => op.kind.value !== null);

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
    const recovering = (id: string) =>
      work(id).catch((cause: unknown) => {
        recoverFrom(cause);
        throw cause;
      });
    await op.run(
      recovering,
      (summary) => {
        if (summary) add(summary);
      },
      -1,
      kind,
    );
  }

  async function openFile(file: { name: string; bytes: Uint8Array }): Promise<void> {
    await run('openFile', (id) => api.openFile({ name: file.name, content: file.bytes, operationId: id }));
  }

  /** Asks the user to confirm a fingerprint; `resume` runs with the confirmed one. */
  function askPin(question: PinRequest, resume: (pin: string) => Promise<void>): void {
    pendingResume = resume;
    pinRequest.value = question;
  }

  /**
   * Runs a gateway call; a fingerprint to confirm turns into the question instead of an error (null).
   * `call(pin)` is the same call pinned to `pin`: given, a pin the browser kept from an earlier version is
   * offered once when the engine has none (HAN_PIN_REQUIRED), so the user is not asked again; a certificate that
   * no longer matches it comes back as the engine's HAN_CERTIFICATE_CHANGED question.
   */
  async function guarded(
    target: { host: string; port: number; gatewayId?: string },
    userPinned: boolean,
    call: (pin?: string) => Promise<ReadoutSummary>,
    again: (pin: string) => Promise<void>,
  ): Promise<ReadoutSummary | null> {
    try {
      return await call();
    } catch (cause) {
      let failure = cause;
      const kept = !userPinned && toErrorPayload(cause).code === 'HAN_PIN_REQUIRED' ? legacy.get(target) : undefined;
      if (kept) {
        try {
          const summary = await call(kept);
          legacy.forget(target); // the engine confirmed it with the read
          return summary;
        } catch (retry) {
          failure = retry;
        }
      }
      const question = pinQuestion(toErrorPayload(failure), target, userPinned);
      if (!question) throw failure;
      askPin(question, again);
      return null;
    }
  }

  /** Sends a gateway request; HAN_PIN_REQUIRED turns into a confirmation question instead of an error. */
  async function read(kind: SourceOperation, request: GatewayReadRequest, id: string): Promise<ReadoutSummary | null> {
    return guarded(
      request,
      Boolean(request.pin),
      (pin) => api.readGateway({ ...request, ...(pin ? { pin } : {}), operationId: id }),
      (pin) => run(kind, (next) => read(kind, { ...request, pin }, next)),
    );
  }

  /** Syncs a gateway (address and credentials) into the engine's archive and shows its whole archived history. */
  async function syncGateway(request: GatewayReadRequest): Promise<void> {
    await run('sync', (id) =>
      guarded(
        request,
        Boolean(request.pin),
        async (pin) => {
          const result = await api.syncGateway({ ...request, ...(pin ? { pin } : {}), operationId: id });
          lastSync.value = result;
          return result.readout;
        },
        (pin) => syncGateway({ ...request, pin }),
      ),
    );
  }

  /**
   * Reads or syncs a saved profile. Its pin, or the one the engine remembers, pins the visit; on a first visit
   * (or a changed certificate) the user confirms the fingerprint once and it is saved with the profile.
   */
  async function useProfile(profile: GatewayProfileDto, secret: ProfileSecret, mode: 'read' | 'sync', onPinSaved?: () => void): Promise<void> {
    const kind: SourceOperation = mode === 'sync' ? 'sync' : 'gateway';
    const given = { ...(secret.secret ? { secret: secret.secret } : {}), ...(secret.passphrase ? { passphrase: secret.passphrase } : {}) };
    /** The profile with this pin saved (a pin kept in the browser is offered the same way: the profile then pins the visit). */
    const pinned = async (pin: string) => {
      const saved = await api.saveGatewayProfile({ ...profileFields(profile), pin, keepSecret: true });
      onPinSaved?.();
      return saved;
    };
    await run(kind, (id) =>
      guarded(
        profile,
        false,
        async (pin) => {
          const target = pin ? await pinned(pin) : profile;
          if (mode === 'read') return api.readGateway({ profileId: target.id, ...given, operationId: id });
          const result = await api.syncGateway({ profileId: target.id, ...given, operationId: id });
          lastSync.value = result;
          return result.readout;
        },
        async (pin) => useProfile(await pinned(pin), secret, mode, onPinSaved),
      ),
    );
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

  /** The user checked the fingerprint: the same call again, pinned to it. */
  async function confirmPin(): Promise<void> {
    const question = pinRequest.value;
    const resume = pendingResume;
    pinRequest.value = null;
    pendingResume = null;
    if (!question || !resume) return;
    // The engine keeps the pin once the pinned call passed; what the browser kept before is not needed any more.
    legacy.forget(question);
    await resume(question.fingerprint);
  }

  function rejectPin(): void {
    pinRequest.value = null;
    pendingResume = null;
  }

  /** Stops waiting at once and asks the engine to stop the work. */
  async function cancel(): Promise<void> {
    await op.cancel();
  }

  function dismissError(): void {
    error.value = null;
  }

  return {
    list,
    currentId,
    current,
    operation: op.kind,
    operationId: op.operationId,
    progress: op.progress,
    progressMessage: op.progressMessage,
    error,
    pinRequest,
    lastSync,
    busy,
    add,
    select,
    restore,
    close,
    recoverFrom,
    openFile,
    readDemoGateway,
    readGateway,
    syncGateway,
    useProfile,
    askPin,
    confirmPin,
    rejectPin,
    cancel,
    dismissError,
  };
});

/** A profile's fields as a save request (to change it, e.g. to add the confirmed pin). */
function profileFields(profile: GatewayProfileDto) {
  const { hasSecret: _hasSecret, secretIn: _secretIn, ...fields } = profile;
  return fields;
}
