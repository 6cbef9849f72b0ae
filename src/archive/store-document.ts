/**
 * Puts an AR 2418-6 device document into the archive: gateway, contracts (usage points), channels (meter
 * readings), readings and log entries. What the archive already holds is kept as it is (a reading is
 * identified by channel and capture time, a log entry by its record number, time and text), so storing the
 * same document twice adds nothing, and history older than the gateway's retention stays.
 */
import type { Ar2418Document, IntervalReading, LogEntry, MeterReading, UsagePoint } from '../model/types';
import type { Archive } from './archive';

export interface StoredDocument {
  gatewayIds: number[];
  /** Readings the archive did not hold before. */
  newReadings: number;
  newLogEntries: number;
  /** Readings already archived with another value (the archived one is kept; see `conflicts`). */
  conflicts: number;
}

export interface StoreDocumentOptions {
  vendor?: string;
  demo?: boolean;
  at?: number;
}

/** Stores `document`; call inside `archive.transaction`. */
export function storeDocument(archive: Archive, document: Ar2418Document, options: StoreDocumentOptions = {}): StoredDocument {
  const at = options.at ?? Date.now();
  const result: StoredDocument = { gatewayIds: [], newReadings: 0, newLogEntries: 0, conflicts: 0 };
  for (const usagePoint of document.usagePoints) {
    const gatewayId = upsertGateway(archive, usagePoint, options, at);
    if (!result.gatewayIds.includes(gatewayId)) result.gatewayIds.push(gatewayId);
    const contractId = upsertContract(archive, gatewayId, usagePoint, document);
    for (const meterReading of usagePoint.meterReadings) {
      const channelId = upsertChannel(archive, contractId, meterReading);
      for (const block of meterReading.intervalBlocks) {
        for (const reading of block.readings) {
          const stored = insertReading(archive, channelId, reading);
          if (stored === 'new') result.newReadings++;
          else if (stored === 'conflict') result.conflicts++;
        }
      }
    }
    for (const entry of usagePoint.logEntries) if (insertLogEntry(archive, contractId, entry)) result.newLogEntries++;
  }
  return result;
}

export function gatewayRowId(archive: Archive, smgwId: string): number | undefined {
  const row = archive.get('SELECT id FROM gateways WHERE smgw_id = ?', smgwId);
  return row ? Number(row.id) : undefined;
}

function upsertGateway(archive: Archive, usagePoint: UsagePoint, options: StoreDocumentOptions, at: number): number {
  const smgw = usagePoint.smgw;
  const firmware = JSON.stringify(smgw.firmwareComponents);
  const certIds = JSON.stringify(smgw.certIds);
  const existing = gatewayRowId(archive, smgw.smgwId);
  if (existing !== undefined) {
    archive.run(
      'UPDATE gateways SET vendor = COALESCE(?, vendor), manufacturer = COALESCE(?, manufacturer), firmware = ?, cert_ids = ?, last_seen = MAX(last_seen, ?) WHERE id = ?',
      options.vendor ?? null,
      smgw.manufacturer ?? null,
      firmware,
      certIds,
      at,
      existing,
    );
    return existing;
  }
  return archive.run(
    'INSERT INTO gateways (smgw_id, vendor, manufacturer, firmware, cert_ids, demo, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    smgw.smgwId,
    options.vendor ?? null,
    smgw.manufacturer ?? null,
    firmware,
    certIds,
    options.demo ? 1 : 0,
    at,
    at,
  ).lastInsertRowid;
}

function upsertContract(archive: Archive, gatewayId: number, usagePoint: UsagePoint, document: Ar2418Document): number {
  const certificates = JSON.stringify(
    usagePoint.certificates.map((c) => ({ certId: c.certId, certType: c.certType, parentCertId: c.parentCertId, content: Buffer.from(c.certContent).toString('base64') })),
  );
  const existing = archive.get('SELECT id, certificates FROM contracts WHERE gateway_id = ? AND usage_point_id = ? AND tariff_name = ?', gatewayId, usagePoint.usagePointId, usagePoint.tariffName);
  if (existing) {
    // Keep the certificates already known when a later read-out carries none.
    if (usagePoint.certificates.length > 0 && existing.certificates !== certificates) archive.run('UPDATE contracts SET certificates = ? WHERE id = ?', certificates, Number(existing.id));
    return Number(existing.id);
  }
  return archive.run(
    `INSERT INTO contracts (gateway_id, usage_point_id, tariff_name, service_category, customer_id, invoicing_party_id, taf_profile, schema_version, generator_version, certificates)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    gatewayId,
    usagePoint.usagePointId,
    usagePoint.tariffName,
    usagePoint.serviceCategory,
    usagePoint.customerId,
    usagePoint.invoicingPartyId,
    usagePoint.vendorConfig?.tafProfile ?? null,
    document.schemaVersion,
    document.generatorVersion ?? null,
    certificates,
  ).lastInsertRowid;
}

function upsertChannel(archive: Archive, contractId: number, meterReading: MeterReading): number {
  const existing = archive.get('SELECT id FROM channels WHERE contract_id = ? AND meter_reading_id = ?', contractId, meterReading.meterReadingId);
  if (existing) return Number(existing.id);
  const type = meterReading.readingType;
  return archive.run(
    `INSERT INTO channels (contract_id, meter_reading_id, meter_id, meter_public_key, obis, qualified_logical_name, uom, scaler, power_of_ten, measurement_period)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    contractId,
    meterReading.meterReadingId,
    meterReading.meterId,
    meterReading.meterPublicKey ?? null,
    type.obisCode,
    type.qualifiedLogicalName,
    type.uom,
    type.scaler,
    type.powerOfTenMultiplier,
    type.measurementPeriod ?? null,
  ).lastInsertRowid;
}

function insertReading(archive: Archive, channelId: number, r: IntervalReading): 'new' | 'same' | 'conflict' {
  const inserted = archive.run(
    `INSERT OR IGNORE INTO readings (channel_id, capture_time, value, duration, target_time, measurement_time_meter, cert_id, meter_sig, signature, status_fnn, status_ptb, status_vendor)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    channelId,
    r.captureTime,
    r.value,
    r.duration,
    r.targetTime ?? null,
    r.measurementTimeMeter ?? null,
    r.certId ?? null,
    r.meterSig ?? null,
    r.signature ?? null,
    r.statusFNN ?? null,
    r.statusPTB ?? null,
    r.statusVendor ?? null,
  );
  if (inserted.changes > 0) return 'new';
  const stored = archive.get('SELECT value, signature FROM readings WHERE channel_id = ? AND capture_time = ?', channelId, r.captureTime);
  return stored && Number(stored.value) === r.value && (stored.signature ?? undefined) === r.signature ? 'same' : 'conflict';
}

function insertLogEntry(archive: Archive, contractId: number, e: LogEntry): boolean {
  const key = `${e.recordNumber ?? ''}|${e.timestamp ?? ''}|${e.text ?? ''}`;
  return (
    archive.run(
      `INSERT OR IGNORE INTO log_entries (contract_id, entry_key, record_number, timestamp, level, text, outcome, subject_identity, destination, user_identity, evidence)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      contractId,
      key,
      e.recordNumber ?? null,
      e.timestamp ?? null,
      e.level ?? null,
      e.text ?? null,
      e.outcome ?? null,
      e.subjectIdentity ?? null,
      e.destination ?? null,
      e.userIdentity ?? null,
      e.evidence ?? null,
    ).changes > 0
  );
}
