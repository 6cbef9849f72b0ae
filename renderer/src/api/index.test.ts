import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_KEYS } from '../../../src/api/contract';
import type { TrudiApi } from '../../../src/api/contract';
import { resolveApi } from './index';

function fakeWindow(options: { trudi?: TrudiApi; hash?: string; stored?: string; origin?: string }): Window {
  const storage = new Map<string, string>(options.stored ? [['trudi.token', options.stored]] : []);
  return {
    trudi: options.trudi,
    location: { hash: options.hash ?? '', pathname: '/', search: '', origin: options.origin ?? 'http://127.0.0.1:4321' },
    history: { state: null, replaceState: () => {} },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
  } as unknown as Window;
}

describe('API injection (the one place)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses the preload when window.trudi exists', async () => {
    const preload = { getEngineInfo: async () => ({ transport: 'ipc' }), onProgress: () => () => {} } as unknown as TrudiApi;
    const api = resolveApi(fakeWindow({ trudi: preload }));
    await expect(api.getEngineInfo()).resolves.toEqual({ transport: 'ipc' });
  });

  it('without a token every call fails with NO_TOKEN, and the shape is still the whole contract', async () => {
    const api = resolveApi(fakeWindow({}));
    expect(Object.keys(api).sort()).toEqual([...API_KEYS].sort());
    await expect(api.openDemo()).rejects.toMatchObject({ code: 'NO_TOKEN' });
    await expect(api.getEngineInfo()).rejects.toMatchObject({ code: 'NO_TOKEN' });
  });

  it('with a token it calls the engine over HTTP at the page origin with that token', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      seen.push({ url, authorization: new Headers(init.headers).get('Authorization') });
      return new Response('{"result":{"transport":"http"}}', { status: 200 });
    });
    const api = resolveApi(fakeWindow({ hash: '#token=abc', origin: 'http://127.0.0.1:5555' }));
    await expect(api.getEngineInfo()).resolves.toEqual({ transport: 'http' });
    expect(seen).toEqual([{ url: 'http://127.0.0.1:5555/api/call/getEngineInfo', authorization: 'Bearer abc' }]);
  });
});
