/**
 * Appendix: the measuring ranges of the bill check. Every register amount is a sum of these rows, and each
 * row is one arithmetic step (reading at the end minus reading at the start), as PTB-A 50.8 asks.
 */
import { isErrorRegister } from '../../model/obis';
import type { Block, TableRow } from './blocks';
import type { SectionContext } from './context';
import { rawToDisplay, scaling } from '../register-rows';

export function rangeBlocks(ctx: SectionContext): Block[] {
  const { t, f, facts } = ctx;
  const taf = facts.taf;
  if (!taf) return [];
  const registers = new Map(taf.registers.map((r) => [r.obis, r]));
  const rows: TableRow[] = [];
  for (const day of taf.days) {
    for (const range of day.ranges) {
      const register = registers.get(range.obis);
      const kwh = register ? rawToDisplay(range.amount, register.scaler, register.unit) : null;
      rows.push({
        cells: [
          f.dateTime(Date.parse(range.start)),
          f.dateTime(Date.parse(range.end)),
          range.obis,
          String(range.startValue),
          String(range.endValue),
          String(range.amount),
          kwh === null || !register ? '—' : f.number(kwh, scaling(register.scaler, register.unit).decimals),
        ],
        ...(isErrorRegister(range.obis) && range.amount !== 0 ? { tone: 'warning' as const } : {}),
      });
    }
  }
  const unit = taf.registers[0]?.unit === 'Wh' ? 'kWh' : (taf.registers[0]?.unit ?? '');
  return [
    { kind: 'page-break' },
    { kind: 'heading', level: 1, text: t('Anhang: Messbereiche', 'Appendix: measuring ranges') },
    {
      kind: 'paragraph',
      small: true,
      text: t(
        `Jede Zeile ist ein Rechenschritt: Menge = Zählerstand am Ende − Zählerstand am Beginn (Rohwerte der Originalwerteliste, Skalierung 10^${taf.registers[0]?.scaler ?? 0} ${taf.registers[0]?.unit ?? ''}). Die Summe der Zeilen eines Registers ergibt den Wert in der Registertabelle.`,
        `Each row is one arithmetic step: amount = meter reading at the end − meter reading at the start (raw values of the original value list, scale 10^${taf.registers[0]?.scaler ?? 0} ${taf.registers[0]?.unit ?? ''}). The rows of a register add up to its value in the register table.`,
      ),
    },
    {
      kind: 'table',
      id: 'ranges',
      title: t('Messbereiche', 'Measuring ranges'),
      columns: [
        { header: t('Beginn', 'Start'), width: 1.45 },
        { header: t('Ende', 'End'), width: 1.45 },
        { header: t('Register', 'Register'), width: 1.6, mono: true },
        { header: t('Stand Beginn', 'Start reading'), width: 1.15, align: 'right', mono: true },
        { header: t('Stand Ende', 'End reading'), width: 1.15, align: 'right', mono: true },
        { header: t('Menge (roh)', 'Amount (raw)'), width: 1.0, align: 'right', mono: true },
        { header: unit, width: 0.95, align: 'right' },
      ],
      rows,
      empty: t('Keine Messbereiche.', 'No measuring ranges.'),
    },
  ];
}
