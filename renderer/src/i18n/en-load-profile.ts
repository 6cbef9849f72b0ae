/** English texts of the load-profile heat map (merged into `en`). */
import type { deLoadProfile } from './de-load-profile';

export const enLoadProfile: typeof deLoadProfile = {
  counts: {
    values: '{n} value | {n} values',
    gaps: '{n} gap | {n} gaps',
    badValues: '{n} value with an error status | {n} values with an error status',
    periods: '{n} period | {n} periods',
    entries: '{n} entry | {n} entries',
  },
  heatMap: {
    title: 'Load profile as a heat map (days × quarter hours)',
    direction: 'Quantity',
    loading: 'Loading the heat map …',
    empty: 'No interval values for a heat map in this contract.',
    keyboard: 'Heat map: arrow keys choose the quarter hour and the day, Page Up/Down jump a week, Home/End go to the start/end of the day.',
    legend: 'Scale: mean power per interval in kW',
    gap: 'Gap (no usable value)',
    bad: 'Error status (PTB ≥ 2)',
    none: 'no interval (clock change) or outside the range',
    axisTime: 'Time of day (legal time)',
    summary: '{days} from {first} to {last} × {columns}: {values}, {gaps}, {bad}.',
    summaryPeak: 'Power from {min} to {max} kW; highest value {peak}.',
    days: 'no day | {n} day | {n} days',
    columns: '{n} intervals | {n} interval | {n} intervals',
    values: 'no value | {n} value | {n} values',
    gaps: 'no gap | {n} gap | {n} gaps',
    badCount: 'none with an error status | {n} with an error status | {n} with an error status',
    cell: '{date}, {from}–{to}: {text}',
    cellValue: '{value} kW',
    cellBad: '{value} kW, status {status}',
    cellGap: 'gap, no usable value',
    cellNone: 'no interval',
    cellShared: '{text} (mean of {count} intervals: clock change)',
    selected: 'Selected: {cell}',
    hint: 'Each row is a day, each column an interval of the clock. Click, or use the arrow keys with the focus on the heat map, to read a value.',
  },
};
