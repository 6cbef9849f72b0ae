/**
 * A gateway read-out's current registers as the archive keeps them (readouts.current_registers, schema 4), so
 * that the registers view shows them after a restart or after the read-out was dropped from memory and loaded
 * again.
 *
 * Why kept and not rebuilt from the archived answers: the answers are kept byte for byte, but which of them
 * answered the current-register request, and how, is each vendor adapter's own protocol (EMH asks one
 * `extended` resource per meter, PPC and Theben take the newest of a 1-2-day value list); rebuilding would run
 * adapter parsers on archive load and quietly give other values when an adapter changes, and a sync keeps no
 * answers at all. What is kept here is what the gateway reported, normalised as the readings are (meter
 * reading lists; values, capture times, status as delivered), or the gateway's error; nothing is derived.
 */
import type { CurrentRegistersOutcome } from '../han/read-gateway';
import type { Ar2418Document, MeterReading } from '../model/types';

type StoredOutcome = { contractId: string; meterReadings: MeterReading[] } | { contractId: string; error: { code: string; de: string; en: string } };

interface Stored {
  format: 'current-registers/1';
  outcomes: StoredOutcome[];
}

export function encodeCurrentRegisters(outcomes: readonly CurrentRegistersOutcome[]): string {
  const stored: Stored = {
    format: 'current-registers/1',
    outcomes: outcomes.map((o) => ('error' in o ? { contractId: o.contractId, error: o.error } : { contractId: o.contractId, meterReadings: o.usagePoint.meterReadings })),
  };
  return JSON.stringify(stored);
}

/**
 * The outcomes again, each delivered one with the read-out's usage point of its contract carrying the kept
 * register lists (the section uses only those). Throws on text this version did not write.
 */
export function decodeCurrentRegisters(text: string, document: Ar2418Document): CurrentRegistersOutcome[] {
  const stored = JSON.parse(text) as Partial<Stored>;
  if (stored.format !== 'current-registers/1' || !Array.isArray(stored.outcomes)) throw new Error(`unknown current-register record (format ${JSON.stringify(stored.format)})`);
  return stored.outcomes.map((o): CurrentRegistersOutcome => {
    if (typeof o?.contractId !== 'string') throw new Error('current-register record without contract id');
    if ('error' in o) return { contractId: o.contractId, error: o.error };
    if (!Array.isArray(o.meterReadings)) throw new Error(`current-register record of contract ${o.contractId} without register lists`);
    const usagePoint = document.usagePoints.find((up) => up.tariffName === o.contractId);
    if (!usagePoint) throw new Error(`current-register record of contract ${o.contractId}, which the read-out does not hold`);
    return { contractId: o.contractId, usagePoint: { ...usagePoint, meterReadings: o.meterReadings } };
  });
}
