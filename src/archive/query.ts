/**
 * Reading the archive: what it holds (gateways → contracts → channels with counts and first/last capture
 * time), a channel's readings in a time range as typed arrays (the index is (channel, capture time), so a
 * range is one index scan), and whole AR 2418-6 documents of a gateway rebuilt for a range.
 */
import type { Ar2418Document, IntervalReading, LogEntry, MeterReading, UsagePoint } from '../model/types';
import type { Archive } from './archive';
import type { SqlRow } from './sqlite';

export interface ArchivedChannel {
  id: number;
  meterReadingId: string;
  meterId: string;
  obis: string;
  readings: number;
  /** Capture times (epoch ms) of the first and last archived reading, absent when there is none. */
  first?: number;
  last?: number;
}

export interface ArchivedContract {
  id: number;
  usagePointId: string;
  tariffName: string;
  logEntries: number;
  channels: ArchivedChannel[];
}

export interface ArchivedGateway {
  id: number;
  smgwId: string;
  vendor?: string;
  demo: boolean;
  firstSeen: number;
  lastSeen: number;
  originals: { count: number; bytes: number };
  contracts: ArchivedContract[];
}

export function listArchive(archive: Archive): ArchivedGateway[] {
  return archive.all('SELECT * FROM gateways ORDER BY smgw_id').map((g) => {
    const originals = archive.get('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM originals WHERE gateway_id = ?', Number(g.id))!;
    const gateway: ArchivedGateway = {
      id: Number(g.id),
      smgwId: String(g.smgw_id),
      demo: g.demo === 1,
      firstSeen: Number(g.first_seen),
      lastSeen: Number(g.last_seen),
      originals: { count: Number(originals.n), bytes: Number(originals.bytes) },
      contracts: archive.all('SELECT id, usage_point_id, tariff_name FROM contracts WHERE gateway_id = ? ORDER BY usage_point_id, tariff_name', Number(g.id)).map((c) => ({
        id: Number(c.id),
        usagePointId: String(c.usage_point_id),
        tariffName: String(c.tariff_name),
        logEntries: Number(archive.get('SELECT COUNT(*) AS n FROM log_entries WHERE contract_id = ?', Number(c.id))!.n),
        channels: archive
          .all(
            `SELECT c.id, c.meter_reading_id, c.meter_id, c.obis, COUNT(r.capture_time) AS n, MIN(r.capture_time) AS first, MAX(r.capture_time) AS last
             FROM channels c LEFT JOIN readings r ON r.channel_id = c.id WHERE c.contract_id = ? GROUP BY c.id ORDER BY c.meter_reading_id`,
            Number(c.id),
          )
          .map((ch) => {
            const channel: ArchivedChannel = { id: Number(ch.id), meterReadingId: String(ch.meter_reading_id), meterId: String(ch.meter_id), obis: String(ch.obis), readings: Number(ch.n) };
            if (ch.first !== null) channel.first = Number(ch.first);
            if (ch.last !== null) channel.last = Number(ch.last);
            return channel;
          }),
      })),
    };
    if (g.vendor !== null) gateway.vendor = String(g.vendor);
    return gateway;
  });
}

export interface ChannelRange {
  times: Float64Array;
  values: Float64Array;
}

/** The readings of one channel with from ≤ capture time ≤ to (epoch ms), in time order. */
export function channelRange(archive: Archive, channelId: number, from = -8.64e15, to = 8.64e15): ChannelRange {
  const rows = archive.all('SELECT capture_time, value FROM readings WHERE channel_id = ? AND capture_time BETWEEN ? AND ? ORDER BY capture_time', channelId, from, to);
  const times = new Float64Array(rows.length);
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    times[i] = Number(rows[i]!.capture_time);
    values[i] = Number(rows[i]!.value);
  }
  return { times, values };
}

/** Per channel (by meter reading id) of a contract: the last archived capture time, where a sync goes on from. */
export function lastCaptureTimes(archive: Archive, smgwId: string): Map<string, number> {
  const rows = archive.all(
    `SELECT ct.tariff_name, ch.meter_reading_id, MAX(r.capture_time) AS last
     FROM gateways g JOIN contracts ct ON ct.gateway_id = g.id JOIN channels ch ON ch.contract_id = ct.id JOIN readings r ON r.channel_id = ch.id
     WHERE g.smgw_id = ? GROUP BY ch.id`,
    smgwId,
  );
  return new Map(rows.map((r) => [`${String(r.tariff_name)}/${String(r.meter_reading_id)}`, Number(r.last)]));
}

/** The highest log record number archived per contract (tariff name) of a gateway. */
export function lastLogRecords(archive: Archive, smgwId: string): Map<string, number> {
  const rows = archive.all(
    `SELECT ct.tariff_name, MAX(l.record_number) AS last FROM gateways g JOIN contracts ct ON ct.gateway_id = g.id JOIN log_entries l ON l.contract_id = ct.id
     WHERE g.smgw_id = ? AND l.record_number IS NOT NULL GROUP BY ct.id`,
    smgwId,
  );
  return new Map(rows.map((r) => [String(r.tariff_name), Number(r.last)]));
}

export interface DocumentRange {
  from?: number;
  to?: number;
  /** Only these contracts (tariff names). */
  tariffNames?: string[];
}

/** The gateway's archived data as one device document (every contract, readings within the range). */
export function loadGatewayDocument(archive: Archive, smgwId: string, range: DocumentRange = {}): Ar2418Document {
  const gateway = archive.get('SELECT * FROM gateways WHERE smgw_id = ?', smgwId);
  if (!gateway) throw new Error(`The archive holds no gateway "${smgwId}". \`trudi archive list\` shows what it holds.`);
  let contracts = archive.all('SELECT * FROM contracts WHERE gateway_id = ? ORDER BY id', Number(gateway.id));
  if (range.tariffNames) contracts = contracts.filter((c) => range.tariffNames!.includes(String(c.tariff_name)));
  const from = range.from ?? -8.64e15;
  const to = range.to ?? 8.64e15;
  const usagePoints = contracts.map((c) => usagePointOf(archive, gateway, c, from, to));
  const first = contracts[0];
  const document: Ar2418Document = { kind: 'device', schemaVersion: first?.schema_version === '1.2' ? '1.2' : '1.4', usagePoints };
  if (first?.generator_version) document.generatorVersion = String(first.generator_version);
  return document;
}

function usagePointOf(archive: Archive, gateway: SqlRow, c: SqlRow, from: number, to: number): UsagePoint {
  const certificates = (JSON.parse(String(c.certificates)) as { certId: number; certType: number; parentCertId?: number; content: string }[]).map((entry) => {
    const cert: UsagePoint['certificates'][number] = { certId: entry.certId, certType: entry.certType, certContent: new Uint8Array(Buffer.from(entry.content, 'base64')) };
    if (entry.parentCertId !== undefined && entry.parentCertId !== null) cert.parentCertId = entry.parentCertId;
    return cert;
  });
  const usagePoint: UsagePoint = {
    serviceCategory: Number(c.service_category),
    usagePointId: String(c.usage_point_id),
    customerId: String(c.customer_id),
    invoicingPartyId: String(c.invoicing_party_id),
    smgw: { certIds: JSON.parse(String(gateway.cert_ids)) as number[], smgwId: String(gateway.smgw_id), firmwareComponents: JSON.parse(String(gateway.firmware)) as UsagePoint['smgw']['firmwareComponents'] },
    certificates,
    tariffName: String(c.tariff_name),
    logEntries: archive
      .all('SELECT * FROM log_entries WHERE contract_id = ? AND (timestamp IS NULL OR timestamp BETWEEN ? AND ?) ORDER BY record_number, timestamp', Number(c.id), from, to)
      .map(logEntryOf),
    meterReadings: archive.all('SELECT * FROM channels WHERE contract_id = ? ORDER BY id', Number(c.id)).map((ch) => meterReadingOf(archive, ch, from, to)),
  };
  if (gateway.manufacturer !== null) usagePoint.smgw.manufacturer = String(gateway.manufacturer);
  if (c.taf_profile !== null) usagePoint.vendorConfig = { tafProfile: String(c.taf_profile) };
  return usagePoint;
}

function meterReadingOf(archive: Archive, ch: SqlRow, from: number, to: number): MeterReading {
  const readings = archive.all('SELECT * FROM readings WHERE channel_id = ? AND capture_time BETWEEN ? AND ? ORDER BY capture_time', Number(ch.id), from, to).map(readingOf);
  const meterReading: MeterReading = {
    meterId: String(ch.meter_id),
    meterReadingId: String(ch.meter_reading_id),
    readingType: {
      powerOfTenMultiplier: Number(ch.power_of_ten),
      uom: Number(ch.uom),
      scaler: Number(ch.scaler),
      obisCode: String(ch.obis),
      qualifiedLogicalName: String(ch.qualified_logical_name),
    },
    intervalBlocks: [],
  };
  if (ch.measurement_period !== null) meterReading.readingType.measurementPeriod = Number(ch.measurement_period);
  if (ch.meter_public_key !== null) meterReading.meterPublicKey = String(ch.meter_public_key);
  if (readings.length > 0) {
    const start = readings[0]!.captureTime;
    const last = readings[readings.length - 1]!;
    meterReading.intervalBlocks.push({ start, duration: Math.round((last.captureTime + last.duration * 1000 - start) / 1000), readings });
  }
  return meterReading;
}

function readingOf(row: SqlRow): IntervalReading {
  const r: IntervalReading = { value: Number(row.value), captureTime: Number(row.capture_time), duration: Number(row.duration) };
  if (row.target_time !== null) r.targetTime = Number(row.target_time);
  if (row.measurement_time_meter !== null) r.measurementTimeMeter = Number(row.measurement_time_meter);
  if (row.cert_id !== null) r.certId = Number(row.cert_id);
  if (row.meter_sig !== null) r.meterSig = String(row.meter_sig);
  if (row.signature !== null) r.signature = String(row.signature);
  if (row.status_fnn !== null) r.statusFNN = String(row.status_fnn);
  if (row.status_ptb !== null) r.statusPTB = Number(row.status_ptb);
  if (row.status_vendor !== null) r.statusVendor = String(row.status_vendor);
  return r;
}

function logEntryOf(row: SqlRow): LogEntry {
  const e: LogEntry = {};
  if (row.record_number !== null) e.recordNumber = Number(row.record_number);
  if (row.level !== null) e.level = Number(row.level);
  if (row.text !== null) e.text = String(row.text);
  if (row.outcome !== null) e.outcome = Number(row.outcome);
  if (row.timestamp !== null) e.timestamp = Number(row.timestamp);
  if (row.subject_identity !== null) e.subjectIdentity = String(row.subject_identity);
  if (row.destination !== null) e.destination = String(row.destination);
  if (row.user_identity !== null) e.userIdentity = String(row.user_identity);
  if (row.evidence !== null) e.evidence = String(row.evidence);
  return e;
}
