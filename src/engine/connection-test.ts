/**
 * The connection assistant's test: TCP → TLS → certificate fingerprint → login, one step after the other,
 * stopping at the first that fails with the engine's error (cause and next step in German and English) and
 * an advice the UI links to its help. Progress per step; cancellable (a cancel is not a failed step).
 *
 * - tcp: the port accepts a TCP connection (unreachable: the PC's address in the gateway's HAN subnet).
 * - tls: a TLS handshake up to the gateway's certificate, without sending any credential or client
 *   certificate (the same probe as trust on first use).
 * - certificate: the fingerprint against the pin (the request's, else the profile's, else the one the engine
 *   remembers for the gateway); none: a first visit, the user confirms the fingerprint and tests again.
 * - login: the vendor adapter's connect(), i.e. its first authenticated request(s), then logout. Nothing is read.
 */
import type {
  ConnectionTestAdvice,
  ConnectionTestRequest,
  ConnectionTestResult,
  ConnectionTestStep,
  ConnectionTestStepId,
  GatewayCredentialsDto,
  GatewayVendorDto,
} from '../api/dto';
import { ApiError, toErrorPayload } from '../api/errors';
import { CertificateChangedError, PinRequiredError } from '../han/errors';
import { normalizeFingerprint } from '../han/fingerprint';
import { HttpConnection, checkTcp } from '../han/http-connection';
import { gatewayAdapter, gatewayClientBase } from '../han/read-gateway';
import type { GatewayProfiles } from './gateway-profiles';
import { hanCredentials } from './gateway';
import type { OperationContext } from './operations';
import { profileCredentials } from './profile-read';

export const CONNECTION_TEST_STEPS: readonly ConnectionTestStepId[] = ['tcp', 'tls', 'certificate', 'login'];

/** What a test talks to: the address, the pin and its origin, and the credentials (opened only at the login step). */
export interface ConnectionTestTarget {
  host: string;
  port: number;
  vendor?: GatewayVendorDto | 'auto';
  gatewayId?: string;
  pin?: string;
  pinSource: NonNullable<ConnectionTestResult['pinSource']>;
  /** undefined: nothing to log in with (the login step is skipped). May throw (a stored secret that does not open). */
  credentials(): Promise<GatewayCredentialsDto | undefined>;
  /** Only for tests: the TCP/TLS timeout (default 10 s). */
  connectTimeoutMs?: number;
}

function isProfileTest(request: ConnectionTestRequest): request is Extract<ConnectionTestRequest, { profileId: string }> {
  return typeof (request as { profileId?: unknown } | undefined)?.profileId === 'string';
}

/** The target of a request: a saved profile (its secret typed, or opened from the profile at the login step) or an address. */
export function connectionTestTarget(
  request: ConnectionTestRequest,
  profiles: GatewayProfiles | undefined,
  requireProfiles: () => GatewayProfiles,
): ConnectionTestTarget {
  if (!request || typeof request !== 'object') throw new ApiError('BAD_REQUEST', 'The connection test needs an address or a profile.');
  const pinOf = (pin: string | undefined): string | undefined => {
    if (pin === undefined || pin === '') return undefined;
    const normal = normalizeFingerprint(pin);
    if (!normal) throw ApiError.localized('BAD_REQUEST', `„${pin}“ ist kein SHA-256-Fingerabdruck.`, `"${pin}" is not a SHA-256 fingerprint.`);
    return normal;
  };
  let target: Omit<ConnectionTestTarget, 'pin' | 'pinSource'> & { pin?: string; profilePin?: string };
  if (isProfileTest(request)) {
    const all = requireProfiles();
    const profile = all.find(request.profileId);
    target = {
      host: profile.host,
      port: profile.port,
      credentials: async () => {
        if (typeof request.secret === 'string' && request.secret) return profileCredentials(profile, request.secret);
        if (!profile.hasSecret) return undefined;
        return profileCredentials(profile, await all.secret(profile.id, request.passphrase));
      },
    };
    if (profile.vendor) target.vendor = profile.vendor as GatewayVendorDto;
    if (profile.gatewayId) target.gatewayId = profile.gatewayId;
    if (profile.pin) target.profilePin = profile.pin;
    if (request.pin) target.pin = request.pin;
  } else {
    if (typeof request.host !== 'string' || !request.host.trim()) throw ApiError.localized('BAD_REQUEST', 'Die Adresse des Gateways fehlt.', 'The gateway address (host) is missing.');
    if (!Number.isInteger(request.port) || request.port < 1 || request.port > 65535) {
      throw ApiError.localized('BAD_REQUEST', `Der Port ${String(request.port)} ist ungültig (1-65535).`, `The port ${String(request.port)} is not valid (1-65535).`);
    }
    const credentials = request.credentials;
    target = { host: request.host.trim(), port: request.port, credentials: async () => credentials };
    if (request.vendor) target.vendor = request.vendor;
    if (request.gatewayId) target.gatewayId = request.gatewayId;
    if (request.pin) target.pin = request.pin;
  }
  const { profilePin, pin, ...rest } = target;
  const remembered = profiles?.pinFor(rest);
  const [chosen, pinSource] = pin ? [pin, 'request' as const] : profilePin ? [profilePin, 'profile' as const] : remembered ? [remembered, 'remembered' as const] : [undefined, 'none' as const];
  const normal = pinOf(chosen);
  return { ...rest, pinSource, ...(normal ? { pin: normal } : {}) };
}

/** The advice for a failed step's error code. */
export function adviceFor(error: { code: string; details?: Record<string, unknown> }): ConnectionTestAdvice | undefined {
  switch (error.code) {
    case 'HAN_TCP_CONNECT_FAILED':
      return 'han-subnet';
    case 'HAN_TLS_CONNECT_FAILED':
      return 'tls';
    case 'HAN_PIN_REQUIRED':
      return 'certificate-confirm';
    case 'HAN_CERTIFICATE_CHANGED':
      return 'certificate-changed';
    case 'HAN_AUTHENTICATION_FAILED':
      return Number(error.details?.lockedForSeconds) > 0 ? 'lockout' : 'credentials';
    case 'HAN_CLIENT_CERTIFICATE_INVALID':
    case 'HAN_NO_TAF_PROFILE_FOR_USER':
      return 'credentials';
    case 'HAN_PROTOCOL_ERROR':
      return 'vendor';
    case 'HAN_DEVICE_ERROR':
    case 'HAN_SESSION_BUSY':
    case 'HAN_CONNECTION_LOST':
      return 'gateway';
    case 'HAN_TIMEOUT':
      return 'timeout';
    case 'SECRET_REQUIRED':
    case 'PASSPHRASE_REQUIRED':
    case 'WRONG_PASSPHRASE':
    case 'KEYCHAIN_UNAVAILABLE':
    case 'KEYCHAIN_FAILED':
    case 'BAD_REQUEST':
      return 'secret';
    default:
      return undefined;
  }
}

function isCancel(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'CANCELLED';
}

export async function runConnectionTest(target: ConnectionTestTarget, op: OperationContext): Promise<ConnectionTestResult> {
  const started = performance.now();
  const result: ConnectionTestResult = { ok: false, steps: [], host: target.host, port: target.port, pinSource: target.pinSource, seconds: 0 };
  const timeouts = target.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: target.connectTimeoutMs };
  const address = { host: target.host, port: target.port, signal: op.signal, ...timeouts };

  /** Runs one step; false when it failed (the remaining steps are then skipped). */
  const step = async (id: ConnectionTestStepId, work: () => Promise<'passed' | 'skipped'>): Promise<boolean> => {
    op.throwIfCancelled();
    op.progress(CONNECTION_TEST_STEPS.indexOf(id) / CONNECTION_TEST_STEPS.length, `connection.${id}`);
    const begin = performance.now();
    try {
      const state = await work();
      result.steps.push(state === 'skipped' ? { step: id, state } : { step: id, state, ms: Math.round(performance.now() - begin) });
      return true;
    } catch (error) {
      if (isCancel(error) || op.signal.aborted) throw error;
      const payload = toErrorPayload(error);
      const failed: ConnectionTestStep = { step: id, state: 'failed', ms: Math.round(performance.now() - begin), error: payload };
      // TLS refused after the certificate step passed: the gateway turned down the client (certificate) at the login.
      const advice = id === 'login' && payload.code === 'HAN_TLS_CONNECT_FAILED' ? 'client-certificate' : adviceFor(payload);
      if (advice) failed.advice = advice;
      result.steps.push(failed);
      result.failedStep = id;
      return false;
    }
  };

  let fingerprint = '';
  const passed =
    (await step('tcp', async () => {
      await checkTcp(address);
      return 'passed';
    })) &&
    (await step('tls', async () => {
      fingerprint = (await HttpConnection.probeCertificate(address)).fingerprint;
      result.fingerprint = fingerprint;
      return 'passed';
    })) &&
    (await step('certificate', async () => {
      if (!target.pin) throw new PinRequiredError(fingerprint);
      if (target.pin !== fingerprint) throw new CertificateChangedError(target.pin, fingerprint);
      return 'passed';
    })) &&
    (await step('login', async () => {
      const credentials = await target.credentials();
      if (!credentials) return 'skipped';
      const options = { host: target.host, port: target.port, vendor: target.vendor ?? 'auto', credentials: hanCredentials(credentials), signal: op.signal, client: timeouts };
      if (target.gatewayId) Object.assign(options, { gatewayId: target.gatewayId });
      const { vendor, adapter } = await gatewayAdapter(options, gatewayClientBase(options), fingerprint);
      try {
        const connection = await adapter.connect();
        result.vendor = vendor;
        result.gatewayId = connection.gatewayId;
        result.tls = connection.tls;
      } finally {
        await adapter.disconnect().catch(() => undefined);
      }
      return 'passed';
    }));
  // The steps after the one that failed: not run.
  for (const id of CONNECTION_TEST_STEPS.slice(result.steps.length)) result.steps.push({ step: id, state: 'skipped' });
  result.ok = passed && result.steps.every((s) => s.state === 'passed');
  // Without credentials there was nothing to log in with: the next step is to give them.
  const login = result.steps[3]!;
  if (passed && login.state === 'skipped') login.advice = 'secret';
  op.progress(1, result.ok ? 'connection.done' : 'connection.stopped');
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
