/**
 * Consumption over the period: a stacked bar chart (per tariff register with a supplier file, else import
 * and feed-in) by day, or by month for long periods, and the table of daily values.
 */
import { isErrorRegister } from '../../model/obis';
import type { DailyEnergy } from '../report-facts';
import type { BarChartBlock, Block, ChartSeries, TableColumn, TableRow } from './blocks';
import { registerLabel, type SectionContext } from './context';

/** Up to this many days the chart shows days, beyond it months. */
const DAILY_CHART_LIMIT = 62;
/** Register columns per table; more registers make several tables. */
const COLUMNS_PER_TABLE = 6;

const IMPORT_COLORS: [number, number, number][] = [
  [0.16, 0.42, 0.7],
  [0.45, 0.68, 0.88],
  [0.1, 0.55, 0.45],
  [0.55, 0.78, 0.6],
  [0.42, 0.3, 0.62],
  [0.7, 0.6, 0.85],
];
const EXPORT_COLORS: [number, number, number][] = [
  [0.9, 0.6, 0.1],
  [0.95, 0.8, 0.45],
  [0.75, 0.45, 0.1],
];
const ERROR_COLOR: [number, number, number] = [0.8, 0.15, 0.15];

export function dailyBlocks(ctx: SectionContext): Block[] {
  const { t, facts } = ctx;
  const daily = facts.daily;
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: t('Verbrauch im Zeitraum', 'Consumption in the range') }];
  if (daily.days.length === 0 || daily.series.length === 0) {
    blocks.push({ kind: 'paragraph', text: t('Keine Tageswerte im Zeitraum.', 'No daily values in the range.') });
    return blocks;
  }
  blocks.push(chart(ctx, daily));
  blocks.push(...dayTables(ctx, daily));
  return blocks;
}

function seriesLabel(ctx: SectionContext, s: DailyEnergy['series'][number]): string {
  if (s.tariffNumber === null) return `${s.direction === 'export' ? ctx.t('Einspeisung', 'Feed-in') : ctx.t('Bezug', 'Import')} (${s.obis})`;
  return registerLabel(ctx, { obis: s.obis, tariffNumber: s.tariffNumber, direction: s.direction });
}

function colorsFor(daily: DailyEnergy): Map<string, [number, number, number]> {
  const colors = new Map<string, [number, number, number]>();
  let i = 0;
  let e = 0;
  for (const s of daily.series) {
    if (isErrorRegister(s.obis)) colors.set(s.key, ERROR_COLOR);
    else if (s.direction === 'export') colors.set(s.key, EXPORT_COLORS[e++ % EXPORT_COLORS.length]!);
    else colors.set(s.key, IMPORT_COLORS[i++ % IMPORT_COLORS.length]!);
  }
  return colors;
}

function chart(ctx: SectionContext, daily: DailyEnergy): BarChartBlock {
  const { t } = ctx;
  const byMonth = daily.days.length > DAILY_CHART_LIMIT;
  let categories: string[];
  let values = daily.series.map((s) => s.values);
  if (byMonth) {
    const months = [...new Set(daily.days.map((d) => d.slice(0, 7)))];
    const index = new Map(months.map((m, i) => [m, i]));
    values = daily.series.map((s) => {
      const sums: (number | null)[] = months.map(() => 0);
      s.values.forEach((v, di) => {
        const mi = index.get(daily.days[di]!.slice(0, 7))!;
        sums[mi] = v === null || sums[mi] === null ? null : sums[mi]! + v;
      });
      return sums;
    });
    categories = months.map((m) => (ctx.lang === 'de' ? `${m.slice(5, 7)}.${m.slice(0, 4)}` : m));
  } else {
    categories = daily.days.map((d) => (ctx.lang === 'de' ? `${d.slice(8, 10)}.${d.slice(5, 7)}.` : d.slice(5)));
  }
  const colors = colorsFor(daily);
  const series: ChartSeries[] = [];
  const negativeSeries: ChartSeries[] = [];
  daily.series.forEach((s, i) => {
    const entry = { label: seriesLabel(ctx, s), color: colors.get(s.key)!, values: values[i]! };
    if (s.direction === 'export') negativeSeries.push(entry);
    else series.push(entry);
  });
  const missing = values.some((list) => list.some((v) => v === null));
  const hasExport = negativeSeries.some((s) => s.values.some((v) => (v ?? 0) !== 0));
  const note = [
    hasExport ? t('Einspeisung nach unten.', 'Feed-in downwards.') : '',
    missing ? t('Ohne Balken: Tag/Monat unvollständig (ein Zählerstand an der Grenze fehlt oder ist unbrauchbar).', 'No bar: day/month incomplete (a boundary reading is missing or unusable).') : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    kind: 'bar-chart',
    title: byMonth ? t(`Energie je Monat (${daily.unit})`, `Energy per month (${daily.unit})`) : t(`Energie je Tag (${daily.unit})`, `Energy per day (${daily.unit})`),
    unit: daily.unit,
    categories,
    series,
    ...(hasExport ? { negativeSeries } : {}),
    ...(note ? { note } : {}),
  };
}

function dayTables(ctx: SectionContext, daily: DailyEnergy): Block[] {
  const { t, f } = ctx;
  const blocks: Block[] = [];
  const shown = daily.decimals;
  const groups: DailyEnergy['series'][] = [];
  for (let i = 0; i < daily.series.length; i += COLUMNS_PER_TABLE) groups.push(daily.series.slice(i, i + COLUMNS_PER_TABLE));
  groups.forEach((group, gi) => {
    const columns: TableColumn[] = [{ header: t('Tag', 'Day'), width: 1.1 }, ...group.map((s) => ({ header: seriesLabel(ctx, s), width: 1.2, align: 'right' as const }))];
    const withSum = group.length > 1 && group.every((s) => s.direction === group[0]!.direction);
    if (withSum) columns.push({ header: t('Summe', 'Total'), width: 1.1, align: 'right' });
    const rows: TableRow[] = daily.days.map((day, di) => {
      const values = group.map((s) => s.values[di] ?? null);
      const cells = [f.dayKey(day), ...values.map((v) => (v === null ? '—' : f.number(v, shown)))];
      if (withSum) cells.push(values.some((v) => v === null) ? '—' : f.number(values.reduce<number>((a, b) => a + b!, 0), shown));
      const errorIndex = group.findIndex((s) => isErrorRegister(s.obis));
      const tone = errorIndex >= 0 && (values[errorIndex] ?? 0) !== 0 ? ('warning' as const) : values.some((v) => v === null) ? ('warning' as const) : undefined;
      return tone ? { cells, tone } : { cells };
    });
    const totals = group.map((s) => (s.values.some((v) => v === null) ? null : s.values.reduce<number>((a, b) => a + b!, 0)));
    const footerCells = [t('Summe', 'Total'), ...totals.map((v) => (v === null ? '—' : f.number(v, shown)))];
    if (withSum) footerCells.push(totals.some((v) => v === null) ? '—' : f.number(totals.reduce<number>((a, b) => a + b!, 0), shown));
    blocks.push({
      kind: 'table',
      id: `daily-${gi + 1}`,
      title: t(`Tageswerte (${daily.unit})${groups.length > 1 ? ` ${gi + 1}/${groups.length}` : ''}`, `Daily values (${daily.unit})${groups.length > 1 ? ` ${gi + 1}/${groups.length}` : ''}`),
      columns,
      rows,
      footer: [{ cells: footerCells, bold: true }],
    });
  });
  return blocks;
}
