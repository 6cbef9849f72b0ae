/**
 * A read of a saved gateway profile turned into an ordinary gateway read: the connection from the profile,
 * the secret typed by the user or opened from the profile (OS keychain, else the passphrase). The secret
 * stays in the engine: it goes to the gateway and nowhere else.
 */
import type { GatewayCredentialsDto, GatewayProfileDto, GatewayReadRequest, GatewayVendorDto, ProfileReadRequest } from '../api/dto';
import { ApiError } from '../api/errors';
import type { GatewayProfiles } from './gateway-profiles';

export function isProfileRead(request: GatewayReadRequest | ProfileReadRequest): request is ProfileReadRequest {
  return typeof (request as Partial<ProfileReadRequest> | undefined)?.profileId === 'string';
}

export async function profileReadRequest(profiles: GatewayProfiles, request: ProfileReadRequest): Promise<GatewayReadRequest> {
  const profile = profiles.find(request.profileId);
  const secret = typeof request.secret === 'string' && request.secret ? request.secret : await storedSecret(profiles, profile, request.passphrase);
  const read: GatewayReadRequest = { host: profile.host, port: profile.port, credentials: profileCredentials(profile, secret) };
  if (profile.vendor) read.vendor = profile.vendor as GatewayVendorDto | 'auto';
  if (profile.gatewayId) read.gatewayId = profile.gatewayId;
  if (profile.pin) read.pin = profile.pin;
  for (const field of ['from', 'to', 'operationId'] as const) {
    const value = request[field];
    if (typeof value === 'string' && value) read[field] = value;
  }
  return read;
}

async function storedSecret(profiles: GatewayProfiles, profile: GatewayProfileDto, passphrase: string | undefined): Promise<string> {
  if (!profile.hasSecret) {
    throw ApiError.localized(
      'SECRET_REQUIRED',
      `Für das Profil „${profile.name}“ ist kein Passwort gespeichert: Geben Sie es ein.`,
      `No password is stored with the profile "${profile.name}": type it.`,
      { profileId: profile.id },
    );
  }
  return profiles.secret(profile.id, passphrase);
}

/** The credentials of a profile with its secret: the client certificate's passphrase, else the user's password. */
export function profileCredentials(profile: GatewayProfileDto, secret: string): GatewayCredentialsDto {
  if (profile.clientCertificateBase64) {
    const credentials: GatewayCredentialsDto = { kind: 'pkcs12', pkcs12Base64: profile.clientCertificateBase64, passphrase: secret };
    if (profile.user) credentials.user = profile.user;
    return credentials;
  }
  if (!profile.user) {
    throw ApiError.localized(
      'BAD_REQUEST',
      `Das Profil „${profile.name}“ hat weder Benutzername noch Client-Zertifikat: Ergänzen Sie eines davon.`,
      `The profile "${profile.name}" has neither a user name nor a client certificate: add one of them.`,
    );
  }
  return { kind: 'password', user: profile.user, password: secret };
}
