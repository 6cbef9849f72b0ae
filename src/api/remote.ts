/**
 * Builds a TrudiApi whose methods forward to one `invoke(method, args)` function: every transport's client
 * side (preload, sidecar supervisor, web client) is this plus how it sends.
 */
import { API_METHODS, type TrudiApi } from './contract';
import type { ProgressEvent } from './dto';

export type Invoke = (method: string, args: unknown[]) => Promise<unknown>;
export type SubscribeProgress = (listener: (event: ProgressEvent) => void) => () => void;

export function buildRemoteApi(invoke: Invoke, onProgress: SubscribeProgress): TrudiApi {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) api[method] = (...args: unknown[]) => invoke(method, args);
  api.onProgress = onProgress;
  return Object.freeze(api) as unknown as TrudiApi;
}
