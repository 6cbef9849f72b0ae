/**
 * Sagemcom Dr. Neuhaus SMARTY IQ (FLAG DNT): "HGP" XML over `GET /smgw/hgp/…` (EXPERIMENTAL).
 *
 * Known from TRuDI's adapter and public reports (../shared/knowledge/04-han-gateways.md): the paths
 * (`evp/`, `evp/<id>`, `?method=query&list=OML|ATL|TL`, `?method=current|status`, `log/consumer?method=read`,
 * `sm?method=get-cert&name=cert-wan-sig|cert-issuer`), the namespace `urn:schema-smgw:hgp-3-0` and envelope
 * `envelope-consumer-out`, the headers Device-ID / Transport-Version / Request-ID / Accept with gzip, the
 * record element names, Digest MD5 or SHA-256 inside a TLS connection that requires a client certificate,
 * the CBC suite, the refusal of OpenSSL's ClientHello (hence the minimal TLS client).
 * INFERRED, as in the simulator (src/simulator/gateway/dnt.ts): the element nesting and attributes, ISO 8601
 * UTC times, `from` inclusive / `to` exclusive, ≤ 1,000 OML records and ≤ 100 audit records per page,
 * `meter-id` on measurement-entry, `sm?method=status` for the firmware. Every unexpected shape fails with the
 * element path instead of producing data.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { CancelledError } from '../../api/errors';
import type { FirmwareComponent, IntervalReading, LogEntry, MeterReading, UsagePoint } from '../../model/types';
import type { ConnectResult, ContractInfo, GatewayAdapter, LoadDataRequest, ProgressReporter } from '../adapter';
import { DeviceError, NoTafProfileForUserError, ProtocolError, TlsConnectFailedError } from '../errors';
import type { GatewayClient } from '../gateway-client';
import { MAX_RESPONSE_BODY, header, type HttpResponse } from '../http-connection';
import { ChannelCollector, currentRegisterOf, integerValue, obisHex, statusFnn, type ChannelInfo } from './kit/readings';
import { isoUtc, parseInstant } from './kit/time';
import { buildUsagePoint, connectionFacts, gatewayCertificateEntries, requireReadings } from './kit/usage-point';
import { child, childrenNamed, optionalText, parseXmlTree, requireChild, requireText, type XmlElement } from './kit/xml-tree';

export const HGP_NAMESPACE = 'urn:schema-smgw:hgp-3-0';
export const DNT_TRANSPORT_VERSION = '3.0';
export const DNT_PAGE = 1000;
export const DNT_LOG_PAGE = 100;

/** The gateway id the Device-ID header must carry: given, or read from the HAN certificate (`CN=EDNT….SMGW`). */
export function gatewayIdFromCertificateSubject(subject: string | undefined): string | undefined {
  return /CN=(E[A-Z]{3}\d{10})(?:\.SMGW)?/i.exec(subject ?? '')?.[1]?.toUpperCase();
}

export class DntAdapter implements GatewayAdapter {
  readonly vendor = 'dnt' as const;
  private connectResult: ConnectResult | undefined;
  private deviceId: string | undefined;

  constructor(
    readonly client: GatewayClient,
    private readonly options: { gatewayId?: string } = {},
  ) {}

  private async get(path: string): Promise<XmlElement> {
    const what = `GET /smgw/hgp/${path}`;
    const requestId = randomUUID();
    const response = await this.client.request('GET', `/smgw/hgp/${path}`, {
      headers: [
        ['Device-ID', this.deviceId!],
        ['Transport-Version', DNT_TRANSPORT_VERSION],
        ['Request-ID', requestId],
        ['Accept', 'application/hgp;encap=gzip,xml'],
      ],
    });
    if (response.status === 403 && /device-id/i.test(response.body.toString('utf8'))) {
      throw new ProtocolError(`the gateway refuses the gateway id ${this.deviceId} (Device-ID); give the id printed on the gateway (--gateway-id) / Gateway-ID prüfen`);
    }
    if (response.status !== 200) throw new DeviceError(response.status, `${what}: ${response.body.toString('utf8').slice(0, 200)}`);
    const echoed = header(response, 'request-id');
    if (echoed !== undefined && echoed !== requestId) throw new ProtocolError(`${what}: answer to request ${echoed}, not ${requestId}`);
    const root = parseXmlTree(this.body(response, what), what);
    if (root.name !== 'envelope-consumer-out' || root.namespace !== HGP_NAMESPACE) throw new ProtocolError(`${what}: root element {${root.namespace}}${root.name}, not an HGP envelope`);
    const device = root.attributes['device-id'];
    if (device !== undefined && device.toUpperCase() !== this.deviceId) throw new ProtocolError(`${what}: envelope of device ${device}, not ${this.deviceId}`);
    return root;
  }

  private body(response: HttpResponse, what: string): Buffer {
    const type = header(response, 'content-type') ?? '';
    if (!/encap=gzip/i.test(type)) return response.body;
    try {
      return gunzipSync(response.body, { maxOutputLength: MAX_RESPONSE_BODY });
    } catch (error) {
      throw new ProtocolError(`${what}: gzip body cannot be unpacked (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  async connect(): Promise<ConnectResult> {
    // The TLS connection comes first: the gateway id may have to be read from the HAN certificate.
    try {
      await this.client.connect();
    } catch (error) {
      if (error instanceof TlsConnectFailedError && !this.client.options.client) {
        throw new TlsConnectFailedError(
          `${error.reason} — Dr. Neuhaus-Gateways verlangen das Client-Zertifikat des Verbrauchers (PKCS#12 vom Messstellenbetreiber) auch bei Anmeldung mit Passwort / Dr. Neuhaus gateways require the consumer client certificate (PKCS#12 from the metering operator) also for password users`,
          { cause: error },
        );
      }
      throw error;
    }
    this.deviceId = (this.options.gatewayId ?? gatewayIdFromCertificateSubject(this.client.peerCertificate?.subject))?.toUpperCase();
    if (!this.deviceId) throw new ProtocolError('Dr. Neuhaus gateways want their gateway id in every request; give it (--gateway-id EDNT…) / Gateway-ID angeben');
    const status = requireChild(await this.get('sm?method=status'), 'smgw-status', 'GET sm?method=status');
    const firmware: FirmwareComponent[] = childrenNamed(child(status, 'firmware') ?? status, 'component').map((c) => ({
      name: c.attributes.name ?? '',
      version: c.attributes.version ?? '',
      ...(c.attributes.checksum ? { checksum: c.attributes.checksum } : {}),
    }));
    const certificate = async (name: string): Promise<Uint8Array | undefined> => {
      try {
        const cert = requireChild(await this.get(`sm?method=get-cert&name=${name}`), 'certificate', `get-cert ${name}`);
        return new Uint8Array(Buffer.from(cert.text, 'base64'));
      } catch (error) {
        if (error instanceof DeviceError && error.status === 404) return undefined;
        throw error;
      }
    };
    const signature = await certificate('cert-wan-sig');
    const issuer = await certificate('cert-issuer');
    const format = optionalText(status, 'simulator-signed-message-format');
    this.connectResult = {
      gatewayId: optionalText(status, 'device-id') ?? this.deviceId,
      ...connectionFacts(this.client),
      firmware,
      certificates: gatewayCertificateEntries(signature, issuer),
      ...(format ? { signedMessageFormat: format } : {}),
    };
    return this.connectResult;
  }

  async listContracts(): Promise<ContractInfo[]> {
    const refs = childrenNamed(requireChild(await this.get('evp/'), 'evp-list', 'GET evp/'), 'evp-ref');
    if (refs.length === 0) throw new NoTafProfileForUserError();
    const contracts: ContractInfo[] = [];
    for (const ref of refs) {
      const id = ref.attributes.id;
      if (!id) throw new ProtocolError(`GET evp/: ${ref.path} without id`);
      const what = `GET evp/${id}`;
      const profile = requireChild(await this.get(`evp/${encodeURIComponent(id)}`), 'evaluation-profile', what);
      const taf = integerValue(requireText(profile, 'taf', what), `${what} taf`);
      const validity = requireChild(profile, 'validity-window', what);
      const end = optionalText(validity, 'to');
      const meters = childrenNamed(profile, 'sensor-domain').map((m) => m.text);
      const registers = this.registers(profile, what);
      contracts.push({
        tafId: id,
        tafName: id,
        tafNumber: taf,
        meters: meters.length ? meters : [...new Set(registers.map((r) => r.meterId))],
        meteringPointId: requireText(profile, 'metering-point-id', what),
        supplierId: optionalText(profile, 'supplier'),
        consumerId: optionalText(child(profile, 'consumer') ?? profile, 'user-id'),
        begin: parseInstant(requireText(validity, 'from', what), `${what} validity-window/from`),
        ...(end ? { end: parseInstant(end, `${what} validity-window/to`) } : {}),
        billingPeriods: taf === 7 ? null : await this.billingPeriods(id),
      });
    }
    return contracts;
  }

  /** The registers the profile delivers (delivery/push-register with obis-id and meter-id). */
  private registers(profile: XmlElement, what: string): { obis: string; meterId: string }[] {
    return childrenNamed(requireChild(profile, 'delivery', what), 'push-register').map((r) => {
      const text = requireText(r, 'obis-id', what);
      const obis = obisHex(text);
      if (!obis) throw new ProtocolError(`${what}: ${r.path}/obis-id "${text}" is not an OBIS code`);
      return { obis, meterId: r.attributes['meter-id'] ?? '' };
    });
  }

  /** Billing periods from the tariff list (TL): billing-period{begin, end}. */
  private async billingPeriods(id: string): Promise<{ begin: number; end?: number }[]> {
    const what = `GET evp/${id}?method=query&list=TL`;
    const query = requireChild(await this.get(`evp/${encodeURIComponent(id)}?method=query&list=TL&count=${DNT_PAGE}`), 'query', what);
    return childrenNamed(query, 'billing-period').map((p) => {
      const end = optionalText(p, 'end');
      return { begin: parseInstant(requireText(p, 'begin', what), `${what} begin`), ...(end ? { end: parseInstant(end, `${what} end`) } : {}) };
    });
  }

  private entryReading(record: { captureTime: number; targetTime?: number }, entry: XmlElement, contract: ContractInfo, what: string): { channel: ChannelInfo; reading: IntervalReading } {
    const obisText = requireText(entry, 'obis-id', what);
    const obis = obisHex(obisText);
    if (!obis) throw new ProtocolError(`${what}: ${entry.path}/obis-id "${obisText}" is not an OBIS code`);
    const meterId = entry.attributes['meter-id'] ?? contract.meters[0];
    if (!meterId) throw new ProtocolError(`${what}: ${entry.path} names no meter`);
    const channel: ChannelInfo = {
      obis,
      meterId,
      scaler: integerValue(requireText(entry, 'scaler', what), `${what} scaler`),
      unit: integerValue(requireText(entry, 'unit', what), `${what} unit`),
    };
    const status = child(entry, 'status');
    const fnn = status ? statusFnn(optionalText(status, 'smgw'), optionalText(status, 'meter')) : undefined;
    const ptb = status ? optionalText(status, 'ptb') : undefined;
    const signature = optionalText(entry, 'signature');
    const reading: IntervalReading = {
      value: integerValue(requireText(entry, 'value', what), `${what} ${obis}`),
      captureTime: record.captureTime,
      duration: 0,
      ...(record.targetTime !== undefined ? { targetTime: record.targetTime } : {}),
      ...(signature ? { signature } : {}),
      ...(fnn ? { statusFNN: fnn } : {}),
      ...(ptb !== undefined ? { statusPTB: integerValue(ptb, `${what} status/ptb`) } : {}),
    };
    return { channel, reading };
  }

  private recordTimes(record: XmlElement, what: string): { captureTime: number; targetTime?: number } {
    const target = optionalText(record, 'target-time');
    return { captureTime: parseInstant(requireText(record, 'recording-time', what), `${what} recording-time`), ...(target ? { targetTime: parseInstant(target, `${what} target-time`) } : {}) };
  }

  async loadData(request: LoadDataRequest, progress?: ProgressReporter): Promise<UsagePoint> {
    const connected = this.connectResult;
    if (!connected) throw new ProtocolError('not connected');
    const { contract } = request;
    const collector = new ChannelCollector();
    // Original values (OML), oldest first, pages of at most DNT_PAGE records; `to` is exclusive.
    const to = request.end + 1000;
    let from = request.start;
    const span = Math.max(1, to - request.start);
    for (;;) {
      if (this.client.options.signal?.aborted) throw new CancelledError('Gateway read-out');
      const path = `evp/${encodeURIComponent(contract.tafId)}?method=query&list=OML&from=${isoUtc(from)}&to=${isoUtc(to)}&count=${DNT_PAGE}`;
      const what = `GET ${path}`;
      const records = childrenNamed(requireChild(await this.get(path), 'query', what), 'measurement-record');
      let last = from - 1;
      for (const record of records) {
        const times = this.recordTimes(record, what);
        if (times.captureTime < from || times.captureTime >= to) throw new ProtocolError(`${what}: record of ${isoUtc(times.captureTime)} outside the query`);
        if (times.captureTime <= last) throw new ProtocolError(`${what}: records not in ascending order at ${isoUtc(times.captureTime)}`);
        last = times.captureTime;
        for (const entry of childrenNamed(record, 'measurement-entry')) {
          const { channel, reading } = this.entryReading(times, entry, contract, what);
          collector.add(channel, reading);
        }
      }
      progress?.(Math.min(1, (last - request.start) / span) * (request.withLog ? 0.9 : 1), `Messwerte bis ${isoUtc(Math.max(last, from))} / readings up to ${isoUtc(Math.max(last, from))}`);
      if (records.length < DNT_PAGE) break;
      from = Math.floor(last / 1000) * 1000 + 1000;
    }
    const meterReadings = collector.meterReadings(request.start, request.end);
    requireReadings(meterReadings, request.start, request.end);
    const logEntries = request.withLog ? await this.log(request.start, request.end) : [];
    if (request.withLog) progress?.(1, 'Logbuch gelesen / log read');
    return this.usagePoint(contract, connected, meterReadings, logEntries);
  }

  private async log(start: number, end: number): Promise<LogEntry[]> {
    const entries = new Map<string, LogEntry>();
    let from = start;
    for (;;) {
      const path = `log/consumer?method=read&from=${isoUtc(from)}&to=${isoUtc(end + 1000)}&count=${DNT_LOG_PAGE}`;
      const what = `GET ${path}`;
      const records = childrenNamed(requireChild(await this.get(path), 'consumer-log', what), 'audit-record');
      let last = from;
      for (const r of records) {
        const timestamp = parseInstant(requireText(r, 'audit-time', what), `${what} audit-time`);
        const number = r.attributes.number;
        const level = optionalText(r, 'level');
        const outcome = optionalText(r, 'outcome');
        const entry: LogEntry = {
          ...(number !== undefined ? { recordNumber: integerValue(number, `${what} number`) } : {}),
          ...(level !== undefined ? { level: integerValue(level, `${what} level`) } : {}),
          ...(outcome !== undefined ? { outcome: integerValue(outcome, `${what} outcome`) } : {}),
          text: optionalText(r, 'message') ?? '',
          timestamp,
        };
        entries.set(`${number ?? ''}|${timestamp}|${entry.text}`, entry);
        last = Math.max(last, timestamp);
      }
      if (records.length < DNT_LOG_PAGE) break;
      // The next page starts at the last time seen (inclusive: several entries can share a second).
      if (last === from) throw new ProtocolError(`${what}: more than ${DNT_LOG_PAGE} log entries at ${isoUtc(from)}; the log cannot be paged by time`);
      from = last;
    }
    return [...entries.values()].sort((a, b) => a.timestamp! - b.timestamp! || (a.recordNumber ?? 0) - (b.recordNumber ?? 0));
  }

  private usagePoint(contract: ContractInfo, connected: ConnectResult, meterReadings: MeterReading[], logEntries: LogEntry[]): UsagePoint {
    return buildUsagePoint({ contract, connected, manufacturer: 'Sagemcom Dr. Neuhaus', user: this.client.options.user, meterReadings, logEntries });
  }

  async currentRegisters(contract: ContractInfo): Promise<UsagePoint> {
    const connected = this.connectResult;
    if (!connected) throw new ProtocolError('not connected');
    const path = `evp/${encodeURIComponent(contract.tafId)}?method=current`;
    const current = requireChild(await this.get(path), 'current', `GET ${path}`);
    const meterReadings: MeterReading[] = [];
    for (const record of childrenNamed(current, 'measurement-record')) {
      const times = this.recordTimes(record, `GET ${path}`);
      for (const entry of childrenNamed(record, 'measurement-entry')) {
        const { channel, reading } = this.entryReading(times, entry, contract, `GET ${path}`);
        meterReadings.push(currentRegisterOf(channel, reading));
      }
    }
    return this.usagePoint(contract, connected, meterReadings, []);
  }

  async disconnect(): Promise<void> {
    // No logout is known for HGP; closing the connection ends the session.
    this.client.close();
  }
}
