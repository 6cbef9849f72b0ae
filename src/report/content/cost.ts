/**
 * The cost: per register the energy, the price the user entered and the cost, the base price share per
 * calendar year and the total, marked incomplete (naming the registers) when a register is not priced.
 * The numbers are the bill check's (src/analysis/bill-cost.ts), exact decimals formatted here.
 */
import type { BillCost, CostLine } from '../../analysis/bill-cost';
import type { RegisterRow } from '../register-rows';
import type { Block, StatusLineBlock, TableRow } from './blocks';
import { registerLabel, type SectionContext } from './context';

export function costBlocks(ctx: SectionContext): Block[] {
  const { facts, t } = ctx;
  const cost = facts.cost;
  if (!cost) {
    if (!facts.taf) return [];
    return [
      {
        kind: 'paragraph',
        small: true,
        text: t(
          'Keine Preise eingegeben: Mit Preisen je Tarifstufe und Grundpreis (App: Rechnungsprüfung; Kommandozeile: --prices PREISE.json) zeigt der Bericht die Kosten je Register und die Summe.',
          'No prices entered: with prices per tariff stage and the base price (app: bill check; command line: --prices PRICES.json) the report shows the cost per register and the total.',
        ),
      },
    ];
  }
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: t('Kosten', 'Cost') }];
  blocks.push({
    kind: 'paragraph',
    small: true,
    text: t(
      `Mit den eingegebenen Preisen für ${ctx.f.dateTime(Date.parse(cost.period.start))} bis ${ctx.f.dateTime(Date.parse(cost.period.end))}, in Euro.`,
      `With the prices entered for ${ctx.f.dateTime(Date.parse(cost.period.start))} to ${ctx.f.dateTime(Date.parse(cost.period.end))}, in euros.`,
    ),
  });
  const footer: TableRow[] = [];
  if (cost.base) {
    const parts = cost.base.years.map((y) => t(`${y.year}: ${y.days}/${y.daysInYear} Tage`, `${y.year}: ${y.days}/${y.daysInYear} days`)).join(' + ');
    footer.push({ cells: [t('Grundpreis anteilig', 'Base price pro rata'), `${money(ctx, cost.base.perYear)} ${t('je Jahr', 'per year')}`, parts, '', money(ctx, cost.base.share)] });
  }
  if (cost.vat !== 'not-applied') {
    footer.push({ cells: [t('Summe netto', 'Net total'), '', '', '', money(ctx, cost.vat.net)] });
    footer.push({ cells: [t(`Umsatzsteuer ${cost.vat.percent} %`, `VAT ${cost.vat.percent} %`), '', '', '', money(ctx, cost.vat.amount)] });
  }
  footer.push({
    cells: [cost.complete ? t('Summe', 'Total') : t('Summe (unvollständig)', 'Total (incomplete)'), '', '', '', money(ctx, cost.total)],
    bold: true,
    ...(cost.complete ? {} : { tone: 'warning' as const }),
  });
  blocks.push({
    kind: 'table',
    id: 'cost',
    columns: [
      { header: t('Register', 'Register'), width: 2.3 },
      { header: 'OBIS', width: 1.6, mono: true },
      { header: t('Energie', 'Energy'), width: 1.5, align: 'right' },
      { header: t('Preis je kWh', 'Price per kWh'), width: 1.3, align: 'right' },
      { header: t('Kosten', 'Cost'), width: 1.3, align: 'right' },
    ],
    rows: cost.lines.map((line) => ({
      cells: [label(ctx, line), line.obis, line.energyKwh === null ? '—' : `${decimal(ctx, line.energyKwh, rowOf(ctx, line)?.decimals)} kWh`, line.pricePerKwh === null ? '—' : money(ctx, line.pricePerKwh), lineCost(ctx, line)],
      ...(line.cost === null ? { tone: 'warning' as const } : {}),
    })),
    footer,
  });
  if (!cost.complete) {
    blocks.push({
      kind: 'status',
      tone: 'warning',
      text: t(
        `Die Summe ist unvollständig: Es fehlen ${missingList(ctx, cost, 'de')}. Geben Sie dafür einen Preis ein, oder prüfen Sie, warum kein Energiewert vorliegt.`,
        `The total is incomplete: it lacks ${missingList(ctx, cost, 'en')}. Enter a price for them, or check why there is no energy value.`,
      ),
    });
  }
  for (const line of cost.lines) {
    for (const note of line.notes) blocks.push({ kind: 'paragraph', small: true, text: `${line.obis}: ${ctx.pick(note)}` });
  }
  if (cost.unusedPrices.length > 0) {
    blocks.push({
      kind: 'status',
      tone: 'warning',
      text: t(`Preise für Register, die es hier nicht gibt (nicht verwendet): ${cost.unusedPrices.join(', ')}.`, `Prices for registers that do not exist here (not used): ${cost.unusedPrices.join(', ')}.`),
    });
  }
  blocks.push({ kind: 'paragraph', small: true, text: ctx.pick(cost.rules) });
  return blocks;
}

/** The line for "result at a glance": the total with the prices entered, or that it is incomplete. */
export function costSummaryLine(ctx: SectionContext): StatusLineBlock | undefined {
  const cost = ctx.facts.cost;
  if (!cost) return undefined;
  if (cost.complete) {
    return { kind: 'status', tone: 'info', text: cost.vat === 'not-applied' ? ctx.t(`Kosten mit den eingegebenen Preisen: ${money(ctx, cost.total)} (ohne aufgeschlagene Umsatzsteuer).`, `Cost with the prices entered: ${money(ctx, cost.total)} (no VAT added).`) : ctx.t(`Kosten mit den eingegebenen Nettopreisen: ${money(ctx, cost.total)} brutto (${cost.vat.percent} % Umsatzsteuer: ${money(ctx, cost.vat.amount)}).`, `Cost with the net prices entered: ${money(ctx, cost.total)} gross (${cost.vat.percent} % VAT: ${money(ctx, cost.vat.amount)}).`) };
  }
  return {
    kind: 'status',
    tone: 'warning',
    text: ctx.t(
      `Kosten mit den eingegebenen Preisen: ${money(ctx, cost.total)}, unvollständig – es fehlen ${missingList(ctx, cost, 'de')}.`,
      `Cost with the prices entered: ${money(ctx, cost.total)}, incomplete – it lacks ${missingList(ctx, cost, 'en')}.`,
    ),
  };
}

function rowOf(ctx: SectionContext, line: CostLine): RegisterRow | undefined {
  return [...ctx.facts.registers, ...ctx.facts.totals].find((r) => r.obis === line.obis);
}

function label(ctx: SectionContext, line: CostLine): string {
  const row = rowOf(ctx, line);
  const direction = line.obis.includes(':2.8.') ? 'export' : line.obis.includes(':1.8.') ? 'import' : 'other';
  return registerLabel(ctx, row ?? { obis: line.obis, tariffNumber: line.tariffNumber, direction });
}

function lineCost(ctx: SectionContext, line: CostLine): string {
  if (line.cost !== null) return money(ctx, line.cost);
  return line.status === 'not-priced' ? ctx.t('ohne Preis', 'not priced') : ctx.t('kein Energiewert', 'no energy value');
}

function missingList(ctx: SectionContext, cost: BillCost, lang: 'de' | 'en'): string {
  return cost.missing
    .map((m) => `${m.obis} (${m.reason === 'not-priced' ? (lang === 'de' ? 'kein Preis' : 'no price') : lang === 'de' ? 'kein Energiewert' : 'no energy value'})`)
    .join(', ');
}

/** An exact decimal text (`-1234.5`) in the report's language, with the register table's decimals where they are at least its own. */
function decimal(ctx: SectionContext, text: string, decimals?: number): string {
  const own = text.split('.')[1]?.length ?? 0;
  return ctx.f.number(Number(text), Math.max(own, decimals ?? 0));
}

/** EUR: at least two decimals (prices per kWh keep theirs). */
function money(ctx: SectionContext, text: string): string {
  return `${ctx.f.number(Number(text), Math.max(2, text.split('.')[1]?.length ?? 0))} €`;
}
