/** Maps a loaded read-out to the ReadoutDetails DTO: ids, channels, log book, certificates, problems. */
import type { CertificateDto, ChannelDto, ReadoutDetails, UsagePointDto } from '../api/dto';
import { prepareChannel } from '../analysis/channel';
import { parseCertContent } from '../crypto/certificates/cert-content';
import type { CertificateEntry, UsagePoint } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';
import type { LoadedReadout } from './readouts';

export function readoutDetails(readout: LoadedReadout): ReadoutDetails {
  const details: ReadoutDetails = {
    summary: readout.summary,
    documentKind: readout.document.kind,
    schemaVersion: readout.document.schemaVersion,
    usagePoints: readout.document.usagePoints.map(usagePointDto),
    problems: readout.problems,
  };
  if (readout.summary.fileName) details.fileName = readout.summary.fileName;
  return details;
}

function usagePointDto(usagePoint: UsagePoint): UsagePointDto {
  const dto: UsagePointDto = {
    usagePointId: usagePoint.usagePointId,
    serviceCategory: usagePoint.serviceCategory,
    customerId: usagePoint.customerId,
    invoicingPartyId: usagePoint.invoicingPartyId,
    smgwId: usagePoint.smgw.smgwId,
    firmwareComponents: usagePoint.smgw.firmwareComponents,
    tariffName: usagePoint.tariffName,
    channels: usagePoint.meterReadings.map((meterReading): ChannelDto => {
      const channel = prepareChannel(meterReading, usagePoint.serviceCategory);
      const n = channel.times.length;
      return {
        channelId: meterReading.meterReadingId,
        meterId: meterReading.meterId,
        obis: channel.obis,
        qualifiedLogicalName: meterReading.readingType.qualifiedLogicalName,
        original: channel.original,
        direction: channel.direction,
        unit: channel.unit,
        scaler: channel.scaler,
        periodSeconds: channel.periodSeconds ?? null,
        readings: n,
        first: n ? formatBerlinIso(channel.times[0]!) : null,
        last: n ? formatBerlinIso(channel.times[n - 1]!) : null,
        signed: meterReading.intervalBlocks.reduce((sum, b) => sum + b.readings.filter((r) => r.signature).length, 0),
      };
    }),
    logEntries: usagePoint.logEntries.map((entry) => ({
      ...(entry.recordNumber !== undefined ? { recordNumber: entry.recordNumber } : {}),
      ...(entry.timestamp !== undefined ? { timestamp: formatBerlinIso(entry.timestamp) } : {}),
      ...(entry.level !== undefined ? { level: entry.level } : {}),
      ...(entry.outcome !== undefined ? { outcome: entry.outcome } : {}),
      ...(entry.text !== undefined ? { text: entry.text } : {}),
      ...(entry.subjectIdentity !== undefined ? { subjectIdentity: entry.subjectIdentity } : {}),
    })),
    certificates: usagePoint.certificates.map(certificateDto),
  };
  if (usagePoint.smgw.manufacturer) dto.manufacturer = usagePoint.smgw.manufacturer;
  if (usagePoint.smgw.firmwareVersion) dto.firmwareVersion = usagePoint.smgw.firmwareVersion;
  return dto;
}

function certificateDto(entry: CertificateEntry): CertificateDto {
  const content = parseCertContent(entry.certContent);
  const base: CertificateDto = { certId: entry.certId, certType: entry.certType, form: content.form };
  if (entry.parentCertId !== undefined) base.parentCertId = entry.parentCertId;
  const first = content.certificates[0];
  if (!first) return { ...base, note: content.problem ?? 'no certificate' };
  const d = first.details;
  const dto: CertificateDto = {
    ...base,
    subject: d.subject,
    issuer: d.issuer,
    serialNumber: d.serialNumber,
    notBefore: d.notBefore,
    notAfter: d.notAfter,
    keyAlgorithm: d.keyAlgorithm,
    fingerprintSha256: d.fingerprintSha256,
  };
  if (d.curve) dto.curve = d.curve;
  if (content.problem) dto.note = content.problem;
  return dto;
}
