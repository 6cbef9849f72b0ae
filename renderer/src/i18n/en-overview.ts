/** English texts of the overview (merged into `en`). */
import type { deOverview } from './de-overview';

export const enOverview: typeof deOverview = {
  overview: {
    monthTitle: 'This month against last year',
    monthTitlePartial: 'This month so far against the same days last year',
    yearTitle: 'Last 12 months against the 12 before',
    importSuffix: 'consumption',
    exportSuffix: 'feed-in',
    more: '{percent} % more',
    less: '{percent} % less',
    noChange: 'No comparison: readings are missing for one of the periods.',
    noData: 'no readings in this period',
    perDay: 'Average per day (last 12 months)',
    perYear: 'kWh per year (last 12 months)',
    perDayBasis: 'over {days} days with register readings',
    sideBySide: 'Consumption, feed-in and net of the whole period',
    net: 'Net (consumption − feed-in)',
    exportFirst: 'Feed-in only: this read-out has no consumption.',
    latestTitle: 'Latest register readings',
    latestCaption: 'Latest register reading per quantity with capture time, status and signature check',
    obis: 'Quantity',
    reading: 'Register',
    captured: 'Captured',
    loading: 'Calculating the comparisons …',
    direction: { import: 'consumption', export: 'feed-in', other: 'other' },
  },
};
