/** The connection options `trudi read` and `trudi sync` share: address, vendor, credentials, pin. */
import { readFileSync } from 'node:fs';
import type { VendorId } from '../han/adapter';
import { normalizeFingerprint } from '../han/fingerprint';
import type { GatewayCredentials } from '../han/read-gateway';
import { VENDORS, isVendorId } from '../han/vendors';
import { UsageError } from './command';

export const GATEWAY_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  vendor: { type: 'string', default: 'auto' },
  'gateway-id': { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  pkcs12: { type: 'string' },
  passphrase: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  pin: { type: 'string' },
} as const;

export interface GatewayArgValues {
  host?: string;
  port?: string;
  vendor?: string;
  'gateway-id'?: string;
  user?: string;
  password?: string;
  pkcs12?: string;
  passphrase?: string;
  cert?: string;
  key?: string;
  pin?: string;
}

export interface GatewayArgs {
  host: string;
  port: number;
  vendor: VendorId | 'auto';
  gatewayId?: string;
  credentials: GatewayCredentials;
  pin?: string;
}

export function gatewayArgs(values: GatewayArgValues): GatewayArgs {
  if (!values.host) throw new UsageError('--host is required (the gateway\'s HAN address, e.g. 192.168.1.200).');
  const port = Number(values.port ?? 443);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a number from 1 to 65535, not "${values.port}".`);
  const vendor = values.vendor ?? 'auto';
  if (vendor !== 'auto' && !isVendorId(vendor)) throw new UsageError(`--vendor must be auto, ${Object.keys(VENDORS).join(', ')}, not "${vendor}".`);
  if (values.pin !== undefined && !normalizeFingerprint(values.pin)) throw new UsageError(`--pin "${values.pin}" is not a SHA-256 fingerprint (sha256:AB:CD:… with 32 bytes).`);
  let credentials: GatewayCredentials;
  if (values.pkcs12 !== undefined || values.cert !== undefined) {
    const certificate =
      values.pkcs12 !== undefined
        ? { kind: 'pkcs12' as const, data: new Uint8Array(readFileSync(values.pkcs12)), passphrase: values.passphrase ?? '' }
        : { kind: 'pem' as const, cert: readFileSync(values.cert!, 'utf8'), key: readFileSync(values.key ?? values.cert!, 'utf8'), passphrase: values.passphrase };
    credentials = { kind: 'certificate', certificate, user: values.user, password: values.password };
  } else if (values.user !== undefined && values.password !== undefined) {
    credentials = { kind: 'password', user: values.user, password: values.password };
  } else {
    throw new UsageError('give --user and --password, or --pkcs12 FILE with --passphrase, or --cert/--key.');
  }
  const args: GatewayArgs = { host: values.host, port, vendor: vendor as VendorId | 'auto', credentials };
  if (values['gateway-id']) args.gatewayId = values['gateway-id'];
  if (values.pin !== undefined) args.pin = values.pin;
  return args;
}

/** Prints progress in steps of 10 % (and every indeterminate step) on stderr. */
export function progressPrinter(stderr: NodeJS.WritableStream): (fraction: number, message: string) => void {
  let lastPercent = -10;
  return (fraction, message) => {
    const percent = Math.floor(fraction * 100);
    if (fraction < 0 || percent >= lastPercent + 10 || percent === 100) {
      lastPercent = percent;
      stderr.write(`${fraction < 0 ? '   …' : `${String(percent).padStart(3)} %`} ${message}\n`);
    }
  };
}
