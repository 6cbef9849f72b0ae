/**
 * PPC readings from the signed `exportMeterValues` (../shared/knowledge/04-han-gateways.md): per meter, the
 * range in windows of whole Berlin days, each answered with a CMS SignedData container whose content is
 * DKE K461 XML with a signature per reading. Each container is read with the same reader as an export file
 * the user opens (src/formats/readout.ts: CMS → K461), its own signature checked (a container whose
 * signature does not match its content is refused: never data the gateway did not sign), and every reading
 * keeps its K461 fields exactly (status, capture time in UTC, scaler, unit, `smgw_signature`) so that the
 * verification pipeline checks it in the `ppc-k461-1` format.
 *
 * INFERRED (not seen on a real gateway): the form of `from`/`to` (Berlin wall time like the HTML forms,
 * both inclusive), that the export's limit of 1,000 records counts the entries of all columns together,
 * and which end of a range the gateway keeps beyond it. Hence: windows small enough to stay below the limit
 * for a 15-minute meter, and any answer that reaches the limit is asked again in two halves.
 */
import { verifyCms } from '../../../crypto/cms/cms';
import { readReadout } from '../../../formats/readout';
import { dlmsUnitOfEspiUom } from '../../../model/dlms-units';
import type { CertificateEntry } from '../../../model/types';
import { CancelledError } from '../../../api/errors';
import { ProtocolError } from '../../errors';
import type { ChannelCollector } from '../kit/readings';
import { berlinMidnightAfter, berlinWallCandidates, berlinWallText } from '../kit/time';
import type { PpcSession } from './ppc-session';

/** Days per export request: 2 registers × 96 quarter hours × 5 days = 960 entries, under the limit. */
export const PPC_EXPORT_DAYS = 5;
/** Records per export (documented); an answer with this many is taken as cut off. */
export const PPC_EXPORT_LIMIT = 1000;
const HOUR = 3_600_000;

export class PpcExportReader {
  /** The certificates of the first container (signer certType 1, the others certType 2). */
  certificates: CertificateEntry[] = [];
  requests = 0;

  constructor(
    private readonly session: PpcSession,
    private readonly limit = PPC_EXPORT_LIMIT,
    private readonly signal?: AbortSignal,
  ) {}

  /** Readings of one meter in [start, end] (the session's fresh `mid`), windows newest first. */
  async read(mid: string, meter: string, start: number, end: number, collector: Pick<ChannelCollector, 'add'>, progress: (done: number) => void): Promise<void> {
    let windowEnd = berlinMidnightAfter(end);
    const first = berlinMidnightAfter(start, 0);
    while (windowEnd > first) {
      const windowStart = Math.max(berlinMidnightAfter(windowEnd, -PPC_EXPORT_DAYS), first);
      await this.window(mid, meter, windowStart, windowEnd, collector);
      windowEnd = windowStart;
      progress(Math.min(end - start, end - windowEnd));
    }
  }

  /** One window [from, to): asked as from … to − 1 s; split in two while the answer reaches the limit. */
  private async window(mid: string, meter: string, from: number, to: number, collector: Pick<ChannelCollector, 'add'>): Promise<void> {
    if (this.signal?.aborted) throw new CancelledError('Gateway read-out');
    const asked = `${berlinWallText(from)} – ${berlinWallText(to - 1000)}`;
    this.requests++;
    const response = await this.session.download('exportMeterValues', { mid, from: berlinWallText(from), to: berlinWallText(to - 1000) });
    const bytes = new Uint8Array(response.body);
    const where = `exportMeterValues ${meter} ${asked}`;
    const read = readReadout(bytes);
    if (read.document?.source?.container !== 'cms' || read.document.source.content !== 'k461') {
      const reason = read.problems.find((p) => p.severity === 'error')?.en ?? 'not a CMS container with K461 content';
      throw new ProtocolError(`${where}: ${reason}`);
    }
    if (!read.ok) throw new ProtocolError(`${where}: ${read.problems.find((p) => p.severity === 'error')?.en ?? 'unreadable'}`);
    const container = verifyCms(bytes, { trustAnchors: [] });
    const broken = container.signers.find((s) => s.status === 'invalid' || s.status === 'malformedAttributes');
    if (broken) throw new ProtocolError(`${where}: the export's CMS signature does not match its content (${broken.message})`);
    const usagePoint = read.document.usagePoints[0]!;
    const meterReadings = usagePoint.meterReadings;
    const entries = meterReadings.reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);
    if (entries >= this.limit) {
      const middle = splitPoint(from, to);
      if (middle === undefined) throw new ProtocolError(`${where}: ${entries} entries (the limit) within an hour; the export cannot be split further`);
      await this.window(mid, meter, middle, to, collector);
      await this.window(mid, meter, from, middle, collector);
      return;
    }
    for (const m of meterReadings) {
      if (m.meterId !== meter) throw new ProtocolError(`${where}: column ${m.readingType.qualifiedLogicalName} belongs to meter ${m.meterId}, not ${meter}`);
      const unit = dlmsUnitOfEspiUom(m.readingType.uom);
      if (unit === undefined) throw new ProtocolError(`${where}: column ${m.readingType.qualifiedLogicalName}: unit ${m.readingType.uom} unknown`);
      const channel = { obis: m.readingType.obisCode, meterId: meter, scaler: m.readingType.scaler, unit, qualifiedLogicalName: m.readingType.qualifiedLogicalName };
      for (const reading of m.intervalBlocks.flatMap((b) => b.readings)) {
        if (reading.captureTime < from || reading.captureTime >= to) throw new ProtocolError(`${where}: ${m.readingType.qualifiedLogicalName} entry at ${new Date(reading.captureTime).toISOString()} lies outside the asked range`);
        collector.add(channel, reading);
      }
    }
    if (this.certificates.length === 0) this.certificates = certificatesOf(usagePoint.certificates);
  }
}

/**
 * A whole hour between from and to whose wall-clock texts (it, and one second before it) are unambiguous
 * (not in the repeated autumn hour), or undefined when the window is an hour or less.
 */
function splitPoint(from: number, to: number): number | undefined {
  if (to - from <= HOUR) return undefined;
  let middle = from + Math.max(1, Math.floor((to - from) / 2 / HOUR)) * HOUR;
  const ambiguous = (t: number): boolean => (berlinWallCandidates(berlinWallText(t))?.length ?? 0) !== 1;
  while (middle > from && (ambiguous(middle) || ambiguous(middle - 1000))) middle -= HOUR;
  return middle > from ? middle : undefined;
}

/** Container certificates with ids that leave 3 to the HAN TLS certificate (kit/usage-point.ts). */
function certificatesOf(entries: CertificateEntry[]): CertificateEntry[] {
  const signer = entries.filter((c) => c.certType === 1).slice(0, 1);
  const others = entries.filter((c) => !signer.includes(c));
  return [...signer.map((c) => ({ ...c, certId: 1 })), ...others.map((c, i) => ({ ...c, certType: 2, certId: i === 0 ? 2 : i + 3 }))];
}
