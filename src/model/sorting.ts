/**
 * The order the rest of the program relies on: blocks by start, readings by target time (else capture
 * time), log entries by record number (else timestamp). Already sorted lists (the normal case) are only
 * checked, not copied.
 */
import type { Ar2418Document, IntervalBlock, IntervalReading, LogEntry } from './types';

/** Time a reading is ordered by: its written target time, else its capture time. */
export function readingSortTime(r: IntervalReading): number {
  return r.targetTime ?? r.captureTime;
}

/**
 * Sorts the document in place. `onReadingsReordered(block, order)` is told the old index of each
 * reading's new position when a block's readings had to be reordered.
 */
export function sortDocument(doc: Ar2418Document, onReadingsReordered?: (block: IntervalBlock, order: number[]) => void): void {
  for (const up of doc.usagePoints) {
    sortLogEntries(up.logEntries);
    for (const mr of up.meterReadings) {
      if (!isSortedBy(mr.intervalBlocks, (b) => b.start)) mr.intervalBlocks.sort((a, b) => a.start - b.start);
      for (const block of mr.intervalBlocks) {
        const order = sortReadings(block.readings);
        if (order && onReadingsReordered) onReadingsReordered(block, order);
      }
    }
  }
}

/** Sorts readings in place; returns the permutation (old indexes) when anything moved. */
export function sortReadings(readings: IntervalReading[]): number[] | undefined {
  if (isSortedBy(readings, readingSortTime)) return undefined;
  const order = readings.map((_, i) => i);
  order.sort((a, b) => readingSortTime(readings[a] as IntervalReading) - readingSortTime(readings[b] as IntervalReading));
  const copy = readings.slice();
  for (let i = 0; i < order.length; i++) readings[i] = copy[order[i] as number] as IntervalReading;
  return order;
}

export function sortLogEntries(entries: LogEntry[]): void {
  if (entries.every((e) => e.recordNumber !== undefined)) {
    if (!isSortedBy(entries, (e) => e.recordNumber ?? 0)) entries.sort((a, b) => (a.recordNumber ?? 0) - (b.recordNumber ?? 0));
  } else if (entries.every((e) => e.timestamp !== undefined)) {
    if (!isSortedBy(entries, (e) => e.timestamp ?? 0)) entries.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  }
}

function isSortedBy<T>(items: readonly T[], key: (item: T) => number): boolean {
  for (let i = 1; i < items.length; i++) {
    if (key(items[i - 1] as T) > key(items[i] as T)) return false;
  }
  return true;
}
