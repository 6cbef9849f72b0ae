/**
 * What every vendor adapter builds the same way: the connection facts (HAN certificate, fingerprint, TLS),
 * the certificate entries, the AR 2418-6 usage point of a contract, and the "no data" check.
 */
import type { CertificateEntry, LogEntry, MeterReading, UsagePoint } from '../../../model/types';
import type { ConnectResult, ContractInfo } from '../../adapter';
import { NoDataInSelectedTimeRangeError, ProtocolError } from '../../errors';
import { fingerprintOf } from '../../fingerprint';
import type { GatewayClient } from '../../gateway-client';
import { isoUtc } from './time';

/** HAN TLS certificate, its fingerprint and the TLS parameters of the client's connection. */
export function connectionFacts(client: GatewayClient): Pick<ConnectResult, 'hanCertificate' | 'fingerprint' | 'tls'> {
  const peer = client.peerCertificate;
  if (!peer || !client.tlsInfo) throw new ProtocolError('no TLS certificate');
  return { hanCertificate: new Uint8Array(peer.raw), fingerprint: fingerprintOf(peer.raw), tls: client.tlsInfo };
}

/** certType 1 (signature certificate) with its Sub-CA (certType 2) where the gateway hands them out. */
export function gatewayCertificateEntries(signature: Uint8Array | undefined, subCa: Uint8Array | undefined): CertificateEntry[] {
  const out: CertificateEntry[] = [];
  if (subCa) out.push({ certId: 2, certType: 2, certContent: subCa });
  if (signature) out.push({ certId: 1, certType: 1, ...(subCa ? { parentCertId: 2 } : {}), certContent: signature });
  return out;
}

export interface UsagePointInput {
  contract: ContractInfo;
  connected: ConnectResult;
  manufacturer: string;
  /** Login name, the customer id when the gateway names none. */
  user: string | undefined;
  meterReadings: MeterReading[];
  logEntries: LogEntry[];
  vendorConfig?: UsagePoint['vendorConfig'];
}

export function buildUsagePoint(input: UsagePointInput): UsagePoint {
  const { contract, connected } = input;
  const certificates: CertificateEntry[] = [...connected.certificates, { certId: 3, certType: 3, certContent: connected.hanCertificate }];
  return {
    serviceCategory: 0,
    usagePointId: contract.meteringPointId,
    customerId: contract.consumerId ?? input.user ?? '',
    invoicingPartyId: contract.supplierId ?? '',
    smgw: { certIds: certificates.map((c) => c.certId), smgwId: connected.gatewayId, manufacturer: input.manufacturer, firmwareComponents: connected.firmware },
    ...(input.vendorConfig ? { vendorConfig: input.vendorConfig } : {}),
    certificates,
    tariffName: contract.tafId,
    logEntries: input.logEntries,
    meterReadings: input.meterReadings,
  };
}

/** Throws NoDataInSelectedTimeRange when no channel has a reading. */
export function requireReadings(meterReadings: MeterReading[], start: number, end: number): void {
  if (meterReadings.every((m) => m.intervalBlocks.length === 0)) throw new NoDataInSelectedTimeRangeError(`${isoUtc(start)} – ${isoUtc(end)}`);
}

export function hexBytes(hex: unknown): Uint8Array | undefined {
  return typeof hex === 'string' && /^([0-9a-f]{2})+$/i.test(hex) ? new Uint8Array(Buffer.from(hex, 'hex')) : undefined;
}
