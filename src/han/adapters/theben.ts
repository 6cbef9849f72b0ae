/**
 * Theben CONEXA (FLAG THE): JSON methods over POST /smgw/m2m/<user>/json (vendor spec IF_GW_CON v1.4).
 * Quirks honoured: follow the 307 and keep the path, Content-Type exactly application/json, explicit
 * Content-Length, MD5 Digest although SHA-256 is offered, ≤ 31 days per readings call, ≤ 1,500 log entries.
 */
import { CancelledError } from '../../api/errors';
import type { FirmwareComponent, IntervalReading, LogEntry, MeterReading, UsagePoint } from '../../model/types';
import { windows, type ConnectResult, type ContractInfo, type GatewayAdapter, type LoadDataRequest, type ProgressReporter } from '../adapter';
import { CertificateChangedError, DeviceError, NoTafProfileForUserError, ProtocolError } from '../errors';
import { fingerprintOf } from '../fingerprint';
import type { GatewayClient } from '../gateway-client';
import { header } from '../http-connection';
import { parseGatewayCertificate } from './kit/certificate';
import { ChannelCollector, currentRegisterOf, integerValue, obisHex, statusFnn, type ChannelInfo } from './kit/readings';
import { SCALER, UNIT, jsonInteger, jsonObject, jsonObjects, logNumbers, type Json } from './kit/json';
import { isoUtc as iso, parseInstant as time } from './kit/time';
import { buildUsagePoint, connectionFacts, gatewayCertificateEntries, hexBytes as hexToBytes, requireReadings } from './kit/usage-point';

export const THEBEN_WINDOW_MS = 31 * 86_400_000;
export const THEBEN_LOG_LIMIT = 1500;
/** More pages than a gateway log could hold (15 million entries): a bound, should paging never end. */
export const THEBEN_MAX_LOG_PAGES = 10_000;


export class ThebenAdapter implements GatewayAdapter {
  readonly vendor = 'theben' as const;
  private userPath: string | undefined;
  private connectResult: ConnectResult | undefined;
  private userInfo: Json[] | undefined;

  constructor(readonly client: GatewayClient) {}

  private async call(method: string, params: Json = {}): Promise<Json> {
    if (!this.userPath) throw new ProtocolError('not connected');
    const response = await this.client.request('POST', this.userPath, { body: JSON.stringify({ method, ...params }), contentType: 'application/json' });
    if (response.status !== 200) throw new DeviceError(response.status, `${method}: ${response.body.toString('utf8').slice(0, 200)}`);
    let json: Json;
    try {
      json = jsonObject(JSON.parse(response.body.toString('utf8')), `${method}: the answer`);
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      throw new ProtocolError(`${method}: response is not JSON`);
    }
    if (json.method !== undefined && json.method !== method) throw new ProtocolError(`${method}: answer for "${String(json.method)}"`);
    return json;
  }

  async connect(): Promise<ConnectResult> {
    const entry = await this.client.request('GET', '/smgw/m2m');
    if (entry.status === 307 || entry.status === 302 || entry.status === 301 || entry.status === 308) {
      const location = header(entry, 'location');
      if (!location) throw new ProtocolError('redirect without Location');
      this.userPath = new URL(location, 'https://gateway').pathname;
    } else if (entry.status === 200 && this.client.options.user) {
      this.userPath = `/smgw/m2m/${encodeURIComponent(this.client.options.user)}/json`;
    } else if (entry.status === 404) {
      throw new ProtocolError('no /smgw/m2m (not a Theben CONEXA gateway?)');
    } else {
      throw new DeviceError(entry.status, 'GET /smgw/m2m');
    }
    const info = await this.call('smgw-info');
    const facts = connectionFacts(this.client);
    const fingerprint = facts.fingerprint;
    const certs = info.certificates === undefined || info.certificates === null ? {} : jsonObject(info.certificates, 'smgw-info certificates');
    const reportedHan = hexToBytes(certs['han.tls']);
    if (reportedHan) {
      // The gateway reports its HAN certificate (hex of the PEM text): it must be the one TLS presented.
      const reported = fingerprintOf(parseGatewayCertificate(reportedHan, 'smgw-info certificates.han.tls').raw);
      if (reported !== fingerprint) throw new CertificateChangedError(reported, fingerprint, 'HAN certificate reported by the gateway vs. TLS');
    }
    const wan = jsonObjects(certs.wan, 'smgw-info certificates.wan');
    const seal = wan.find((w) => w['cert-index'] === 0) ?? wan[0];
    const certificates = gatewayCertificateEntries(hexToBytes(seal?.sig), hexToBytes(seal?.['sub-ca']));
    const firmware: FirmwareComponent[] = jsonObjects(info['firmware-info'], 'smgw-info firmware-info').map((f) => ({
      name: String(f.component ?? ''),
      version: String(f.version ?? ''),
      ...(f.hash ? { checksum: String(f.hash) } : {}),
    }));
    this.connectResult = {
      gatewayId: String(info['smgw-id'] ?? ''),
      ...facts,
      firmware,
      certificates,
      ...(typeof info['signed-message-format'] === 'string' ? { signedMessageFormat: info['signed-message-format'] } : {}),
    };
    return this.connectResult;
  }

  async listContracts(): Promise<ContractInfo[]> {
    const info = await this.call('user-info');
    const points = jsonObjects(info['usage-points'], 'user-info usage-points');
    this.userInfo = points;
    if (points.length === 0) throw new NoTafProfileForUserError();
    return points.map((p) => {
      const periods = jsonObjects(p['billing-Periods'], 'user-info billing-Periods');
      const tafNumber = typeof p['taf-number'] === 'number' ? p['taf-number'] : undefined;
      return {
        tafId: String(p['usage-point-id']),
        tafName: typeof p['usage-point-name'] === 'string' ? p['usage-point-name'] : undefined,
        tafNumber,
        meters: jsonObjects(p.meter, 'user-info meter').map((m) => String(m['meter-id'])),
        meteringPointId: String(p['metering-point-id'] ?? ''),
        supplierId: typeof p['supplier-id'] === 'string' ? p['supplier-id'] : undefined,
        consumerId: typeof p['consumer-id'] === 'string' ? p['consumer-id'] : undefined,
        begin: time(p['start-time'], 'start-time'),
        ...(typeof p['end-time'] === 'string' ? { end: time(p['end-time'], 'end-time') } : {}),
        billingPeriods: tafNumber === 7 ? null : periods.map((b) => ({ begin: time(b['start-time'], 'start-time'), ...(typeof b['end-time'] === 'string' ? { end: time(b['end-time'], 'end-time') } : {}) })),
      };
    });
  }

  private async channels(contract: ContractInfo): Promise<ChannelInfo[]> {
    const info = await this.call('usage-point-info', { 'usage-point-id': contract.tafId, database: 'origin' });
    const db = jsonObjects(info.databases, 'usage-point-info databases').find((d) => d.database === 'origin');
    const channels = jsonObjects(db?.channels, 'usage-point-info channels');
    this.tafProfile = typeof info['taf-profile'] === 'string' ? info['taf-profile'] : undefined;
    return channels.map((c) => ({
      obis: this.obisOf(c.obis, 'usage-point-info channel obis'),
      scaler: jsonInteger(c.scaler, `usage-point-info channel ${String(c.obis)} scaler`, SCALER),
      unit: jsonInteger(c.unit, `usage-point-info channel ${String(c.obis)} unit`, UNIT),
      meterId: typeof c['meter-id'] === 'string' ? c['meter-id'] : (contract.meters[0] ?? ''),
    }));
  }

  private tafProfile: string | undefined;

  private obisOf(value: unknown, what: string): string {
    const obis = typeof value === 'string' ? obisHex(value) : undefined;
    if (!obis) throw new ProtocolError(`${what}: "${String(value)}" is not an OBIS code`);
    return obis;
  }

  async loadData(request: LoadDataRequest, progress?: ProgressReporter): Promise<UsagePoint> {
    const connected = this.connectResult;
    if (!connected) throw new ProtocolError('not connected');
    const { contract } = request;
    const channels = await this.channels(contract);
    // fromtime is exclusive: start one second earlier so that a reading at `start` is included.
    const spans = windows(request.start - 1000, request.end, THEBEN_WINDOW_MS);
    const collector = new ChannelCollector();
    for (const c of channels) collector.declare(c);
    const steps = spans.length + (request.withLog ? 1 : 0);
    let done = 0;
    for (const [from, to] of spans) {
      if (this.client.options.signal?.aborted) throw new CancelledError('Gateway read-out');
      const answer = await this.call('readings', { 'usage-point-id': contract.tafId, database: 'origin', fromtime: iso(from), totime: iso(to) });
      for (const ch of jsonObjects(answer.channels, 'readings channels')) {
        const obis = this.obisOf(ch.obis, 'readings channel obis');
        const channel = channels.find((c) => c.obis === obis);
        if (!channel) continue;
        for (const r of jsonObjects(ch.readings, `readings ${channel.obis} readings`)) collector.add(channel, this.reading(r));
      }
      done++;
      progress?.(done / steps, `Messwerte bis ${iso(to)} / readings up to ${iso(to)}`);
    }
    const meterReadings = collector.meterReadings(request.start, request.end);
    requireReadings(meterReadings, request.start, request.end);
    const logEntries = request.withLog ? await this.log(request.start, request.end, request.logFromRecord ?? 0) : [];
    if (request.withLog) progress?.(1, 'Logbuch gelesen / log read');
    return this.usagePoint(contract, connected, meterReadings, logEntries);
  }

  private reading(r: Json): IntervalReading {
    if (typeof r.value !== 'string') throw new ProtocolError(`reading value "${String(r.value)}" is not a string`);
    const value = integerValue(r.value, 'reading');
    const statusFNN = statusFnn(r['smgw-status'], r['meter-status']);
    return {
      value,
      captureTime: time(r['capture-time'], 'capture-time'),
      duration: 0,
      ...(typeof r['target-time'] === 'string' ? { targetTime: time(r['target-time'], 'target-time') } : {}),
      ...(typeof r.signature === 'string' && r.signature ? { signature: r.signature } : {}),
      ...(statusFNN ? { statusFNN } : {}),
    };
  }

  private async log(start: number, end: number, firstIndex: number): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    let fromIndex = firstIndex;
    for (let pageNumber = 1; ; pageNumber++) {
      if (this.client.options.signal?.aborted) throw new CancelledError('Gateway read-out');
      if (pageNumber > THEBEN_MAX_LOG_PAGES) throw new ProtocolError(`log: more than ${THEBEN_MAX_LOG_PAGES} pages of ${THEBEN_LOG_LIMIT} entries; the gateway's log cannot be read to its end`);
      const answer = await this.call('log', { fromtime: iso(start - 1000), totime: iso(end), fromindex: fromIndex, count: THEBEN_LOG_LIMIT });
      const page = jsonObjects(answer.entries, `log from index ${fromIndex} entries`);
      for (const e of page) {
        entries.push({
          ...logNumbers(e.index, e.level, e.outcome, `log from index ${fromIndex}`),
          ...(typeof e.message === 'string' ? { text: e.message } : {}),
          ...(typeof e.time === 'string' ? { timestamp: time(e.time, 'log time') } : {}),
        });
      }
      const last = page.at(-1)?.index;
      if (page.length < THEBEN_LOG_LIMIT || typeof last !== 'number') return entries;
      // Paging must advance: a page asked from index N ends at N or later, else the gateway repeats itself.
      if (!Number.isSafeInteger(last) || last < fromIndex) {
        const first = page[0]?.index;
        throw new ProtocolError(`log: the page asked from index ${fromIndex} answered entries ${String(first)}–${String(last)} again; the gateway does not advance its log paging`);
      }
      fromIndex = last + 1;
    }
  }

  private usagePoint(contract: ContractInfo, connected: ConnectResult, meterReadings: MeterReading[], logEntries: LogEntry[]): UsagePoint {
    return buildUsagePoint({
      contract,
      connected,
      manufacturer: 'Theben',
      user: this.client.options.user,
      meterReadings,
      logEntries,
      ...(this.tafProfile ? { vendorConfig: { tafProfile: this.tafProfile } } : {}),
    });
  }

  async currentRegisters(contract: ContractInfo): Promise<UsagePoint> {
    const connected = this.connectResult;
    if (!connected) throw new ProtocolError('not connected');
    const channels = await this.channels(contract);
    const answer = await this.call('readings', { 'usage-point-id': contract.tafId, database: 'origin', 'last-reading': true, fromtime: iso(Date.now() - 86_400_000), totime: iso(Date.now()) });
    const meterReadings: MeterReading[] = [];
    for (const c of channels) {
      const ch = jsonObjects(answer.channels, 'readings channels').find((x) => this.obisOf(x.obis, 'readings channel obis') === c.obis);
      const last = jsonObjects(ch?.readings, `readings ${c.obis} readings`).at(-1);
      if (!last) continue;
      meterReadings.push(currentRegisterOf(c, this.reading(last)));
    }
    return this.usagePoint(contract, connected, meterReadings, []);
  }

  async disconnect(): Promise<void> {
    // CONEXA has no logout method; closing the connection ends the session.
    this.client.close();
  }
}
