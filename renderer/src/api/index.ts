/**
 * The one place that decides where the TrudiApi comes from: the Electron preload (`window.trudi`) when
 * present, else the HTTP/WebSocket client of the local web mode. Components and stores use `useApi()`.
 */
import { inject } from 'vue';
import type { InjectionKey } from 'vue';
import { API_METHODS } from '../../../src/api/contract';
import type { ApiMethod, TrudiApi } from '../../../src/api/contract';
import { ApiError } from '../../../src/api/errors';
import { createHttpClient } from './http-client';
import { wrapPreloadApi } from './ipc-client';
import { takeToken } from './token';

declare global {
  interface Window {
    trudi?: TrudiApi;
  }
}

export const apiKey: InjectionKey<TrudiApi> = Symbol('TrudiApi');

/** An API whose every call fails with the same error (the web mode was opened without its token). */
function failingApi(error: ApiError): TrudiApi {
  const methods = Object.fromEntries(API_METHODS.map((method) => [method, () => Promise.reject(error)])) as unknown as Pick<
    TrudiApi,
    ApiMethod
  >;
  return { ...methods, onProgress: () => () => {} };
}

export function resolveApi(win: Window = window): TrudiApi {
  if (win.trudi) return wrapPreloadApi(win.trudi);
  const token = takeToken({ location: win.location, history: win.history, storage: win.sessionStorage });
  if (!token) {
    return failingApi(
      new ApiError(
        'NO_TOKEN',
        'This page was opened without its access token. Open the full address printed by "npx trudi serve" (it ends with #token=…).',
      ),
    );
  }
  return createHttpClient({ origin: win.location.origin, token });
}

export function useApi(): TrudiApi {
  const api = inject(apiKey);
  if (!api) throw new Error('TrudiApi was not provided (see renderer/src/main.ts).');
  return api;
}
