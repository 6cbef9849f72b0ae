/**
 * TrudiApi: the one contract between the UI and the engine.
 *
 * Every method is async and takes and returns JSON-safe DTOs, so the same contract runs over Electron IPC
 * (preload), HTTP + WebSocket (local web mode) and in-process (tests, CLI). Long operations take an
 * `operationId` chosen by the caller; progress events carry it, and `cancel(operationId)` stops the work.
 * Grow the contract by adding a method here, to API_METHODS and to the engine; transports stay generic.
 */
import type { ConsumptionSeries, EngineInfo, ProgressEvent, ReadoutSummary, SeriesRequest } from './dto';

export interface TrudiApi {
  getEngineInfo(): Promise<EngineInfo>;
  /** Loads the built-in demo read-out (a generated household year with feed-in). */
  openDemo(options?: { operationId?: string }): Promise<ReadoutSummary>;
  getSeries(request: SeriesRequest): Promise<ConsumptionSeries>;
  cancel(operationId: string): Promise<void>;
  /** Subscribes to progress of long operations; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
}

/** The request/response methods, i.e. everything but event subscriptions. Transports iterate this list. */
export const API_METHODS = ['getEngineInfo', 'openDemo', 'getSeries', 'cancel'] as const satisfies readonly (keyof TrudiApi)[];
export type ApiMethod = (typeof API_METHODS)[number];

/** The event subscriptions of the contract. */
export const API_EVENTS = ['onProgress'] as const satisfies readonly (keyof TrudiApi)[];

/** Every key of `window.trudi`: exactly the contract. */
export const API_KEYS: readonly (keyof TrudiApi)[] = [...API_METHODS, ...API_EVENTS];

export type ApiRequestArgs<M extends ApiMethod> = Parameters<TrudiApi[M]>;
export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<TrudiApi[M]>>;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}
