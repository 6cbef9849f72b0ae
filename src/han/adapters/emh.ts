/**
 * EMH CASA (FLAG EMH): JSON REST under /json/… (HTTP/1.1 only; the Host header must name the gateway).
 * History is read month by month (Berlin calendar months), as TRuDI did.
 */
import { parseGatewayCertificate } from './kit/certificate';
import { CancelledError } from '../../api/errors';
import { berlinParts, berlinTime } from '../../model/time/berlin';
import type { LogEntry, MeterReading, UsagePoint } from '../../model/types';
import type { ConnectResult, ContractInfo, GatewayAdapter, LoadDataRequest, ProgressReporter } from '../adapter';
import { DeviceError, NoTafProfileForUserError, ProtocolError } from '../errors';
import type { GatewayClient } from '../gateway-client';
import { ChannelCollector, currentRegisterOf, integerValue, obisHex, statusFnn, type ChannelInfo } from './kit/readings';
import { SCALER, UNIT, jsonInteger, jsonObject, jsonObjects, logNumbers } from './kit/json';
import { parseInstant as time } from './kit/time';
import { buildUsagePoint, connectionFacts, gatewayCertificateEntries, requireReadings } from './kit/usage-point';


/** `YYYY-MM` keys of the Berlin months that overlap [start, end]. */
export function berlinMonths(start: number, end: number): string[] {
  const keys: string[] = [];
  const s = berlinParts(start);
  for (let i = 0; ; i++) {
    const first = berlinTime(s.year, s.month + i, 1);
    if (first > end) break;
    const p = berlinParts(first);
    keys.push(`${p.year}-${String(p.month).padStart(2, '0')}`);
  }
  return keys;
}

export class EmhAdapter implements GatewayAdapter {
  readonly vendor = 'emh' as const;
  private connectResult: ConnectResult | undefined;

  constructor(readonly client: GatewayClient) {}

  private async get(path: string): Promise<unknown> {
    const response = await this.client.request('GET', `/json/${path}`);
    if (response.status !== 200) throw new DeviceError(response.status, `GET /json/${path}: ${response.body.toString('utf8').slice(0, 200)}`);
    try {
      return JSON.parse(response.body.toString('utf8')) as unknown;
    } catch {
      throw new ProtocolError(`GET /json/${path}: response is not JSON`);
    }
  }

  async connect(): Promise<ConnectResult> {
    const info = jsonObject(await this.get('systeminformations'), 'GET /json/systeminformations');
    const facts = connectionFacts(this.client);
    let certificates: ConnectResult['certificates'] = [];
    const pem = await this.client.request('GET', '/json/download/certificate.pem');
    if (pem.status === 200) {
      const blocks = pem.body.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
      const [sig, sub] = blocks.map((b, i) => new Uint8Array(parseGatewayCertificate(b, `GET /json/download/certificate.pem certificate ${i + 1}`).raw));
      certificates = gatewayCertificateEntries(sig, sub);
    }
    const firmware = jsonObjects(info.firmware, 'GET /json/systeminformations firmware').map((f) => ({
      name: String(f.name ?? ''),
      version: String(f.version ?? ''),
      ...(f.checksum ? { checksum: String(f.checksum) } : {}),
    }));
    this.connectResult = {
      gatewayId: String(info.smgw_id ?? ''),
      ...facts,
      firmware,
      certificates,
      ...(typeof info.signed_message_format === 'string' ? { signedMessageFormat: info.signed_message_format } : {}),
    };
    return this.connectResult;
  }

  async listContracts(): Promise<ContractInfo[]> {
    const ids = await this.get('metering/derived');
    if (!Array.isArray(ids) || ids.length === 0) throw new NoTafProfileForUserError();
    const contracts: ContractInfo[] = [];
    for (const id of ids) {
      if (typeof id !== 'string' && typeof id !== 'number') throw new ProtocolError(`GET /json/metering/derived: ${JSON.stringify(id)} is not a contract id`);
      const c = jsonObject(await this.get(`metering/derived/${encodeURIComponent(String(id))}`), `GET /json/metering/derived/${id}`);
      const tafNumber = Number(/(\d+)/.exec(String(c.taf_type ?? ''))?.[1] ?? NaN);
      contracts.push({
        tafId: String(id),
        tafName: typeof c.taf_name === 'string' ? c.taf_name : undefined,
        ...(Number.isFinite(tafNumber) ? { tafNumber } : {}),
        meters: Array.isArray(c.sensor_domains) ? c.sensor_domains.map(String) : [],
        meteringPointId: String(c.metering_point_id ?? ''),
        supplierId: typeof c.supplier_id === 'string' ? c.supplier_id : undefined,
        consumerId: typeof c.consumer_id === 'string' ? c.consumer_id : undefined,
        begin: time(c.validity_start, 'validity_start'),
        ...(typeof c.validity_end === 'string' ? { end: time(c.validity_end, 'validity_end') } : {}),
        billingPeriods: tafNumber === 7 ? null : [],
      });
    }
    return contracts;
  }

  async loadData(request: LoadDataRequest, progress?: ProgressReporter): Promise<UsagePoint> {
    const connected = this.connectResult;
    if (!connected) throw new ProtocolError('not connected');
    const { contract } = request;
    const months = berlinMonths(request.start, request.end);
    const steps = months.length * contract.meters.length + (request.withLog ? months.length : 0);
    let done = 0;
    const collector = new ChannelCollector();
    for (const meter of contract.meters) {
      for (const month of months) {
        if (this.client.options.signal?.aborted) throw new CancelledError('Gateway read-out');
        const what = `GET /json/metering/origin/${meter}/${month}/extended`;
        for (const e of jsonObjects(await this.get(`metering/origin/${encodeURIComponent(meter)}/${month}/extended`), what)) {
          const captureTime = time(e.capture_time, 'capture_time');
          if (captureTime < request.start || captureTime > request.end) continue;
          const targetTime = typeof e.timestamp === 'string' ? time(e.timestamp, 'timestamp') : undefined;
          for (const v of jsonObjects(e.values, `${what} values`)) {
            const channel = this.channelOf(meter, v);
            if (typeof v.value !== 'string') throw new ProtocolError(`value "${String(v.value)}" of ${channel.qualifiedLogicalName} is not a string`);
            const status = typeof v.status === 'string' && v.status ? v.status : typeof e.status === 'string' ? e.status : '';
            const statusFNN = statusFnn(status.slice(0, 8), status.slice(8));
            collector.add(channel, {
              value: integerValue(v.value, channel.qualifiedLogicalName!),
              captureTime,
              duration: 0,
              ...(targetTime !== undefined ? { targetTime } : {}),
              ...(typeof v.signature === 'string' && v.signature !== '-' && v.signature ? { signature: v.signature } : {}),
              ...(status.length === 16 && statusFNN ? { statusFNN } : {}),
            });
          }
        }
        done++;
        progress?.(done / steps, `Messwerte ${month} / readings ${month}`);
      }
    }
    const meterReadings = collector.meterReadings(request.start, request.end);
    requireReadings(meterReadings, request.start, request.end);
    const logEntries: LogEntry[] = [];
    if (request.withLog) {
      for (const month of months) {
        for (const e of jsonObjects(await this.get(`conlogbook/${month}`), `GET /json/conlogbook/${month}`)) {
          const timestamp = typeof e.timestamp === 'string' ? time(e.timestamp, 'timestamp') : undefined;
          if (timestamp !== undefined && (timestamp < request.start || timestamp > request.end)) continue;
          logEntries.push({
            ...logNumbers(e.recordnumber, e.level, e.outcome, `GET /json/conlogbook/${month}`),
            ...(typeof e.text === 'string' ? { text: e.text } : {}),
            ...(timestamp !== undefined ? { timestamp } : {}),
          });
        }
        done++;
        progress?.(done / steps, `Logbuch ${month} / log ${month}`);
      }
    }
    return this.usagePoint(contract, connected, meterReadings, logEntries);
  }

  /** The register of one value: logical name `<obis>.<meter>.sm`, scaler and unit as the gateway sends them. */
  private channelOf(meter: string, v: Record<string, unknown>): ChannelInfo {
    const name = String(v.logical_name ?? '');
    const obis = obisHex(name);
    if (!obis) throw new ProtocolError(`logical_name "${name}" does not start with an OBIS code`);
    return { obis, meterId: meter, scaler: jsonInteger(v.scaler, `${name} scaler`, SCALER), unit: jsonInteger(v.unit, `${name} unit`, UNIT), qualifiedLogicalName: name };
  }

  private usagePoint(contract: ContractInfo, connected: ConnectResult, meterReadings: MeterReading[], logEntries: LogEntry[]): UsagePoint {
    return buildUsagePoint({ contract, connected, manufacturer: 'EMH', user: this.client.options.user, meterReadings, logEntries });
  }

  async currentRegisters(contract: ContractInfo): Promise<UsagePoint> {
    const connected = this.connectResult;
    if (!connected) throw new ProtocolError('not connected');
    const meterReadings: MeterReading[] = [];
    for (const meter of contract.meters) {
      const answer = await this.get(`metering/origin/${encodeURIComponent(meter)}/extended`);
      if (answer === null) continue;
      const e = jsonObject(answer, `GET /json/metering/origin/${meter}/extended`);
      const captureTime = time(e.capture_time, 'capture_time');
      for (const v of jsonObjects(e.values, `GET /json/metering/origin/${meter}/extended values`)) {
        const channel = this.channelOf(meter, v);
        meterReadings.push(currentRegisterOf(channel, { value: integerValue(v.value, channel.qualifiedLogicalName!), captureTime, duration: 0 }));
      }
    }
    return this.usagePoint(contract, connected, meterReadings, []);
  }

  async disconnect(): Promise<void> {
    this.client.close();
  }
}
