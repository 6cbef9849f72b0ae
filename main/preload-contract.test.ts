import { describe, expect, it, vi } from 'vitest';
import { API_KEYS, API_METHODS } from '../src/api/contract';
import { CALL_CHANNEL, PROGRESS_CHANNEL, buildExposedApi } from './preload-api';

describe('preload', () => {
  it('exposes exactly the contract: every key of TrudiApi and nothing of ipcRenderer', () => {
    const api = buildExposedApi({ invoke: async () => undefined, subscribe: () => () => undefined });
    expect(Object.keys(api).sort()).toEqual([...API_KEYS].sort());
    for (const key of ['send', 'sendSync', 'invoke', 'on', 'once', 'removeListener', 'ipcRenderer', 'postMessage']) {
      expect(api).not.toHaveProperty(key);
    }
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards calls on one channel with the method name and arguments', async () => {
    const invoke = vi.fn(async (_channel: string, method: string, _args: unknown[]) => `result of ${method}`);
    const api = buildExposedApi({ invoke, subscribe: () => () => undefined });
    for (const method of API_METHODS) {
      await (api[method] as (...a: unknown[]) => Promise<unknown>)('a', 1);
    }
    expect(invoke.mock.calls.map((c) => c[0])).toEqual(API_METHODS.map(() => CALL_CHANNEL));
    expect(invoke.mock.calls.map((c) => c[1])).toEqual([...API_METHODS]);
    expect(invoke.mock.calls[0]![2]).toEqual(['a', 1]);
  });

  it('subscribes progress on its channel and unsubscribes', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const api = buildExposedApi({
      invoke: async () => undefined,
      subscribe: (channel, listener) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      },
    });
    const seen: unknown[] = [];
    const off = api.onProgress((e) => seen.push(e));
    listeners.get(PROGRESS_CHANNEL)!({ operationId: 'a', fraction: 0.5, message: 'm' });
    expect(seen).toEqual([{ operationId: 'a', fraction: 0.5, message: 'm' }]);
    off();
    expect(listeners.size).toBe(0);
  });
});
