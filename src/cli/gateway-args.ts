/** The connection options `trudi read` and `trudi sync` share: address, vendor, credentials, pin. */
import { readFileSync } from 'node:fs';
import type { VendorId } from '../han/adapter';
import { normalizeFingerprint } from '../han/fingerprint';
import type { GatewayCredentials } from '../han/read-gateway';
import { VENDORS, isVendorId } from '../han/vendors';
import { UsageError, type CliIo } from './command';
import { PASSPHRASE_ENV, PASSWORD_ENV, promptHidden, resolveSecret, secretSources } from './secrets';

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

export async function gatewayArgs(values: GatewayArgValues, io: CliIo): Promise<GatewayArgs> {
  if (!values.host) throw new UsageError('--host is required (the gateway\'s HAN address, e.g. 192.168.1.200).');
  const port = Number(values.port ?? 443);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a number from 1 to 65535, not "${values.port}".`);
  const vendor = values.vendor ?? 'auto';
  if (vendor !== 'auto' && !isVendorId(vendor)) throw new UsageError(`--vendor must be auto, ${Object.keys(VENDORS).join(', ')}, not "${vendor}".`);
  if (values.pin !== undefined && !normalizeFingerprint(values.pin)) throw new UsageError(`--pin "${values.pin}" is not a SHA-256 fingerprint (sha256:AB:CD:… with 32 bytes).`);
  let credentials: GatewayCredentials;
  const withCertificate = values.pkcs12 !== undefined || values.cert !== undefined;
  if (!withCertificate && values.user === undefined) throw new UsageError('give --user and a password (TRUDI_PASSWORD, a prompt in a terminal, or --password), or --pkcs12 FILE, or --cert/--key.');
  // With a client certificate the password is optional (some gateways ask for both).
  const password = await resolveSecret(
    { option: values.password, optionName: '--password', envName: PASSWORD_ENV, prompt: `Password for ${values.user ?? ''} / Passwort`, required: !withCertificate },
    io,
  );
  if (withCertificate) {
    let certificate: Extract<GatewayCredentials, { kind: 'certificate' }>['certificate'];
    if (values.pkcs12 !== undefined) {
      const data = new Uint8Array(readFileSync(values.pkcs12));
      // An empty passphrase is common for PKCS#12 files: asked for only in a terminal.
      const passphrase = await resolveSecret(
        { option: values.passphrase, optionName: '--passphrase', envName: PASSPHRASE_ENV, prompt: `Passphrase of ${values.pkcs12} (empty for none) / Passphrase`, required: false },
        io,
      );
      certificate = { kind: 'pkcs12', data, passphrase: passphrase ?? (await askIfTerminal(values.pkcs12, io)) ?? '' };
    } else {
      const key = readFileSync(values.key ?? values.cert!, 'utf8');
      const passphrase = await resolveSecret(
        { option: values.passphrase, optionName: '--passphrase', envName: PASSPHRASE_ENV, prompt: `Passphrase of ${values.key ?? values.cert} / Passphrase`, required: /ENCRYPTED/.test(key) },
        io,
      );
      certificate = { kind: 'pem', cert: readFileSync(values.cert!, 'utf8'), key, passphrase };
    }
    credentials = { kind: 'certificate', certificate, user: values.user, password };
  } else {
    credentials = { kind: 'password', user: values.user!, password: password! };
  }
  const args: GatewayArgs = { host: values.host, port, vendor: vendor as VendorId | 'auto', credentials };
  if (values['gateway-id']) args.gatewayId = values['gateway-id'];
  if (values.pin !== undefined) args.pin = values.pin;
  return args;
}

/** The PKCS#12 passphrase from a prompt when stdin is a terminal (undefined otherwise). */
async function askIfTerminal(file: string, io: CliIo): Promise<string | undefined> {
  const sources = secretSources(io);
  if (!sources.stdin.isTTY || !sources.stdin.setRawMode) return undefined;
  return promptHidden(`Passphrase of ${file} (empty for none) / Passphrase: `, sources.stdin, io.stderr);
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
