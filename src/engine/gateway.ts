/**
 * The engine's side of gateway access: the built-in demo gateway (a simulator in this process) and HAN
 * read-outs through the vendor adapters.
 */
import type { DemoGateway, GatewayCredentialsDto, GatewayReadRequest, ReadoutSummary } from '../api/dto';
import type { VendorId } from '../han/adapter';
import { VENDORS } from '../han/vendors';
import { DiagnosticsRecorder } from '../han/diagnostics';
import { ApiError } from '../api/errors';
import type { GatewayCredentials, ReadGatewayOptions, ReadGatewayResult } from '../han/read-gateway';
import { readGateway } from '../han/read-gateway';
import { DEFAULT_USER, startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import type { OperationContext } from './operations';
import type { GatewayResponse } from './readout-archive';
import { requestTime } from './request-time';

const DEMO_VENDOR = 'theben' as const;

export class DemoGatewayHost {
  private running: Promise<RunningSimulator> | undefined;
  private address: string | undefined;

  /** `months` of signed data the demo gateway serves (24 by default, as § 61 MsbG asks for). */
  constructor(private readonly months = 24) {}

  async start(op: OperationContext): Promise<DemoGateway> {
    // NIST P-256 (as in the SM-Test-PKI's data) signs 24 months in seconds; brainpoolP256r1, as in the field,
    // would keep a new user waiting minutes for the first click. Brainpool is covered by `trudi sample` and tests.
    this.running ??= startSimulator({
      vendor: DEMO_VENDOR,
      months: this.months,
      signatureCurve: 'P-256',
      onStatus: (message) => op.progress(-1, message),
    });
    let simulator: RunningSimulator;
    try {
      simulator = await this.running;
    } catch (error) {
      this.running = undefined;
      throw error;
    }
    this.address = `${simulator.host}:${simulator.port}`;
    return {
      host: simulator.host,
      port: simulator.port,
      vendor: simulator.vendor,
      gatewayId: simulator.dataset.smgwId,
      user: DEFAULT_USER.name,
      password: DEFAULT_USER.password,
      fingerprint: simulator.fingerprint,
    };
  }

  /** Whether an address is the running demo gateway (its read-outs are labelled as generated data). */
  serves(host: string, port: number): boolean {
    return this.address === `${host}:${port}`;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await (await running).close();
  }
}

export async function readGatewayForEngine(
  request: GatewayReadRequest,
  op: OperationContext,
  /** Sees every answer as it came (the archive keeps them byte for byte). */
  onResponse?: (response: GatewayResponse) => void,
): Promise<ReadGatewayResult & { session: DiagnosticsRecorder }> {
  const { options, session } = hanReadOptions(request, op, onResponse);
  // The display function shows them next to the read-out (getGatewayRegisters); a sync does not ask for them.
  return { ...(await readGateway({ ...options, withCurrentRegisters: true })), session };
}

/** The HAN read options of an API request (validated), with the diagnostics session that records it. */
export function hanReadOptions(
  request: GatewayReadRequest,
  op: OperationContext,
  onResponse?: (response: GatewayResponse) => void,
): { options: ReadGatewayOptions; session: DiagnosticsRecorder } {
  if (!request || typeof request.host !== 'string' || !request.host) throw new ApiError('BAD_REQUEST', 'The gateway address (host) is missing.');
  if (!Number.isInteger(request.port) || request.port < 1 || request.port > 65535) {
    throw ApiError.localized('BAD_REQUEST', `Der Port ${String(request.port)} ist ungültig (1-65535).`, `The port ${String(request.port)} is not valid (1-65535).`);
  }
  const session = new DiagnosticsRecorder({ vendor: request.vendor ?? 'auto', host: request.host, startedAt: Date.now() });
  const options: ReadGatewayOptions = {
    host: request.host,
    port: request.port,
    vendor: request.vendor ?? 'auto',
    credentials: hanCredentials(request.credentials),
    signal: op.signal,
    progress: (fraction, message) => op.progress(fraction, message),
    // Every answer of the gateway is kept with the read-out (diagnostics export, credentials removed).
    client: {
      onExchange: (method, path, response, requestBody) => {
        session.onExchange(method, path, response, requestBody);
        const contentType = response.headers.get('content-type')?.[0];
        onResponse?.({ method, path, status: response.status, body: new Uint8Array(response.body), receivedAt: Date.now(), ...(contentType ? { contentType } : {}) });
      },
    },
  };
  if (request.gatewayId) options.gatewayId = request.gatewayId;
  if (request.pin) options.pin = request.pin;
  if (request.from) options.from = requestTime(request.from, 'from');
  if (request.to) options.to = requestTime(request.to, 'to');
  return { options, session };
}

/** The HAN credentials of an API request (password, or a PKCS#12 client certificate). */
export function hanCredentials(dto: GatewayCredentialsDto | undefined): GatewayCredentials {
  if (dto?.kind === 'password') return { kind: 'password', user: dto.user, password: dto.password };
  if (dto?.kind === 'pkcs12') {
    const result: GatewayCredentials = {
      kind: 'certificate',
      certificate: { kind: 'pkcs12', data: new Uint8Array(Buffer.from(dto.pkcs12Base64, 'base64')), passphrase: dto.passphrase },
    };
    if (dto.user) result.user = dto.user;
    if (dto.password) result.password = dto.password;
    return result;
  }
  throw ApiError.localized(
    'BAD_REQUEST',
    'Geben Sie Benutzername und Passwort oder ein Client-Zertifikat (PKCS#12) mit Passwort an.',
    'Give a user name and password or a client certificate (PKCS#12) with its passphrase.',
  );
}

/** Marks a read-out whose vendor protocol is inferred (the UI shows the adapter as experimental). */
export function labelExperimentalVendor(summary: ReadoutSummary, vendor: VendorId): void {
  if (VENDORS[vendor].experimental) summary.experimentalVendor = VENDORS[vendor].name;
}
