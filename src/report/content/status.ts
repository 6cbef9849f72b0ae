/** Completeness and status of the readings (PTB scheme), the days with gaps or errors, and the findings. */
import type { ChannelDayStatus } from '../../analysis/status-overview';
import type { Block, StatusLineBlock, TableRow } from './blocks';
import type { SectionContext } from './context';

/** A channel's day status summed over the period (the level is per day and not summed). */
type ChannelTotals = Omit<ChannelDayStatus, 'level'>;

function totalsPerChannel(ctx: SectionContext): ChannelTotals[] {
  const byObis = new Map<string, ChannelTotals>();
  for (const day of ctx.facts.statusDays) {
    for (const c of day.channels) {
      const t = byObis.get(c.obis) ?? { obis: c.obis, expected: 0, values: 0, gaps: 0, ok: 0, warning: 0, temporary: 0, critical: 0, fatal: 0, noStatus: 0 };
      t.expected = c.expected === null || t.expected === null ? null : t.expected + c.expected;
      t.values += c.values;
      t.gaps += c.gaps;
      t.ok += c.ok;
      t.warning += c.warning;
      t.temporary += c.temporary;
      t.critical += c.critical;
      t.fatal += c.fatal;
      t.noStatus += c.noStatus;
      byObis.set(c.obis, t);
    }
  }
  return [...byObis.values()];
}

/** One line for the summary, and the facts for the status section. */
export function completeness(ctx: SectionContext): { summary: StatusLineBlock; lines: StatusLineBlock[] } | undefined {
  const { t, f } = ctx;
  const totals = totalsPerChannel(ctx);
  if (totals.length === 0) return undefined;
  const lines = totals.map((c): StatusLineBlock => {
    const unusable = c.critical + c.fatal + c.noStatus;
    const tone = unusable > 0 ? 'error' : c.gaps > 0 || c.warning + c.temporary > 0 ? 'warning' : 'ok';
    const expected = c.expected === null ? '' : t(` von ${f.number(c.expected, 0)} erwarteten`, ` of ${f.number(c.expected, 0)} expected`);
    return {
      kind: 'status',
      tone,
      text: t(
        `${c.obis}: ${f.number(c.values, 0)}${expected} Werten vorhanden, ${c.gaps === 0 ? 'keine Lücken' : `${f.number(c.gaps, 0)} fehlende Werte`}; Status: ${f.number(c.ok, 0)} ohne Fehler, ${f.number(c.warning, 0)} Warnung, ${f.number(c.temporary, 0)} temporärer Fehler (verwendbar), ${f.number(c.critical, 0)} kritisch, ${f.number(c.fatal, 0)} fatal${c.noStatus ? `, ${f.number(c.noStatus, 0)} ohne Status` : ''}.`,
        `${c.obis}: ${f.number(c.values, 0)}${expected} values present, ${c.gaps === 0 ? 'no gaps' : `${f.number(c.gaps, 0)} missing values`}; status: ${f.number(c.ok, 0)} without error, ${f.number(c.warning, 0)} warning, ${f.number(c.temporary, 0)} temporary error (usable), ${f.number(c.critical, 0)} critical, ${f.number(c.fatal, 0)} fatal${c.noStatus ? `, ${f.number(c.noStatus, 0)} without status` : ''}.`,
      ),
    };
  });
  const gaps = totals.reduce((n, c) => n + c.gaps, 0);
  const unusable = totals.reduce((n, c) => n + c.critical + c.fatal + c.noStatus, 0);
  const values = totals.reduce((n, c) => n + c.values, 0);
  const summary: StatusLineBlock = {
    kind: 'status',
    tone: unusable > 0 ? 'error' : gaps > 0 ? 'warning' : 'ok',
    text: t(
      `Messwerte: ${f.number(values, 0)} vorhanden, ${gaps === 0 ? 'keine Lücken' : `${f.number(gaps, 0)} fehlen`}, ${unusable === 0 ? 'keine unbrauchbaren (kritisch/fatal)' : `${f.number(unusable, 0)} unbrauchbar (kritisch/fatal)`}.`,
      `Readings: ${f.number(values, 0)} present, ${gaps === 0 ? 'no gaps' : `${f.number(gaps, 0)} missing`}, ${unusable === 0 ? 'none unusable (critical/fatal)' : `${f.number(unusable, 0)} unusable (critical/fatal)`}.`,
    ),
  };
  return { summary, lines };
}

export function statusBlocks(ctx: SectionContext): Block[] {
  const { t, f, facts } = ctx;
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: t('Vollständigkeit und Hinweise', 'Completeness and findings') }];
  const days = facts.statusDays;
  if (days.length > 0) {
    const from = f.date(Date.parse(days[0]!.start));
    const to = f.date(Date.parse(days[days.length - 1]!.start));
    blocks.push({
      kind: 'paragraph',
      small: true,
      text: days.length === 1 ? t(`Gezählt über den ganzen Tag ${from}.`, `Counted over the whole day ${from}.`) : t(`Gezählt über die ${days.length} ganzen Tage ${from} bis ${to}.`, `Counted over the ${days.length} whole days ${from} to ${to}.`),
    });
  }
  const c = completeness(ctx);
  if (c) blocks.push(...c.lines);
  else blocks.push({ kind: 'paragraph', text: t('Im Zeitraum liegen keine Messwerte der Originalwerteliste.', 'The range holds no readings of an original value list.') });
  blocks.push({
    kind: 'paragraph',
    small: true,
    text: t(
      'PTB-Status: 0 ohne Fehler, 1 Warnung und 2 temporärer Fehler sind für die Abrechnung verwendbar; 3 kritisch und 4 fatal nicht. Lücken innerhalb eines Tarifzeitraums kosten nichts, weil nur Zählerstände an Tarifwechseln verrechnet werden; fehlt ein Wert an einem Tarifwechsel, geht die Energie bis zum nächsten Wert ins Fehlerregister.',
      'PTB status: 0 no error, 1 warning and 2 temporary error are usable for billing; 3 critical and 4 fatal are not. Gaps inside a tariff period cost nothing, because only meter readings at tariff switches are used; when a reading is missing at a switch, the energy up to the next reading goes to the error register.',
    ),
  });

  const problemDays: TableRow[] = [];
  for (const day of facts.statusDays) {
    for (const ch of day.channels) {
      if (ch.gaps === 0 && ch.level === 'ok' && ch.noStatus === 0) continue;
      problemDays.push({ cells: [f.dayKey(day.date), ch.obis, count(ctx, ch.expected), f.number(ch.values, 0), f.number(ch.gaps, 0), f.number(ch.warning, 0), f.number(ch.temporary, 0), f.number(ch.critical + ch.noStatus, 0), f.number(ch.fatal, 0)], tone: toneOf(ch) });
    }
  }
  blocks.push({
    kind: 'table',
    id: 'status-days',
    title: t('Tage mit Lücken oder Fehlerstatus', 'Days with gaps or error status'),
    columns: [
      { header: t('Tag', 'Day'), width: 1.2 },
      { header: 'OBIS', width: 1.6, mono: true },
      { header: t('erwartet', 'expected'), width: 0.9, align: 'right' },
      { header: t('vorhanden', 'present'), width: 0.9, align: 'right' },
      { header: t('Lücken', 'gaps'), width: 0.8, align: 'right' },
      { header: t('Warnung', 'warning'), width: 0.8, align: 'right' },
      { header: t('temporär', 'temporary'), width: 0.9, align: 'right' },
      { header: t('kritisch', 'critical'), width: 0.8, align: 'right' },
      { header: t('fatal', 'fatal'), width: 0.7, align: 'right' },
    ],
    rows: problemDays,
    empty: facts.statusDays.length
      ? t(`An allen ${facts.statusDays.length} Tagen vollständig und ohne Fehlerstatus.`, `Complete and without error status on all ${facts.statusDays.length} days.`)
      : t('Keine Tage im Zeitraum.', 'No days in the range.'),
  });

  const findings = facts.taf?.checks ?? [];
  blocks.push({ kind: 'heading', level: 2, text: t('Hinweise zu Lieferantendatei und Gerätedaten', 'Findings about the supplier file and the device data') });
  if (findings.length === 0) {
    blocks.push({ kind: 'paragraph', text: facts.taf ? t('Keine Hinweise: Lieferantendatei und Gerätedaten passen zueinander.', 'No findings: the supplier file and the device data match.') : t('Ohne Lieferantendatei gibt es keine Prüfung der Tarifdatei.', 'Without a supplier file there is no tariff file check.') });
  } else {
    for (const finding of findings) {
      blocks.push({ kind: 'status', tone: finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info', text: `${ctx.pick(finding)} [${finding.code}]` });
    }
  }
  return blocks;
}

function count(ctx: SectionContext, n: number | null): string {
  return n === null ? '—' : ctx.f.number(n, 0);
}

function toneOf(ch: ChannelDayStatus): 'error' | 'warning' {
  return ch.critical + ch.fatal + ch.noStatus > 0 ? 'error' : 'warning';
}
