/**
 * What the views of the current read-out share: its details (ids, channels, log, certificates, problems)
 * and its consumption report, fetched once per read-out and kept outside Vue's deep reactivity.
 */
import { defineStore } from 'pinia';
import { markRaw, shallowRef, triggerRef } from 'vue';
import type { ApiErrorPayload, ConsumptionReport, ReadoutDetails, VerificationResult } from '../../../src/api/dto';
import { toErrorPayload } from '../../../src/api/errors';
import { useApi } from '../api';

export interface Loadable<T> {
  value: T | null;
  loading: boolean;
  error: ApiErrorPayload | null;
}

export const useReadoutDataStore = defineStore('readoutData', () => {
  const api = useApi();
  const details = shallowRef(new Map<string, Loadable<ReadoutDetails>>());
  const consumption = shallowRef(new Map<string, Loadable<ConsumptionReport>>());
  /** The last verification per read-out (the certificates view and the load profile's verdicts use it). */
  const verification = shallowRef(new Map<string, VerificationResult>());
  /** The contract (usage point id) chosen per read-out; absent: the engine's default (first with readings). */
  const contract = shallowRef(new Map<string, string>());

  async function load<T extends object>(cache: typeof details | typeof consumption, readoutId: string, fetch: () => Promise<T>, force = false): Promise<void> {
    const map = cache.value as Map<string, Loadable<T>>;
    const entry = map.get(readoutId);
    if (entry && !force && (entry.loading || entry.value)) return;
    map.set(readoutId, { value: entry?.value ?? null, loading: true, error: null });
    triggerRef(cache);
    try {
      const value = markRaw(await fetch()) as T;
      map.set(readoutId, { value, loading: false, error: null });
    } catch (cause) {
      map.set(readoutId, { value: null, loading: false, error: toErrorPayload(cause) });
    }
    triggerRef(cache);
  }

  function loadDetails(readoutId: string, force = false): Promise<void> {
    return load(details, readoutId, () => api.getReadoutDetails(readoutId), force);
  }

  /** Cache key of a contract's consumption report. */
  function consumptionKey(readoutId: string, usagePointId?: string): string {
    return usagePointId ? `${readoutId}|${usagePointId}` : readoutId;
  }

  function loadConsumption(readoutId: string, force = false, usagePointId?: string): Promise<void> {
    const request = usagePointId ? { readoutId, usagePointId } : { readoutId };
    return load(consumption, consumptionKey(readoutId, usagePointId), () => api.getConsumption(request), force);
  }

  function selectContract(readoutId: string, usagePointId: string): void {
    contract.value.set(readoutId, usagePointId);
    triggerRef(contract);
  }

  function setVerification(readoutId: string, result: VerificationResult): void {
    verification.value.set(readoutId, markRaw(result));
    triggerRef(verification);
  }

  return { details, consumption, verification, contract, consumptionKey, loadDetails, loadConsumption, selectContract, setVerification };
});
