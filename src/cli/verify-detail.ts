/** `trudi verify FILE --reading N [--channel OBIS] [--json]`: what one reading's signature covers, and its verdict. */
import type { TrustAnchor } from '../crypto/chain/trust-anchors';
import { readingVerificationDetail, type ReadingVerificationDetail } from '../crypto/verification-detail';
import { toObisHex } from '../model/obis';
import type { OriginalBytes } from '../platform/original-bytes';
import type { Ar2418Document } from '../model/types';
import { EXIT, UsageError, type CliIo } from './command';

export async function printReadingDetail(
  file: string,
  doc: Ar2418Document,
  original: OriginalBytes,
  options: { reading: string; channel?: string | undefined; json?: boolean | undefined; format?: string | undefined },
  anchors: TrustAnchor[],
  io: CliIo,
): Promise<number> {
  const n = Number(options.reading);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--reading must be a reading number from 1 (got "${options.reading}").`);
  const obis = options.channel === undefined ? undefined : toObisHex(options.channel);
  if (options.channel !== undefined && !obis) throw new UsageError(`--channel "${options.channel}" is not an OBIS code (e.g. 1-0:1.8.0*255 or 0100010800FF).`);
  const lists = doc.usagePoints.flatMap((up, usagePointIndex) => up.meterReadings.map((mr, meterReadingIndex) => ({ mr, usagePointIndex, meterReadingIndex })));
  const list = obis === undefined ? lists[0] : lists.find((l) => l.mr.readingType.obisCode.toLowerCase() === obis.toLowerCase());
  if (!list) throw new UsageError(obis ? `${file} has no value list with OBIS ${options.channel}.` : `${file} has no value list.`);
  let detail: ReadingVerificationDetail;
  try {
    detail = await readingVerificationDetail(doc, original, { usagePointIndex: list.usagePointIndex, meterReadingIndex: list.meterReadingIndex, readingIndex: n - 1 }, { trustAnchors: anchors, ...(options.format ? { format: options.format } : {}) });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`${error.message} Readings are numbered from 1, oldest first.`);
    throw error;
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
  } else {
    const lines = [
      `${detail.qualifiedLogicalName} reading ${n}: captured ${detail.captureTime}, value ${detail.value} (scaler ${detail.scaler})`,
      `verdict: ${detail.verdict}: ${detail.reason}`,
      `format: ${detail.format}`,
      ...(detail.fields ? ['signed fields:', ...detail.fields.map((f) => `  ${f.name}: ${JSON.stringify(f.text)}`)] : []),
      ...(detail.message ? [`message: ${JSON.stringify(detail.message.text)}`, `message hex: ${detail.message.hex}`] : []),
      ...(detail.hash ? [`${detail.hash.algorithm}: ${detail.hash.hex}`] : []),
      ...(detail.curve ? [`curve: ${detail.curve}`] : []),
      ...(detail.publicKey ? [`public key (${detail.publicKey.source === 'signature' ? 'carried only inside the signature' : 'of the signer certificate'}): ${detail.publicKey.hex}`] : []),
      ...(detail.signature ? [`signature (${detail.signature.encoding}${detail.signature.highS ? ', high S' : ''}):`, `  r: ${detail.signature.r}`, `  s: ${detail.signature.s}`] : []),
      detail.signer ? `signer: ${detail.signer.subject} (issuer ${detail.signer.issuer}, ${detail.signer.notBefore} … ${detail.signer.notAfter})` : 'signer: no certificate of the file carries the key',
      ...(detail.chain ? [`chain: ${detail.chain.status}${detail.chain.test ? ' (TEST root: test data / Testdaten)' : ''}: ${detail.chain.message}`, ...detail.chain.certificates.map((c, i) => `  [${i}] ${c.subject}`)] : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return detail.verdict === 'valid' || detail.verdict === 'absent' ? EXIT.ok : EXIT.findings;
}
