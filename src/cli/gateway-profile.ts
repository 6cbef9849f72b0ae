/**
 * `--profile NAME` and `--save-profile NAME` of `trudi read` and `trudi sync`: the connection from a gateway
 * profile the engine keeps (<config dir>/gateways.json, shared with the app), and a successful visit saved as
 * one. The secret is stored only encrypted with a passphrase (TRUDI_PASSPHRASE or asked on the terminal);
 * `--without-secret` saves the connection alone. A secret the desktop app sealed in the OS keychain cannot be
 * opened here: then --password is needed.
 */
import { readFileSync } from 'node:fs';
import type { GatewayProfileDto } from '../api/dto';
import { ApiError } from '../api/errors';
import { hanCredentials } from '../engine/gateway';
import { GatewayProfiles } from '../engine/gateway-profiles';
import { profileCredentials } from '../engine/profile-read';
import type { VendorId } from '../han/adapter';
import { VENDORS, isVendorId } from '../han/vendors';
import { appDirs } from '../platform/app-dirs';
import { UsageError, type CliIo } from './command';
import { gatewayArgs, type GatewayArgValues, type GatewayArgs } from './gateway-args';
import { PASSPHRASE_ENV, PASSWORD_ENV, resolveSecret } from './secrets';

export const PROFILE_OPTIONS = {
  profile: { type: 'string' },
  'save-profile': { type: 'string' },
  'without-secret': { type: 'boolean' },
} as const;

export const PROFILE_USAGE = '[--profile NAME | --save-profile NAME [--without-secret]]';

export interface ProfileArgValues extends GatewayArgValues {
  profile?: string;
  'save-profile'?: string;
  'without-secret'?: boolean;
}

/** What a visit found, for saving it as a profile. */
export interface VisitedGateway {
  vendor: string;
  gatewayId: string;
  fingerprint: string;
}

export interface Connection {
  gateway: GatewayArgs;
  /** With --save-profile: saves the profile after a successful visit; returns the line to print. */
  save?: (visited: VisitedGateway) => Promise<string>;
}

const FROM_PROFILE = ['host', 'port', 'gateway-id', 'user', 'pkcs12', 'cert', 'key'] as const;

export async function connectionArgs(values: ProfileArgValues, io: CliIo): Promise<Connection> {
  if (values.profile !== undefined) {
    if (values['save-profile'] !== undefined) throw new UsageError('give either --profile (use a saved one) or --save-profile (save this one), not both.');
    for (const flag of FROM_PROFILE) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} comes from the profile "${values.profile}"; give either --profile or the connection options.`);
    }
    return { gateway: await fromProfile(values.profile, values, io) };
  }
  const gateway = await gatewayArgs(values, io);
  const name = values['save-profile'];
  if (name === undefined) return { gateway };
  return { gateway, save: await preparedSave(name, gateway, values, io) };
}

function profiles(): GatewayProfiles {
  return new GatewayProfiles(appDirs().config);
}

/** Engine errors in the CLI's language (English), the code kept for the reader. */
async function english<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw new Error(`${error.en ?? error.message} (${error.code})`, { cause: error });
    throw error;
  }
}

async function fromProfile(name: string, values: ProfileArgValues, io: CliIo): Promise<GatewayArgs> {
  const store = profiles();
  const profile = await english(() => store.find(name));
  // TRUDI_PASSWORD (or --password, with the process-list warning) overrides the stored secret.
  const given = await resolveSecret({ option: values.password, optionName: '--password', envName: PASSWORD_ENV, prompt: 'Password', required: false }, io);
  const secret = given ?? values.passphrase ?? (await storedSecret(store, profile, io));
  const vendor = profile.vendor ?? values.vendor ?? 'auto';
  if (vendor !== 'auto' && !isVendorId(vendor)) throw new UsageError(`the profile "${name}" names the vendor "${vendor}", which is not one of auto, ${Object.keys(VENDORS).join(', ')}.`);
  const args: GatewayArgs = {
    host: profile.host,
    port: profile.port,
    vendor: vendor as VendorId | 'auto',
    credentials: hanCredentials(await english(() => profileCredentials(profile, secret))),
  };
  if (profile.gatewayId) args.gatewayId = profile.gatewayId;
  const pin = values.pin ?? profile.pin ?? store.pinFor(profile);
  if (pin) args.pin = pin;
  return args;
}

async function storedSecret(store: GatewayProfiles, profile: GatewayProfileDto, io: CliIo): Promise<string> {
  if (!profile.hasSecret) throw new UsageError(`no secret is stored with the profile "${profile.name}": give --password (or --passphrase for its client certificate).`);
  if (profile.secretIn === 'keychain') {
    throw new UsageError(`the secret of the profile "${profile.name}" is in the desktop app's OS keychain, which the command line cannot open: give --password (or --passphrase).`);
  }
  const passphrase = await profilePassphrase(io, `Passphrase of the secret stored with "${profile.name}"`);
  return english(() => store.secret(profile.id, passphrase));
}

async function preparedSave(name: string, gateway: GatewayArgs, values: ProfileArgValues, io: CliIo): Promise<Connection['save']> {
  if (!name.trim()) throw new UsageError('--save-profile needs a name.');
  if (values.cert !== undefined) throw new UsageError('a profile keeps a client certificate as PKCS#12 only: give it with --pkcs12 FILE.');
  const secret = values.pkcs12 !== undefined ? values.passphrase : values.password;
  const storeSecret = !values['without-secret'] && typeof secret === 'string' && secret !== '';
  // Asked before the visit, so that a long read is not followed by a question (or a refusal).
  const secretPassphrase = storeSecret ? await profilePassphrase(io, `Passphrase to encrypt the secret stored with "${name}" (at least 8 characters)`) : undefined;
  if (secretPassphrase !== undefined && secretPassphrase.length < 8) throw new UsageError('the passphrase that encrypts the stored secret must have at least 8 characters.');
  return async (visited) => {
    const store = profiles();
    const existing = store.list().find((p) => p.name === name.trim());
    const saved = await english(() =>
      store.save({
        ...(existing ? { id: existing.id } : {}),
        name,
        host: gateway.host,
        port: gateway.port,
        vendor: visited.vendor,
        gatewayId: visited.gatewayId,
        pin: visited.fingerprint,
        ...(gateway.credentials.user ? { user: gateway.credentials.user } : {}),
        ...(values.pkcs12 !== undefined ? { clientCertificateBase64: readFileSync(values.pkcs12).toString('base64') } : {}),
        ...(storeSecret ? { storeSecret: true, secret, secretPassphrase } : {}),
      }),
    );
    return `profile "${saved.name}" ${existing ? 'updated' : 'saved'} (${saved.hasSecret ? 'secret stored encrypted with the passphrase' : 'no secret stored'}) in ${store.file}`;
  };
}

/** The passphrase of a profile's stored secret: TRUDI_PASSPHRASE or a prompt, never an option (it would stay in the shell history). */
async function profilePassphrase(io: CliIo, prompt: string): Promise<string> {
  return (await resolveSecret({ label: 'passphrase for the stored secret', envName: PASSPHRASE_ENV, prompt, required: true }, io))!;
}
