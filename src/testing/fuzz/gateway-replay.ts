/**
 * A gateway read-out recorded once from the simulator over real TLS, then replayed in-process with one answer
 * replaced by a mutated body: the vendor adapters' JSON and XML handling under fuzzing at thousands of inputs
 * per second, without a TLS handshake per input. The replay answers exactly the requests of the recording
 * (the same range, contracts and pages); a request the recording does not have (a mutated answer changed the
 * next page) is answered 404, as a gateway answers an unknown path. The Request-ID header a Dr. Neuhaus
 * gateway echoes is echoed for the request at hand.
 */
import type { X509Certificate } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { LoadDataRequest, VendorId } from '../../han/adapter';
import { loadClientCertificate } from '../../han/client-certificate';
import { GatewayClient, type GatewayClientOptions, type RequestOptions } from '../../han/gateway-client';
import type { HttpResponse } from '../../han/http-connection';
import { unsignedSample } from '../../han/testing/fixtures';
import { createAdapter, vendorClientSettings } from '../../han/vendors';
import type { Ar2418Document, UsagePoint } from '../../model/types';
import { DEFAULT_USER, startSimulator, type SimVendor } from '../../simulator/gateway/server';
import { ContractViolation } from './fuzz-target';

export interface Recording {
  vendor: VendorId;
  gatewayId: string;
  range: { from: number; to: number };
  peerCertificate: X509Certificate;
  tlsInfo: { protocol: string; cipher: string; group?: string };
  /** The answers the adapter got, in order (bodies unpacked: no gzip encapsulation). */
  answers: { key: string; response: HttpResponse }[];
}

function keyOf(method: string, path: string, body: RequestOptions['body']): string {
  return `${method} ${path}\n${body === undefined ? '' : Buffer.isBuffer(body) ? body.toString('utf8') : body}`;
}

/** The sample's first `days` days only (readings and log), so that every answer stays a few KB. */
function shortSample(gatewayId: string, days: number): { document: Ar2418Document; from: number; to: number } {
  const document = unsignedSample(1, gatewayId);
  let from = Infinity;
  for (const up of document.usagePoints) for (const m of up.meterReadings) for (const b of m.intervalBlocks) from = Math.min(from, b.start);
  const to = from + days * 86_400_000;
  for (const up of document.usagePoints) {
    for (const m of up.meterReadings) {
      for (const b of m.intervalBlocks) {
        b.readings = b.readings.filter((r) => r.captureTime <= to);
        b.duration = Math.min(b.duration, (to - b.start) / 1000);
      }
    }
    up.logEntries = up.logEntries.filter((e) => e.timestamp === undefined || e.timestamp <= to).slice(0, 40);
  }
  return { document, from, to };
}

/** Reads every contract of the range with the log, as a read-out does (src/han/read-gateway.ts) without probing. */
export async function readContracts(vendor: VendorId, client: GatewayClient, gatewayId: string, range: { from: number; to: number }): Promise<UsagePoint[]> {
  const adapter = createAdapter(vendor, client, { gatewayId });
  try {
    await adapter.connect();
    const out: UsagePoint[] = [];
    for (const contract of await adapter.listContracts()) {
      const request: LoadDataRequest = { contract, start: Math.max(range.from, contract.begin), end: Math.min(range.to, contract.end ?? Infinity), withLog: true };
      if (request.start <= request.end) out.push(await adapter.loadData(request));
    }
    return out;
  } finally {
    await adapter.disconnect();
  }
}

class RecordingClient extends GatewayClient {
  readonly answers: Recording['answers'] = [];

  override async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const response = await super.request(method, path, options);
    const type = response.headers.get('content-type')?.[0] ?? '';
    let stored = response;
    if (/encap=gzip/i.test(type)) {
      const headers = new Map(response.headers);
      headers.set('content-type', [type.replace(/encap=gzip[^;]*/i, 'encap=xml')]);
      stored = { ...response, headers, body: gunzipSync(response.body) };
    }
    this.answers.push({ key: keyOf(method, path, options.body), response: stored });
    return response;
  }
}

/** Starts the vendor's simulator with a few days of data, reads it once over TLS and keeps every answer. */
export async function recordSession(vendor: SimVendor & VendorId, gatewayId: string, days = 2): Promise<Recording> {
  const { document, from, to } = shortSample(gatewayId, days);
  const sim = await startSimulator({ vendor, document });
  try {
    const identity = vendor === 'dnt' ? sim.clientIdentity() : undefined;
    const options: GatewayClientOptions = {
      host: sim.host,
      port: sim.port,
      pin: sim.fingerprint,
      user: DEFAULT_USER.name,
      password: DEFAULT_USER.password,
      ...(identity ? { client: loadClientCertificate({ kind: 'pkcs12', data: identity.pkcs12, passphrase: identity.passphrase }) } : {}),
      ...vendorClientSettings(vendor, sim.host),
      requestTimeoutMs: 20_000,
    };
    const client = new RecordingClient(options);
    const usagePoints = await readContracts(vendor, client, gatewayId, { from, to });
    if (usagePoints.length === 0 || !client.peerCertificate || !client.tlsInfo) throw new Error(`recording the ${vendor} simulator gave no data`);
    return { vendor, gatewayId, range: { from, to }, peerCertificate: client.peerCertificate, tlsInfo: client.tlsInfo, answers: client.answers };
  } finally {
    await sim.close();
  }
}

/** Answers from a recording, the answer `replaced.index` with `replaced.body`; bounded so that no paging runs for ever. */
export class ReplayClient extends GatewayClient {
  private readonly byKey = new Map<string, number>();
  private requests = 0;
  private readonly limit: number;

  constructor(
    private readonly recording: Recording,
    private readonly replaced: { index: number; body: Buffer },
  ) {
    super({ host: '127.0.0.1', port: 443, user: DEFAULT_USER.name, password: DEFAULT_USER.password, retries: 0 });
    // The last answer to a request wins (a Digest round repeats the request with credentials).
    recording.answers.forEach((a, i) => this.byKey.set(a.key, i));
    this.limit = recording.answers.length * 4 + 20;
    this.peerCertificate = recording.peerCertificate;
    this.tlsInfo = recording.tlsInfo;
  }

  override async connect(): Promise<void> {}

  override close(): void {}

  override async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    if (++this.requests > this.limit) {
      throw new ContractViolation(`the adapter does not stop: ${this.requests} requests where the recorded read-out took ${this.recording.answers.length} (last ${method} ${path})`);
    }
    const index = this.byKey.get(keyOf(method, path, options.body));
    if (index === undefined) return { status: 404, reason: 'Not Found', headers: new Map([['content-type', ['text/plain']]]), body: Buffer.from('not in the recording'), keepAlive: true };
    const recorded = this.recording.answers[index]!.response;
    const headers = new Map(recorded.headers);
    const requestId = options.headers?.find(([name]) => name.toLowerCase() === 'request-id')?.[1];
    if (requestId !== undefined && headers.has('request-id')) headers.set('request-id', [requestId]);
    return { ...recorded, headers, body: index === this.replaced.index ? this.replaced.body : recorded.body };
  }
}

/** Fields of a read-out that must be numbers an AR 2418-6 document can hold; a violation names the first that is not. */
export function checkUsagePoints(usagePoints: readonly UsagePoint[]): void {
  const integer = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value);
  for (const up of usagePoints) {
    for (const m of up.meterReadings) {
      const t = m.readingType;
      if (!integer(t.scaler) || !integer(t.uom)) throw new ContractViolation(`${t.qualifiedLogicalName}: scaler ${t.scaler}, uom ${t.uom} in the result`);
      for (const b of m.intervalBlocks) {
        for (const r of b.readings) {
          if (!integer(r.value) || !Number.isFinite(r.captureTime) || (r.targetTime !== undefined && !Number.isFinite(r.targetTime))) {
            throw new ContractViolation(`${t.qualifiedLogicalName}: reading ${JSON.stringify(r)} in the result`);
          }
        }
      }
    }
    for (const e of up.logEntries) {
      if ((e.timestamp !== undefined && !Number.isFinite(e.timestamp)) || (e.recordNumber !== undefined && !integer(e.recordNumber))) {
        throw new ContractViolation(`log entry ${JSON.stringify(e)} in the result`);
      }
    }
  }
}
