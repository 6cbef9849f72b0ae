import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TrudiApi } from '../../../src/api/contract';
import type { DemoGateway, GatewayReadRequest, ProgressEvent, ReadoutSummary } from '../../../src/api/dto';
import { ApiError } from '../../../src/api/errors';
import { apiKey } from '../api';
import { MemoryStorage } from '../testing/memory-storage';
import { useReadoutsStore } from './readouts';

const DEMO: DemoGateway = {
  host: '127.0.0.1',
  port: 4443,
  vendor: 'theben',
  gatewayId: 'ETHE0012345678',
  user: 'consumer1',
  password: 'secret',
  fingerprint: 'sha256:AA:BB',
};

function summary(readoutId: string, source: ReadoutSummary['source']): ReadoutSummary {
  return { readoutId, source, demo: source === 'demo', gatewayId: 'G', usagePointId: 'U', channels: [], first: '', last: '', problems: { errors: 0, warnings: 0 } };
}

function pinRequired(fingerprint: string): ApiError {
  return ApiError.localized('HAN_PIN_REQUIRED', 'Fingerabdruck bestätigen', 'Confirm the fingerprint', { fingerprint });
}

/**
 * A fake engine that keeps confirmed pins as the engine does (gateways.json, by host:port here): a read without a
 * pin uses the one it remembers, none asks (HAN_PIN_REQUIRED), another certificate fails (HAN_CERTIFICATE_CHANGED),
 * and a pinned read that passed is remembered.
 */
function fakeEngine(presented = DEMO.fingerprint) {
  const reads: GatewayReadRequest[] = [];
  const cancelled: string[] = [];
  const pins = new Map<string, string>();
  const listeners = new Set<(event: ProgressEvent) => void>();
  let hold: Promise<void> | null = null;
  const api = {
    startDemoGateway: async () => DEMO,
    readGateway: async (request: GatewayReadRequest) => {
      reads.push(request);
      if (hold) await hold;
      const key = `${request.host}:${request.port}`;
      const pin = request.pin ?? pins.get(key);
      if (!pin) throw pinRequired(presented);
      if (pin !== presented) throw ApiError.localized('HAN_CERTIFICATE_CHANGED', 'geändert', 'changed', { expected: pin, fingerprint: presented });
      pins.set(key, pin);
      return summary(`gateway-${reads.length}`, 'gateway');
    },
    openFile: async (request: { name: string; contentBase64: string }) => ({ ...summary('file-1', 'file'), fileName: request.name }),
    cancel: async (id: string) => void cancelled.push(id),
    onProgress: (listener: (event: ProgressEvent) => void) => (listeners.add(listener), () => listeners.delete(listener)),
  } as unknown as TrudiApi;
  return {
    api,
    reads,
    cancelled,
    pins,
    emit: (event: ProgressEvent) => listeners.forEach((l) => l(event)),
    holdReads: () => {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

function storeWith(api: TrudiApi) {
  const app = createApp({});
  app.provide(apiKey, api);
  app.use(createPinia());
  return app.runWithContext(() => useReadoutsStore());
}

const LEGACY = 'trudi.pinnedGateways';
const DEMO_ADDRESS = `${DEMO.host}:${DEMO.port}`;

describe('read-outs store', () => {
  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
  });

  it('demo gateway: HAN_PIN_REQUIRED asks for confirmation, the confirmed pin reads, and the engine keeps it (not the browser)', async () => {
    const engine = fakeEngine();
    const store = storeWith(engine.api);
    await store.readDemoGateway();
    expect(store.error).toBeNull();
    expect(store.pinRequest).toEqual({ fingerprint: DEMO.fingerprint, host: DEMO.host, port: DEMO.port, gatewayId: DEMO.gatewayId });
    expect(engine.reads[0]).toMatchObject({ host: DEMO.host, credentials: { kind: 'password', user: 'consumer1', password: 'secret' } });
    expect(engine.reads[0]!.pin).toBeUndefined();
    expect(store.list).toHaveLength(0);

    await store.confirmPin();
    expect(engine.reads[1]!.pin).toBe(DEMO.fingerprint);
    expect(store.pinRequest).toBeNull();
    expect(store.current?.source).toBe('gateway');
    expect(store.busy).toBe(false);
    expect(engine.pins.get(DEMO_ADDRESS)).toBe(DEMO.fingerprint);

    // The next read of the same gateway (also in a new session) sends no pin: the engine pins it without asking.
    const again = storeWith(engine.api);
    await again.readDemoGateway();
    expect(engine.reads[2]!.pin).toBeUndefined();
    expect(again.pinRequest).toBeNull();
    expect(again.list).toHaveLength(1);
    expect(localStorage.getItem(LEGACY)).toBeNull();
  });

  it('a changed certificate asks again with the engine warning; confirming pins the new fingerprint', async () => {
    const old = 'sha256:OLD';
    const engine = fakeEngine();
    engine.pins.set(DEMO_ADDRESS, old);
    const store = storeWith(engine.api);
    await store.readDemoGateway();
    expect(engine.reads[0]!.pin).toBeUndefined();
    expect(store.error).toBeNull();
    expect(store.pinRequest).toMatchObject({ fingerprint: DEMO.fingerprint, changed: { expected: old, de: 'geändert', en: 'changed' } });
    await store.confirmPin();
    expect(engine.reads[1]!.pin).toBe(DEMO.fingerprint);
    expect(store.current?.readoutId).toBe('gateway-2');
    expect(engine.pins.get(DEMO_ADDRESS)).toBe(DEMO.fingerprint);
    expect(localStorage.getItem(LEGACY)).toBeNull();
  });

  it('a pin an earlier version kept in the browser moves to the engine once, without asking', async () => {
    localStorage.setItem(LEGACY, JSON.stringify({ [DEMO_ADDRESS]: DEMO.fingerprint, '10.0.0.9:443': 'sha256:OTHER' }));
    const engine = fakeEngine();
    const store = storeWith(engine.api);
    await store.readDemoGateway();
    expect(store.pinRequest).toBeNull();
    expect(store.error).toBeNull();
    expect(store.current?.source).toBe('gateway');
    // First without a pin (the engine decides); it had none, so the browser's is offered once.
    expect(engine.reads.map((r) => r.pin)).toEqual([undefined, DEMO.fingerprint]);
    expect(engine.pins.get(DEMO_ADDRESS)).toBe(DEMO.fingerprint);
    expect(JSON.parse(localStorage.getItem(LEGACY)!)).toEqual({ '10.0.0.9:443': 'sha256:OTHER' });

    // Later visits: the engine's pin, nothing from the browser.
    await storeWith(engine.api).readDemoGateway();
    expect(engine.reads.map((r) => r.pin)).toEqual([undefined, DEMO.fingerprint, undefined]);
  });

  it('a browser pin the gateway no longer matches is not trusted: the engine warns of the changed certificate', async () => {
    const old = 'sha256:OLD';
    localStorage.setItem(LEGACY, JSON.stringify({ [DEMO_ADDRESS]: old }));
    const engine = fakeEngine();
    const store = storeWith(engine.api);
    await store.readDemoGateway();
    expect(engine.reads.map((r) => r.pin)).toEqual([undefined, old]);
    expect(store.list).toHaveLength(0);
    expect(store.pinRequest).toMatchObject({ fingerprint: DEMO.fingerprint, changed: { expected: old } });
    // Rejected: nothing read, the warning comes again next time.
    store.rejectPin();
    expect(engine.pins.size).toBe(0);
    expect(JSON.parse(localStorage.getItem(LEGACY)!)).toEqual({ [DEMO_ADDRESS]: old });

    await store.readDemoGateway();
    expect(store.pinRequest?.changed?.expected).toBe(old);
    await store.confirmPin();
    expect(engine.pins.get(DEMO_ADDRESS)).toBe(DEMO.fingerprint);
    expect(store.current?.source).toBe('gateway');
    expect(localStorage.getItem(LEGACY)).toBeNull();
  });

  it('rejecting the fingerprint reads nothing and stores nothing', async () => {
    const engine = fakeEngine();
    const store = storeWith(engine.api);
    await store.readGateway({ host: '10.0.0.1', port: 443, credentials: { kind: 'password', user: 'u', password: 'p' } });
    expect(store.pinRequest?.fingerprint).toBe(DEMO.fingerprint);
    store.rejectPin();
    expect(store.pinRequest).toBeNull();
    expect(engine.reads).toHaveLength(1);
    expect(engine.pins.size).toBe(0);
    expect(localStorage.getItem(LEGACY)).toBeNull();
  });

  it('other errors are shown with their code; progress of the running operation only', async () => {
    const engine = fakeEngine();
    const store = storeWith(engine.api);
    (engine.api as { readGateway: unknown }).readGateway = async () => {
      throw ApiError.localized('HAN_TCP_CONNECT_FAILED', 'nicht erreichbar: HAN-Subnetz', 'unreachable: HAN subnet');
    };
    await store.readGateway({ host: '10.0.0.1', port: 443, credentials: { kind: 'password', user: 'u', password: 'p' } });
    expect(store.error).toMatchObject({ code: 'HAN_TCP_CONNECT_FAILED', de: 'nicht erreichbar: HAN-Subnetz', en: 'unreachable: HAN subnet' });
    store.dismissError();
    expect(store.error).toBeNull();
  });

  it('cancel stops waiting at once, asks the engine to stop, and drops the late answer', async () => {
    const engine = fakeEngine();
    engine.pins.set(DEMO_ADDRESS, DEMO.fingerprint);
    const store = storeWith(engine.api);
    const release = engine.holdReads();
    const reading = store.readDemoGateway();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.operation).toBe('demoGateway');
    const id = store.operationId!;
    engine.emit({ operationId: id, fraction: 0.5, message: 'TAF-7: Messwerte / readings' });
    engine.emit({ operationId: 'other', fraction: 0.9, message: 'x' });
    expect(store.progress).toBe(0.5);
    expect(store.progressMessage).toBe('TAF-7: Messwerte / readings');
    await store.cancel();
    expect(engine.cancelled).toEqual([id]);
    expect(store.busy).toBe(false);
    release();
    await reading;
    expect(store.list).toHaveLength(0);
    expect(store.error).toBeNull();
  });

  it('opens a file as base64 and switches between loaded read-outs', async () => {
    const engine = fakeEngine();
    const store = storeWith(engine.api);
    store.add(summary('demo-1', 'demo'));
    await store.openFile({ name: 'a.xml', bytes: new TextEncoder().encode('<xml/>') });
    expect(store.current?.readoutId).toBe('file-1');
    expect(store.current?.fileName).toBe('a.xml');
    store.select('demo-1');
    expect(store.current?.readoutId).toBe('demo-1');
    store.select('unknown');
    expect(store.current?.readoutId).toBe('demo-1');
  });
});

describe('read-outs store after an engine restart', () => {
  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
  });

  it('lists what the engine kept, drops what it no longer has, and closes read-outs', async () => {
    let kept = [summary('file-a', 'file'), summary('gateway-b', 'gateway')];
    const closed: string[] = [];
    const api = {
      ...fakeEngine().api,
      listReadouts: async () => kept,
      closeReadout: async (id: string) => {
        closed.push(id);
        kept = kept.filter((r) => r.readoutId !== id);
      },
      getSeries: async () => {
        throw new ApiError('UNKNOWN_READOUT', 'gone');
      },
    } as unknown as TrudiApi;
    const store = storeWith(api);
    await store.restore();
    expect(store.list.map((r) => r.readoutId)).toEqual(['file-a', 'gateway-b']);
    // Restoring does not take the place of the landing view; the user picks a kept read-out in the switcher.
    expect(store.currentId).toBeNull();
    store.select('gateway-b');

    await store.close('gateway-b');
    expect(closed).toEqual(['gateway-b']);
    expect(store.list.map((r) => r.readoutId)).toEqual(['file-a']);
    expect(store.currentId).toBe('file-a');

    // The engine restarted without the read-out (e.g. its archive was deleted): an UNKNOWN_READOUT refreshes the list.
    store.add(summary('demo-1', 'demo'));
    kept = [];
    store.recoverFrom(new ApiError('UNKNOWN_READOUT', 'gone'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.list.map((r) => r.readoutId)).toEqual(['demo-1']);
    expect(store.currentId).toBe('demo-1');
  });

  it('an engine without listReadouts or one that is not reachable leaves the list as it is', async () => {
    const store = storeWith({ ...fakeEngine().api, listReadouts: async () => Promise.reject(new Error('down')) } as unknown as TrudiApi);
    await store.restore();
    expect(store.list).toEqual([]);
  });
});
