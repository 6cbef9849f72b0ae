/** The supplier file's checksums (as printed on the bill) and the files attached to the report. */
import { hashHex } from '../report-facts';
import type { Block } from './blocks';
import type { SectionContext } from './context';

export function checksumBlocks(ctx: SectionContext): Block[] {
  const { t, f, facts } = ctx;
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: t('Prüfsummen der Tarifdatei', 'Checksums of the tariff file') }];
  const sums = facts.taf?.supplierChecksums;
  if (!facts.supplier) {
    blocks.push({ kind: 'paragraph', text: t('Keine Tarifdatei des Lieferanten angegeben: keine Prüfsummen.', 'No supplier tariff file given: no checksums.') });
    return blocks;
  }
  blocks.push({
    kind: 'paragraph',
    small: true,
    text: t(
      'Vergleichen Sie diese Prüfsummen mit denen auf Ihrer Rechnung: Stimmen sie überein, ist die Tarifdatei dieselbe, mit der Ihr Lieferant abgerechnet hat. Ältere Rechnungen und das ursprüngliche TRuDI nennen als „SHA-3“ den Wert, der hier als Keccak-288 steht.',
      'Compare these checksums with those on your bill: when they are equal, the tariff file is the one your supplier billed with. Older bills and the original TRuDI print as "SHA-3" the value shown here as Keccak-288.',
    ),
  });
  blocks.push({
    kind: 'facts',
    facts: [
      { label: t('Datei', 'File'), value: `${facts.supplier.fileName} (${f.bytes(facts.supplier.size)})` },
      { label: 'SHA3-256', value: sums?.sha3_256 ?? facts.supplier.sha3_256, mono: true },
      ...(sums ? [{ label: 'RIPEMD-160', value: sums.ripemd160, mono: true }, { label: t('Keccak-288 („SHA-3“ in TRuDI)', 'Keccak-288 ("SHA-3" in TRuDI)'), value: sums.keccak288, mono: true }] : []),
    ],
  });
  return blocks;
}

export function attachmentBlocks(ctx: SectionContext): Block[] {
  const { t, f, facts } = ctx;
  return [
    { kind: 'heading', level: 1, text: t('Angehängte Originaldateien', 'Attached original files') },
    {
      kind: 'paragraph',
      small: true,
      text: t(
        'Diese Dateien sind dem PDF byte-genau beigefügt (PDF/A-3, zugeordnete Dateien); PDF-Programme zeigen sie unter „Anlagen“ oder „Dateianhänge“. Die signierten Messwerte darin lassen sich jederzeit erneut prüfen, etwa mit „npx trudi verify“.',
        'These files are attached to this PDF byte for byte (PDF/A-3 associated files); PDF viewers list them under "Attachments". The signed readings in them can be checked again at any time, e.g. with "npx trudi verify".',
      ),
    },
    {
      kind: 'table',
      id: 'attachments',
      columns: [
        { header: t('Datei', 'File'), width: 2.3 },
        { header: t('Inhalt', 'Content'), width: 2.2 },
        { header: t('Größe', 'Size'), width: 1.9, align: 'right' },
        { header: 'SHA-256', width: 2.9, mono: true },
      ],
      rows: facts.attachments.map((a) => ({
        cells: [a.fileName, ctx.lang === 'de' ? (a.description.split(' / ')[1] ?? a.description) : (a.description.split(' / ')[0] ?? a.description), f.bytes(a.bytes.length), hashHex('sha256', a.bytes)],
      })),
    },
    ...(facts.device.generated
      ? [
          {
            kind: 'status' as const,
            tone: 'warning' as const,
            text:
              ctx.input.source === 'demo'
                ? t('Die Gerätedaten sind erzeugte Demodaten; die Anlage wurde aus ihnen geschrieben.', 'The device data are generated demo data; the attachment was written from them.')
                : t(
                    'Die Anlage ist aus der Auslesung als AR-2418-6-Datei geschrieben (die Antworten des Gateways selbst hält diese Version noch nicht fest); die signierten Messwerte darin sind die empfangenen und bleiben prüfbar.',
                    "The attachment is written from the read-out as an AR 2418-6 file (this version does not yet keep the gateway's own responses); the signed readings in it are those received and remain checkable.",
                  ),
          },
        ]
      : []),
  ];
}
