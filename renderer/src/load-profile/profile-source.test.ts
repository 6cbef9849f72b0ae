import { describe, expect, it } from 'vitest';
import type { LoadProfileColumns, LoadProfileRequest, ReadoutSummary } from '../../../src/api/dto';
import { columnsRequest, directionChannel, fetchColumns, profileDirections, profileScope, profileWindow } from './profile-source';

const channel = (channelId: string, direction: 'import' | 'export', readings = 10) => ({ channelId, obis: 'x', direction, unit: 'Wh', readings, period: 900 });

const summary: ReadoutSummary = {
  readoutId: 'r1',
  source: 'file',
  demo: false,
  gatewayId: 'g',
  usagePointId: 'A',
  channels: [channel('a-imp', 'import')],
  first: '2024-01-01T00:00:00+01:00',
  last: '2026-01-01T00:00:00+01:00',
  problems: { errors: 0, warnings: 0 },
  contracts: [
    { usagePointId: 'A', tariffName: 't', channels: [channel('a-imp', 'import')], first: '2024-01-01T00:00:00+01:00', last: '2026-01-01T00:00:00+01:00' },
    { usagePointId: 'B', tariffName: 't', channels: [channel('b-imp', 'import', 0), channel('b-exp', 'export')], first: '2017-06-26T11:30:00+02:00', last: '2017-06-26T15:15:00+02:00' },
  ],
};

describe('profile source', () => {
  it('every contract is reachable: the chosen one gives channels, span and the usagePointId of every request', () => {
    const b = profileScope(summary, 'B');
    expect(b.usagePointId).toBe('B');
    expect(directionChannel(b, 'import')).toBeNull();
    expect(directionChannel(b, 'export')?.channelId).toBe('b-exp');
    expect(profileDirections(b)).toEqual(['export']);
    expect(profileDirections({ ...b, channels: [channel('i', 'import'), channel('e', 'export')] })).toEqual(['import', 'export', 'net']);
    expect(profileScope(summary).usagePointId).toBe('A');
    const request = columnsRequest(b, 'b-exp', profileWindow(b, 24)!);
    expect(request).toEqual({ readoutId: 'r1', channelId: 'b-exp', usagePointId: 'B', from: '2017-06-26T00:00:00+02:00', to: '2017-06-27T00:00:00+02:00' });
  });

  it('the window: the last N months up to the day of the last reading (midnight ends the day before), not before the first', () => {
    const a = profileScope(summary, 'A');
    expect(profileWindow(a, 24)).toEqual({ startDate: '2024-01-01', endDate: '2026-01-01' });
    expect(profileWindow(a, 12)).toEqual({ startDate: '2025-01-01', endDate: '2026-01-01' });
    expect(profileWindow(a, 0.25)).toEqual({ startDate: '2025-12-25', endDate: '2026-01-01' });
    // One day of readings: one whole day, not an empty range.
    expect(profileWindow(profileScope(summary, 'B'), 24)).toEqual({ startDate: '2017-06-26', endDate: '2017-06-27' });
    expect(profileWindow({ ...a, first: '', last: '' }, 24)).toBeNull();
  });

  it('one fetch per request for both views; a failed one is asked again', async () => {
    const calls: LoadProfileRequest[] = [];
    let fail = true;
    const api = {
      getLoadProfileColumns: (r: LoadProfileRequest) => {
        calls.push(r);
        return fail ? Promise.reject(new Error('down')) : Promise.resolve({ channelId: r.channelId } as LoadProfileColumns);
      },
    };
    const request = { readoutId: 'r9', channelId: 'c', from: 'x', to: 'y' };
    await expect(fetchColumns(api, request)).rejects.toThrow('down');
    fail = false;
    await Promise.resolve();
    const [one, two] = await Promise.all([fetchColumns(api, request), fetchColumns(api, { ...request })]);
    expect(one).toBe(two);
    expect(calls).toHaveLength(2);
    await fetchColumns(api, { ...request, usagePointId: 'B' });
    expect(calls).toHaveLength(3);
  });
});
