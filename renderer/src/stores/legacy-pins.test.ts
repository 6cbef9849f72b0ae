import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../testing/memory-storage';
import { LEGACY_PINS_KEY, legacyPins } from './legacy-pins';

const A = { host: '10.0.0.1', port: 443 };
const B = { host: 'smgw.local', port: 443 };

describe('legacy browser pins', () => {
  it('reads the storage at every call: what one user removed is gone for the other (the store and the connection view)', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    storage.setItem(LEGACY_PINS_KEY, JSON.stringify({ '10.0.0.1:443': 'sha256:AA', 'smgw.local:443': 'sha256:BB' }));
    const store = legacyPins(storage);
    const view = legacyPins(storage);
    expect(view.get(A)).toBe('sha256:AA');
    store.forget(A);
    expect(view.get(A)).toBeUndefined();
    expect(view.get(B)).toBe('sha256:BB');
    view.forget(B);
    expect(store.get(B)).toBeUndefined();
    expect(storage.getItem(LEGACY_PINS_KEY)).toBeNull();
  });

  it('ignores what is not a map of fingerprints', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    storage.setItem(LEGACY_PINS_KEY, '{"10.0.0.1:443": 7, "smgw.local:443": "sha256:BB"}');
    expect(legacyPins(storage).get(A)).toBeUndefined();
    expect(legacyPins(storage).get(B)).toBe('sha256:BB');
    storage.setItem(LEGACY_PINS_KEY, 'not json');
    expect(legacyPins(storage).get(B)).toBeUndefined();
  });
});
