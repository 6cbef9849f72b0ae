/**
 * Typed errors of the HAN transport and the vendor adapters (modelled on TRuDI's adapter errors).
 * Each carries a stable code and a message in German and English that names the cause and the next step.
 */
import { ApiError } from '../api/errors';

export type HanErrorCode =
  | 'HAN_TCP_CONNECT_FAILED'
  | 'HAN_TLS_CONNECT_FAILED'
  | 'HAN_AUTHENTICATION_FAILED'
  | 'HAN_CERTIFICATE_CHANGED'
  | 'HAN_PIN_REQUIRED'
  | 'HAN_TIMEOUT'
  | 'HAN_CONNECTION_LOST'
  | 'HAN_NO_DATA_IN_SELECTED_TIME_RANGE'
  | 'HAN_NO_TAF_PROFILE_FOR_USER'
  | 'HAN_DEVICE_ERROR'
  | 'HAN_PROTOCOL_ERROR'
  | 'HAN_CLIENT_CERTIFICATE_INVALID'
  | 'HAN_SESSION_BUSY'
  | 'HAN_SESSION_EXPIRED';

export class HanError extends ApiError {
  declare readonly code: HanErrorCode;
  declare de: string;
  declare en: string;
  constructor(code: HanErrorCode, de: string, en: string, options?: { cause?: unknown; details?: ApiError['details'] }) {
    super(code, `${de}\n${en}`);
    this.name = 'HanError';
    this.de = de;
    this.en = en;
    // Structured facts the UI acts on (fingerprint to confirm, lock-out time, address).
    if (options?.details) this.details = options.details;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

export class TcpConnectFailedError extends HanError {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'HAN_TCP_CONNECT_FAILED',
      `Das Gateway ${host}:${port} ist nicht erreichbar (${reason}). Verbinden Sie den PC mit der HAN-Schnittstelle des Gateways und geben Sie ihm eine IP-Adresse im HAN-Subnetz des Gateways (z. B. eine zweite IP-Adresse wie 192.168.1.201 für ein Gateway unter 192.168.1.200); prüfen Sie Adresse und Port.`,
      `The gateway ${host}:${port} cannot be reached (${reason}). Connect the PC to the gateway's HAN port and give it an IP address in the gateway's HAN subnet (e.g. a second address such as 192.168.1.201 for a gateway at 192.168.1.200); check address and port.`,
      { ...options, details: { host, port } },
    );
  }
}

export class TlsConnectFailedError extends HanError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'HAN_TLS_CONNECT_FAILED',
      `Die gesicherte Verbindung (TLS) zum Gateway ist fehlgeschlagen: ${reason}. Prüfen Sie, ob das Gateway ein Client-Zertifikat verlangt, und ob Adresse und Port zur HAN-Schnittstelle gehören.`,
      `The secure connection (TLS) to the gateway failed: ${reason}. Check whether the gateway requires a client certificate and whether address and port belong to its HAN interface.`,
      options,
    );
  }
}

function authenticationTexts(lockedForSeconds: number | undefined, detail: string | undefined): [string, string] {
  const extra = detail ? ` (${detail})` : '';
  if (lockedForSeconds !== undefined && lockedForSeconds > 0) {
    const m = Math.floor(lockedForSeconds / 60);
    const s = Math.round(lockedForSeconds % 60);
    return [
      `Anmeldung abgelehnt: Das Gateway ist nach fehlgeschlagenen Anmeldungen noch ${m} ${m === 1 ? 'Minute' : 'Minuten'} und ${s} ${s === 1 ? 'Sekunde' : 'Sekunden'} gesperrt${extra}. Warten Sie diese Zeit ab und prüfen Sie Benutzername und Passwort, bevor Sie es erneut versuchen.`,
      `Login refused: after failed logins the gateway stays locked for another ${m} ${m === 1 ? 'minute' : 'minutes'} and ${s} ${s === 1 ? 'second' : 'seconds'}${extra}. Wait that long and check user name and password before you try again.`,
    ];
  }
  return [
    `Anmeldung am Gateway fehlgeschlagen${extra}. Prüfen Sie Benutzername und Passwort bzw. Client-Zertifikat (vom Messstellenbetreiber). Wiederholte Fehlversuche sperren das Gateway für einige Minuten.`,
    `Login to the gateway failed${extra}. Check user name and password or the client certificate (from the metering operator). Repeated failures lock the gateway for some minutes.`,
  ];
}

export class AuthenticationFailedError extends HanError {
  constructor(
    readonly lockedForSeconds?: number,
    detail?: string,
  ) {
    const [de, en] = authenticationTexts(lockedForSeconds, detail);
    super('HAN_AUTHENTICATION_FAILED', de, en, lockedForSeconds !== undefined ? { details: { lockedForSeconds } } : undefined);
  }
}

export class CertificateChangedError extends HanError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    context = 'TLS',
  ) {
    super(
      'HAN_CERTIFICATE_CHANGED',
      `Das Zertifikat des Gateways (${context}) hat sich geändert: erwartet ${expected}, erhalten ${actual}. Die Verbindung wurde abgebrochen. Vergleichen Sie den neuen Fingerabdruck mit dem vom Messstellenbetreiber genannten, bevor Sie ihm vertrauen.`,
      `The gateway's certificate (${context}) has changed: expected ${expected}, got ${actual}. The connection was stopped. Compare the new fingerprint with the one the metering operator gives you before you trust it.`,
      { details: { expected, fingerprint: actual } },
    );
  }
}

export class PinRequiredError extends HanError {
  constructor(readonly actual: string) {
    super(
      'HAN_PIN_REQUIRED',
      `Das Gateway meldet das Zertifikat mit dem Fingerabdruck ${actual}. Prüfen Sie ihn und bestätigen Sie ihn (z. B. mit --pin ${actual}).`,
      `The gateway presents the certificate with fingerprint ${actual}. Check it and confirm it (e.g. with --pin ${actual}).`,
      { details: { fingerprint: actual } },
    );
  }
}

export class HanTimeoutError extends HanError {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(
      'HAN_TIMEOUT',
      `Das Gateway hat nicht rechtzeitig geantwortet (${what}, ${timeoutMs} ms). Prüfen Sie die Verbindung und versuchen Sie es später erneut.`,
      `The gateway did not answer in time (${what}, ${timeoutMs} ms). Check the connection and try again later.`,
    );
  }
}

export class ConnectionLostError extends HanError {
  constructor(
    readonly what: string,
    options?: { cause?: unknown },
  ) {
    super(
      'HAN_CONNECTION_LOST',
      `Die Verbindung zum Gateway brach während der Übertragung ab (${what}). Es wurden keine unvollständigen Daten übernommen; lesen Sie erneut aus.`,
      `The connection to the gateway dropped during the transfer (${what}). No incomplete data was kept; read again.`,
      options,
    );
  }
}

export class NoDataInSelectedTimeRangeError extends HanError {
  constructor(range: string) {
    super(
      'HAN_NO_DATA_IN_SELECTED_TIME_RANGE',
      `Im gewählten Zeitraum ${range} liefert das Gateway keine Messwerte. Wählen Sie einen Zeitraum innerhalb der Vertragslaufzeit.`,
      `The gateway has no readings in the selected range ${range}. Choose a range within the contract's validity.`,
    );
  }
}

export class NoTafProfileForUserError extends HanError {
  constructor() {
    super(
      'HAN_NO_TAF_PROFILE_FOR_USER',
      'Für diesen Benutzer ist im Gateway kein Tarifprofil (TAF) eingerichtet. Wenden Sie sich an Ihren Messstellenbetreiber.',
      'The gateway has no tariff profile (TAF) for this user. Contact your metering operator.',
    );
  }
}

export class DeviceError extends HanError {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(
      'HAN_DEVICE_ERROR',
      `Das Gateway meldet einen Fehler (HTTP ${status}: ${detail}). Versuchen Sie es später erneut; bleibt der Fehler, melden Sie ihn dem Messstellenbetreiber.`,
      `The gateway reports an error (HTTP ${status}: ${detail}). Try again later; if it persists, report it to the metering operator.`,
    );
  }
}

export class ProtocolError extends HanError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'HAN_PROTOCOL_ERROR',
      `Unerwartete Antwort des Gateways: ${detail}. Prüfen Sie, ob der richtige Hersteller gewählt ist.`,
      `Unexpected answer from the gateway: ${detail}. Check that the right vendor is selected.`,
      options,
    );
  }
}

/** `detail`: what is wrong, in both languages (for PKCS#12 the reader's Pkcs12Error vocabulary). */
export class ClientCertificateInvalidError extends HanError {
  constructor(detail: { de: string; en: string }, options?: { cause?: unknown }) {
    super(
      'HAN_CLIENT_CERTIFICATE_INVALID',
      `Das Client-Zertifikat kann nicht geladen werden: ${detail.de}. Prüfen Sie Datei und Passwort.`,
      `The client certificate cannot be loaded: ${detail.en}. Check the file and its password.`,
      options,
    );
  }
}

/** What the user is told when the gateway did not confirm the logout (PPC allows one session at a time). */
export const SESSION_LEFT_OPEN = {
  de: 'Die Sitzung am Gateway konnte nicht abgemeldet werden; das Gateway beendet sie nach einigen Minuten selbst. Bis dahin weist es eine neue Anmeldung ab.',
  en: 'The session at the gateway could not be logged out; the gateway ends it by itself after a few minutes. Until then it refuses a new login.',
} as const;

/**
 * Adds to an error that the gateway's session stays open since `since` (ISO 8601, when the read ended):
 * details.sessionLeftOpen, the structured `sessionLeftOpen` the UI shows its notice from, and both texts.
 */
export function noteSessionLeftOpen(error: HanError, since: string): void {
  error.details = { ...error.details, sessionLeftOpen: true };
  error.sessionLeftOpen = { ...SESSION_LEFT_OPEN, since };
  error.de = `${error.de} ${SESSION_LEFT_OPEN.de}`;
  error.en = `${error.en} ${SESSION_LEFT_OPEN.en}`;
  error.message = `${error.de}\n${error.en}`;
}
