import { createPinia } from 'pinia';
import { createApp, isReactive } from 'vue';
import { describe, expect, it } from 'vitest';
import type { TrudiApi } from '../../../src/api/contract';
import type { ConsumptionSeries, ProgressEvent, ReadoutSummary, SeriesRequest } from '../../../src/api/dto';
import { ApiError } from '../../../src/api/errors';
import { apiKey } from '../api';
import { useDashboardStore } from './dashboard';

const SUMMARY: ReadoutSummary = {
  readoutId: 'demo-1',
  source: 'demo',
  demo: true,
  gatewayId: 'EDEM0100000001',
  usagePointId: 'DE01',
  channels: [],
  first: '2025-01-01T00:00:00+01:00',
  last: '2026-01-01T00:00:00+01:00',
  problems: { errors: 0, warnings: 0 },
} as ReadoutSummary;

function seriesFor(request: SeriesRequest, value: number): ConsumptionSeries {
  return {
    readoutId: request.readoutId,
    resolution: request.resolution,
    unit: 'kWh',
    points: [{ start: '2025-01-01T00:00:00+01:00', import: value, export: 0 }],
    totals: totalsOf(value),
  };
}

function totalsOf(value: number): ConsumptionSeries['totals'] {
  return {
    import: value,
    export: 0,
    net: value,
    from: '2025-01-01T00:00:00+01:00',
    to: '2026-01-01T00:00:00+01:00',
    coverage: 1,
    unit: 'kWh',
    window: { from: '2025-01-01T00:00:00+01:00', to: '2026-01-01T00:00:00+01:00' },
    directions: {},
  };
}

/** A fake engine whose calls the test resolves by hand. */
function fakeApi() {
  const pending: { method: string; args: unknown[]; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const progress = new Set<(event: ProgressEvent) => void>();
  const cancelled: string[] = [];
  const call = (method: string) => (...args: unknown[]) =>
    new Promise((resolve, reject) => pending.push({ method, args, resolve, reject }));
  const api = {
    getEngineInfo: call('getEngineInfo'),
    openDemo: call('openDemo'),
    getSeries: call('getSeries'),
    cancel: async (id: string) => void cancelled.push(id),
    onProgress: (listener: (event: ProgressEvent) => void) => (progress.add(listener), () => progress.delete(listener)),
  } as unknown as TrudiApi;
  const next = async (method: string) => {
    await new Promise((r) => setTimeout(r, 0));
    const index = pending.findIndex((p) => p.method === method);
    if (index < 0) throw new Error(`no pending ${method} call (pending: ${pending.map((p) => p.method).join(', ')})`);
    return pending.splice(index, 1)[0]!;
  };
  return { api, next, pending, cancelled, emit: (e: ProgressEvent) => progress.forEach((l) => l(e)) };
}

function storeWith(api: TrudiApi) {
  const app = createApp({});
  app.provide(apiKey, api);
  app.use(createPinia());
  return app.runWithContext(() => useDashboardStore());
}

describe('dashboard store', () => {
  it('opens the demo, then loads the series of the chosen resolution, tracking progress', async () => {
    const engine = fakeApi();
    const store = storeWith(engine.api);
    const opening = store.openDemo();
    expect(store.phase).toBe('openDemo');
    const open = await engine.next('openDemo');
    const { operationId } = open.args[0] as { operationId: string };
    engine.emit({ operationId, fraction: 0.25, message: '' });
    engine.emit({ operationId: 'someone-else', fraction: 0.9, message: '' });
    expect(store.progress).toBe(0.25);
    open.resolve(SUMMARY);
    const get = await engine.next('getSeries');
    expect(store.phase).toBe('series');
    expect(get.args[0]).toMatchObject({ readoutId: 'demo-1', resolution: 'day' });
    get.resolve(seriesFor(get.args[0] as SeriesRequest, 7));
    await opening;
    expect(store.phase).toBe('idle');
    expect(store.summary?.gatewayId).toBe('EDEM0100000001');
    expect(store.series?.totals.import).toBe(7);
    expect(store.totals).toEqual(totalsOf(7));
    // Series stay out of deep reactivity.
    expect(isReactive(store.series)).toBe(false);
    expect(isReactive(store.series?.points)).toBe(false);
  });

  it('drops the answer of a superseded request when the resolution changes quickly', async () => {
    const engine = fakeApi();
    const store = storeWith(engine.api);
    const opening = store.openDemo();
    (await engine.next('openDemo')).resolve(SUMMARY);
    (await engine.next('getSeries')).resolve(seriesFor({ readoutId: 'demo-1', resolution: 'day' }, 1));
    await opening;

    const toWeek = store.setResolution('week');
    const weekCall = await engine.next('getSeries');
    const toMonth = store.setResolution('month');
    const monthCall = await engine.next('getSeries');
    monthCall.resolve(seriesFor(monthCall.args[0] as SeriesRequest, 30));
    weekCall.resolve(seriesFor(weekCall.args[0] as SeriesRequest, 7));
    await Promise.all([toWeek, toMonth]);
    expect(store.resolution).toBe('month');
    expect(store.series?.resolution).toBe('month');
    expect(store.series?.totals.import).toBe(30);
    expect(store.loading).toBe(false);
    // The totals stay those of the whole read-out (day series), whatever the chart shows.
    expect(store.totals).toEqual(totalsOf(1));
    // The engine was asked to stop the superseded request.
    expect(engine.cancelled).toEqual([(weekCall.args[0] as SeriesRequest).operationId]);
  });

  it('takes the totals from the day series when the chart starts at another resolution', async () => {
    const engine = fakeApi();
    const store = storeWith(engine.api);
    store.resolution = 'month';
    const opening = store.openDemo();
    (await engine.next('openDemo')).resolve(SUMMARY);
    await new Promise((r) => setTimeout(r, 0));
    const requested = engine.pending.map((p) => (p.args[0] as SeriesRequest).resolution).sort();
    expect(requested).toEqual(['day', 'month']);
    for (const call of engine.pending.splice(0)) {
      const request = call.args[0] as SeriesRequest;
      call.resolve(seriesFor(request, request.resolution === 'day' ? 365 : 31));
    }
    await opening;
    expect(store.series?.resolution).toBe('month');
    expect(store.totals?.import).toBe(365);
  });

  it('keeps the error code and message, and retry opens the demo again', async () => {
    const engine = fakeApi();
    const store = storeWith(engine.api);
    const opening = store.openDemo();
    (await engine.next('openDemo')).reject(new ApiError('DEMO_FAILED', 'Could not generate the demo.'));
    await opening;
    expect(store.error).toEqual({ code: 'DEMO_FAILED', message: 'Could not generate the demo.' });
    expect(store.loading).toBe(false);

    const retrying = store.retry();
    expect(store.error).toBeNull();
    (await engine.next('openDemo')).resolve(SUMMARY);
    (await engine.next('getSeries')).reject(new Error('boom'));
    await retrying;
    expect(store.error).toEqual({ code: 'INTERNAL', message: 'boom' });
  });

  it('cancels the running operation by its id and stops waiting at once', async () => {
    const engine = fakeApi();
    const store = storeWith(engine.api);
    const opening = store.openDemo();
    const open = await engine.next('openDemo');
    await store.cancel();
    expect(engine.cancelled).toEqual([(open.args[0] as { operationId: string }).operationId]);
    expect(store.loading).toBe(false);
    expect(store.error?.code).toBe('CANCELLED');
    // The engine's late answer (whatever it is) changes nothing.
    open.resolve(SUMMARY);
    await opening;
    expect(store.summary).toBeNull();
    expect(store.error?.code).toBe('CANCELLED');
  });

  it('a cancelled resolution change keeps the chart and its resolution', async () => {
    const engine = fakeApi();
    const store = storeWith(engine.api);
    const opening = store.openDemo();
    (await engine.next('openDemo')).resolve(SUMMARY);
    (await engine.next('getSeries')).resolve(seriesFor({ readoutId: 'demo-1', resolution: 'day' }, 5));
    await opening;
    const switching = store.setResolution('year');
    const yearCall = await engine.next('getSeries');
    await store.cancel();
    expect(store.resolution).toBe('day');
    expect(store.loading).toBe(false);
    expect(store.error).toBeNull();
    yearCall.resolve(seriesFor(yearCall.args[0] as SeriesRequest, 99));
    await switching;
    expect(store.series?.resolution).toBe('day');
    expect(engine.cancelled).toHaveLength(1);
  });
});
