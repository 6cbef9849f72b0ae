/**
 * Fingerprints an earlier version of the app kept in the browser's localStorage (`trudi.pinnedGateways`,
 * host:port → fingerprint). Pins are now kept by the engine only (its gateways.json); this module only reads
 * what is left from before, so a pin the user confirmed then is not asked again: the read-outs store offers
 * it to the engine once (HAN_PIN_REQUIRED: the engine has none), and the entry goes when the engine took
 * it or the user confirmed another fingerprint. Nothing is ever written here but that removal.
 *
 * Only the desktop app can have such entries (its app:// origin keeps localStorage); in web mode the origin
 * changes at every launch, so the storage is empty there.
 */
export const LEGACY_PINS_KEY = 'trudi.pinnedGateways';

export interface LegacyPins {
  /** The fingerprint confirmed in the browser for this address, if any. */
  get(target: { host: string; port: number }): string | undefined;
  /** Drops the address's entry (the engine has the pin now); the key goes with the last entry. */
  forget(target: { host: string; port: number }): void;
}

function read(storage: Storage | undefined): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(LEGACY_PINS_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

export function legacyPins(storage: Storage | undefined = globalThis.localStorage): LegacyPins {
  const left = read(storage);
  return {
    get: (target) => left[`${target.host}:${target.port}`],
    forget(target) {
      const key = `${target.host}:${target.port}`;
      if (!(key in left)) return;
      delete left[key];
      try {
        if (Object.keys(left).length === 0) storage?.removeItem(LEGACY_PINS_KEY);
        else storage?.setItem(LEGACY_PINS_KEY, JSON.stringify(left));
      } catch {
        // storage unavailable: the entry is offered again next launch, where the engine already has the pin
      }
    },
  };
}
