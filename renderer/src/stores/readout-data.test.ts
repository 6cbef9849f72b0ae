import { createPinia } from 'pinia';
import { createApp, isReactive } from 'vue';
import { describe, expect, it } from 'vitest';
import type { TrudiApi } from '../../../src/api/contract';
import type { ReadoutDetails } from '../../../src/api/dto';
import { ApiError } from '../../../src/api/errors';
import { apiKey } from '../api';
import { useReadoutDataStore } from './readout-data';

function storeWith(api: Partial<TrudiApi>) {
  const app = createApp({});
  app.provide(apiKey, { onProgress: () => () => {}, ...api } as TrudiApi);
  app.use(createPinia());
  return app.runWithContext(() => useReadoutDataStore());
}

describe('read-out data store', () => {
  it('fetches the details of a read-out once, keeps them out of deep reactivity, and reloads on demand', async () => {
    const calls: string[] = [];
    const store = storeWith({
      getReadoutDetails: async (readoutId: string) => {
        calls.push(readoutId);
        return { documentKind: 'device', usagePoints: [], problems: [] } as unknown as ReadoutDetails;
      },
    });
    await Promise.all([store.loadDetails('file-1'), store.loadDetails('file-1')]);
    await store.loadDetails('file-1');
    expect(calls).toEqual(['file-1']);
    const entry = store.details.get('file-1')!;
    expect(entry).toMatchObject({ loading: false, error: null });
    expect(isReactive(entry.value)).toBe(false);
    await store.loadDetails('file-1', true);
    expect(calls).toEqual(['file-1', 'file-1']);
  });

  it('keeps the error of a failed call with its code; a retry replaces it', async () => {
    let fail = true;
    const store = storeWith({
      getConsumption: async () => {
        if (fail) throw new ApiError('UNKNOWN_READOUT', 'No read-out with id "x" is loaded.');
        return { day: [] } as never;
      },
    });
    await store.loadConsumption('x');
    expect(store.consumption.get('x')).toMatchObject({ value: null, loading: false, error: { code: 'UNKNOWN_READOUT' } });
    fail = false;
    await store.loadConsumption('x');
    expect(store.consumption.get('x')).toMatchObject({ value: { day: [] }, error: null });
  });
});
