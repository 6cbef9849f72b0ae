/** The current read-out, its chosen contract and its details/consumption, fetched on first use by the views that need them. */
import { computed, watch } from 'vue';
import { useReadoutDataStore } from './readout-data';
import { useReadoutsStore } from './readouts';

export function useCurrentReadout(needs: { details?: boolean; consumption?: boolean }) {
  const readouts = useReadoutsStore();
  const data = useReadoutDataStore();
  const current = computed(() => readouts.current);
  /** The contract chosen in the contract picker; undefined: the engine's default. */
  const contractId = computed(() => (current.value ? data.contract.get(current.value.readoutId) : undefined));

  watch(
    [current, contractId],
    ([summary, usagePointId]) => {
      if (!summary) return;
      if (needs.details) void data.loadDetails(summary.readoutId);
      if (needs.consumption) void data.loadConsumption(summary.readoutId, false, usagePointId);
    },
    { immediate: true },
  );

  const details = computed(() => (current.value ? data.details.get(current.value.readoutId) : undefined));
  const consumption = computed(() => (current.value ? data.consumption.get(data.consumptionKey(current.value.readoutId, contractId.value)) : undefined));
  const usagePoint = computed(() => {
    const ups = details.value?.value?.usagePoints ?? [];
    const chosen = contractId.value ?? current.value?.usagePointId;
    return ups.find((u) => u.usagePointId === chosen) ?? ups[0] ?? null;
  });

  function retry(): void {
    const summary = current.value;
    if (!summary) return;
    if (needs.details) void data.loadDetails(summary.readoutId, true);
    if (needs.consumption) void data.loadConsumption(summary.readoutId, true, contractId.value);
  }

  return { current, details, consumption, usagePoint, retry };
}
