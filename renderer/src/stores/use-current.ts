/** The current read-out and its details/consumption, fetched on first use by the views that need them. */
import { computed, watch } from 'vue';
import { useReadoutDataStore } from './readout-data';
import { useReadoutsStore } from './readouts';

export function useCurrentReadout(needs: { details?: boolean; consumption?: boolean }) {
  const readouts = useReadoutsStore();
  const data = useReadoutDataStore();
  const current = computed(() => readouts.current);

  watch(
    current,
    (summary) => {
      if (!summary) return;
      if (needs.details) void data.loadDetails(summary.readoutId);
      if (needs.consumption) void data.loadConsumption(summary.readoutId);
    },
    { immediate: true },
  );

  const details = computed(() => (current.value ? data.details.get(current.value.readoutId) : undefined));
  const consumption = computed(() => (current.value ? data.consumption.get(current.value.readoutId) : undefined));
  const usagePoint = computed(() => details.value?.value?.usagePoints[0] ?? null);

  function retry(): void {
    const summary = current.value;
    if (!summary) return;
    if (needs.details) void data.loadDetails(summary.readoutId, true);
    if (needs.consumption) void data.loadConsumption(summary.readoutId, true);
  }

  return { current, details, consumption, usagePoint, retry };
}
