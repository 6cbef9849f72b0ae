/**
 * Fingerprints the user confirmed (trust on first use), per gateway address, kept in localStorage so the
 * next read-out of the same gateway is pinned without asking again. A changed certificate then fails in
 * the engine instead of silently being trusted.
 */
const STORAGE_KEY = 'trudi.pinnedGateways';

export interface PinStore {
  get(host: string, port: number): string | undefined;
  set(host: string, port: number, fingerprint: string): void;
}

function read(storage: Storage | undefined): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function createPinStore(storage: Storage | undefined = globalThis.localStorage): PinStore {
  const memory = read(storage);
  return {
    get: (host, port) => memory[`${host}:${port}`],
    set(host, port, fingerprint) {
      memory[`${host}:${port}`] = fingerprint;
      try {
        storage?.setItem(STORAGE_KEY, JSON.stringify(memory));
      } catch {
        // storage unavailable: the pin lasts for this session
      }
    },
  };
}
