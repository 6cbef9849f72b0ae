/**
 * Fingerprints an earlier version of the app kept in the browser's localStorage (`trudi.pinnedGateways`,
 * host:port → fingerprint). Pins are now kept by the engine only (its gateways.json, or the profile); this
 * module only reads what is left from before, so a pin the user confirmed then is not asked again: a read,
 * a sync, a profile's read or sync and the connection test offer it to the engine once when the engine has
 * none (HAN_PIN_REQUIRED), and the entry goes when the engine took it or the user confirmed another
 * fingerprint. A gateway that presents another certificate than the kept one gets the engine's "certificate
 * changed" question. Nothing is ever written here but that removal.
 *
 * Only the desktop app can have such entries (its app:// origin keeps localStorage); in web mode the origin
 * changes at every launch, so the storage is empty there. The storage is read at every call, so that every
 * user of this module (the read-outs store, the connection view) sees a removal at once.
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
  return {
    get: (target) => read(storage)[`${target.host}:${target.port}`],
    forget(target) {
      const left = read(storage);
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
