/** From this many periods on the energy chart draws lines instead of bars (a day chart over 12 or 24 months). */
export const LINE_FROM = 63;

export function energyChartKind(periods: number): 'bar' | 'line' {
  return periods >= LINE_FROM ? 'line' : 'bar';
}
