import { isProxy, reactive } from 'vue';
import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../../src/api/contract';
import type { TrudiApi } from '../../../src/api/contract';
import { ApiError, toErrorPayload } from '../../../src/api/errors';
import { IPC_ERROR_PREFIX, encodeIpcError } from '../../../src/api/ipc-error';
import { toApiError, wrapPreloadApi } from './ipc-client';

describe('IPC client over the preload', () => {
  it('maps the preload error format back to ApiError, also behind Electron\'s prefix', () => {
    const payload = JSON.stringify({ code: 'NOT_FOUND', message: 'No read-out "x".' });
    const electronStyle = new Error(`Error invoking remote method 'trudi:call': Error: TRUDI_API_ERROR:${payload}`);
    expect(toApiError(electronStyle)).toMatchObject({ code: 'NOT_FOUND', message: 'No read-out "x".' });
    expect(toApiError(new Error(`TRUDI_API_ERROR:${payload}`))).toBeInstanceOf(ApiError);
    expect(toApiError(new Error('TRUDI_API_ERROR:{broken'))).toMatchObject({ code: 'INTERNAL' });
    expect(toApiError('plain')).toMatchObject({ code: 'INTERNAL', message: 'plain' });
    const original = new ApiError('CANCELLED', 'stop');
    expect(toApiError(original)).toBe(original);
  });

  it('keeps every field of the engine payload: localized texts, details and fields added later', async () => {
    const payload = {
      code: 'HAN_PIN_REQUIRED',
      message: 'Zertifikat bestätigen\nConfirm the certificate',
      de: 'Zertifikat bestätigen',
      en: 'Confirm the certificate',
      details: { fingerprint: 'sha256:AB:CD', expected: 'sha256:00', port: 4443, demo: true },
      correlationId: 'c0ffee-42',
      cause: 'ECONNREFUSED',
      someFutureField: { nested: [1, 2] },
    };
    const rejection = new Error(`Error invoking remote method 'trudi:call': Error: ${encodeIpcError(payload)}`);
    const api = wrapPreloadApi({ readGateway: () => Promise.reject(rejection) } as unknown as TrudiApi);
    const error = await api.readGateway({ host: '127.0.0.1', port: 1 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const { message, ...fields } = payload;
    expect({ ...(error as object) }).toEqual({ name: 'ApiError', ...fields });
    expect((error as ApiError).message).toBe(message);
    expect(toErrorPayload(error)).toMatchObject({ code: payload.code, de: payload.de, en: payload.en, details: payload.details });
  });

  it('does not let a payload overwrite the Error\'s own name or stack', () => {
    const error = toApiError(new Error(encodeIpcError({ code: 'X', message: 'm', name: 'Evil', stack: 'fake' } as never)));
    expect(error.name).toBe('ApiError');
    expect(error.stack).not.toBe('fake');
    expect(toApiError(new Error(`${IPC_ERROR_PREFIX}[1,2]`))).toMatchObject({ code: 'INTERNAL' });
    expect(toApiError(new Error(`${IPC_ERROR_PREFIX}{"code":1,"message":"m"}`))).toMatchObject({ code: 'INTERNAL' });
  });

  it('passes every contract method and the progress subscription through', async () => {
    const calls: [string, unknown[]][] = [];
    const preload = Object.fromEntries(
      API_METHODS.map((method) => [method, async (...args: unknown[]) => (calls.push([method, args]), `${method}-ok`)]),
    ) as unknown as TrudiApi;
    let subscribed = 0;
    preload.onProgress = () => (subscribed++, () => {});
    const api = wrapPreloadApi(preload);
    for (const method of API_METHODS) {
      await expect((api[method] as (...a: unknown[]) => Promise<unknown>)('arg')).resolves.toBe(`${method}-ok`);
    }
    expect(calls.map(([method]) => method)).toEqual([...API_METHODS]);
    expect(calls.every(([, args]) => args[0] === 'arg')).toBe(true);
    api.onProgress(() => {});
    expect(subscribed).toBe(1);
  });

  it('hands plain JSON data to the preload, also for reactive arguments', async () => {
    let received: unknown;
    const preload = { getSeries: async (request: unknown) => ((received = request), null) };
    const api = wrapPreloadApi(preload as unknown as TrudiApi);
    const request = reactive({ readoutId: 'r', resolution: 'day' as const, from: undefined });
    await api.getSeries(request);
    expect(isProxy(received)).toBe(false);
    expect(received).toEqual({ readoutId: 'r', resolution: 'day' });
    expect(Object.keys(received as object)).toEqual(['readoutId', 'resolution']);
  });

  it('rejects with ApiError when the preload rejects', async () => {
    const preload = { getEngineInfo: () => Promise.reject(new Error('TRUDI_API_ERROR:{"code":"ENGINE_DOWN","message":"restarting"}')) };
    const api = wrapPreloadApi(preload as unknown as TrudiApi);
    await expect(api.getEngineInfo()).rejects.toMatchObject({ name: 'ApiError', code: 'ENGINE_DOWN' });
  });
});
