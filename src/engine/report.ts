/**
 * The engine side of the report: a loaded read-out (its original bytes as the engine holds them, or the
 * document written from it when there are none), the supplier file and billed values from the request,
 * the verification the user already ran under the same roots (else one now) → the shared report generator.
 */
import { parsePrices } from '../analysis/prices';
import type { ReportFile, ReportRequest } from '../api/dto';
import { ApiError } from '../api/errors';
import type { TrustAnchor } from '../crypto/chain/trust-anchors';
import { toSummary } from '../crypto/verify-document';
import { parseBilledValue } from '../report/billed';
import { generateReport } from '../report/generate-report';
import { softwareInfo } from '../report/software';
import type { BilledValue } from '../report/types';
import { decodeBase64 } from './request-values';
import { openSupplierDocument } from './open-document';
import type { OperationContext } from './operations';
import type { LoadedReadout } from './readouts';
import { usagePointOf } from './usage-points';
import { anchorsKey } from './trust';

export async function createReport(readout: LoadedReadout, request: ReportRequest, op: OperationContext, trustAnchors: TrustAnchor[]): Promise<ReportFile> {
  const lang = request.lang;
  if (lang !== 'de' && lang !== 'en') throw new ApiError('BAD_REQUEST', `lang must be "de" or "en", not "${String(lang)}".`);
  const billed = billedValues(request.billed);
  const prices = request.prices === undefined || request.prices === null ? undefined : parsePrices(request.prices, 'prices');
  // Checked before any work: an unknown contract is a coded error naming those the read-out has.
  const usagePointId = request.usagePointId === undefined || request.usagePointId === '' ? undefined : usagePointOf(readout, request.usagePointId).usagePointId;
  let supplier;
  if (request.supplier) {
    const name = request.supplier.name || 'supplier.xml';
    const bytes = decodeBase64(request.supplier.contentBase64, 'supplier.contentBase64');
    const opened = openSupplierDocument(bytes, name);
    supplier = { document: opened.document, bytes, fileName: name };
  }
  const summary = readout.summary;
  const report = await generateReport(
    {
      device: {
        document: readout.document,
        ...(readout.original ? { bytes: readout.original.read() } : {}),
        fileName: summary.fileName ?? `${summary.gatewayId || 'readout'}.xml`,
      },
      ...(supplier ? { supplier } : {}),
      source: summary.source,
      demo: summary.demo,
      billed,
      ...(prices ? { prices } : {}),
      ...(usagePointId !== undefined ? { usagePointId } : {}),
      // The user's last check, when it was computed under the roots installed now; else the report checks anew
      // (a root removed since must turn the check marks off).
      ...(readout.verification && readout.verification.anchorsKey === anchorsKey(trustAnchors) ? { verification: toSummary(readout.verification) } : {}),
    },
    {
      lang,
      trustAnchors,
      software: softwareInfo(),
      signal: op.signal,
      onProgress: ({ fraction, message }) => op.progress(fraction, message),
    },
  );
  op.throwIfCancelled();
  return {
    fileName: report.fileName,
    mimeType: 'application/pdf',
    contentBase64: Buffer.from(report.bytes).toString('base64'),
    pages: report.pages,
    attachments: report.attachments,
    ...(report.billCheckError ? { billCheckError: report.billCheckError } : {}),
  };
}

function billedValues(billed: ReportRequest['billed']): BilledValue[] {
  if (billed === undefined) return [];
  if (!Array.isArray(billed)) throw new ApiError('BAD_REQUEST', 'billed must be a list of {obis, value}.');
  return billed.map((b) => parseBilledValue(`${String(b?.obis ?? '')}=${String(b?.value ?? '')}`));
}
