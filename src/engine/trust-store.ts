/**
 * The engine's side of the trust store (src/crypto/trust): list, install, remove for the TrudiApi, and the
 * installed anchors every verification trusts. Without a configuration folder (tests, in-process use) the
 * engine keeps no store: nothing is installed and installing is refused with a clear error.
 */
import type { AddTrustAnchorsRequest, AddTrustAnchorsResult, TrustAnchorDto } from '../api/dto';
import { ApiError } from '../api/errors';
import type { TrustAnchor } from '../crypto/chain/trust-anchors';
import { TrustFileError, type TrustFileProblem } from '../crypto/trust/certificate-files';
import { TrustStore } from '../crypto/trust/trust-store';
import { engineLog } from '../platform/engine-log';
import { decodeBase64 } from './request-values';

const GERMAN: Record<TrustFileProblem, string> = {
  unreadable: 'ist weder ein Zertifikat (PEM oder DER) noch ein ZIP solcher Dateien',
  badZip: 'ist kein lesbares ZIP mit Zertifikaten (.pem, .crt, .cer, .der)',
  notCa: 'ist kein CA-Zertifikat. Installieren Sie die SM-PKI-Wurzel oder eine Sub-CA, kein Gateway- oder Gerätezertifikat',
  expired: 'ist ein abgelaufenes CA-Zertifikat. Installieren Sie das aktuelle',
  notYetValid: 'ist ein CA-Zertifikat, das erst später gültig wird. Prüfen Sie die Uhr des PCs oder installieren Sie das aktuelle',
};

export class EngineTrustStore {
  private readonly store: TrustStore | undefined;

  constructor(configDir: string | undefined) {
    this.store = configDir ? new TrustStore(configDir) : undefined;
  }

  /** The installed anchors for a verification; a store that cannot be read is logged and trusts nothing. */
  anchors(): TrustAnchor[] {
    if (!this.store) return [];
    try {
      return this.store.anchors();
    } catch (error) {
      engineLog().warn('trust.unavailable', { dir: this.store.dir, error: (error as Error).message });
      return [];
    }
  }

  list(): TrustAnchorDto[] {
    return this.store?.list() ?? [];
  }

  add(request: AddTrustAnchorsRequest): AddTrustAnchorsResult {
    const store = this.require();
    if (!Array.isArray(request?.files) || request.files.length === 0) throw new ApiError('BAD_REQUEST', 'files must list at least one certificate file ({ name, contentBase64 }).');
    const files = request.files.map((file, i) => ({
      name: typeof file?.name === 'string' && file.name ? file.name : `file ${i + 1}`,
      bytes: decodeBase64(file?.contentBase64, `files[${i}].contentBase64`),
    }));
    try {
      return store.add(files);
    } catch (error) {
      if (!(error instanceof TrustFileError)) throw error;
      throw ApiError.localized(
        'TRUST_FILE_REJECTED',
        `${error.file} ${GERMAN[error.problem]} (${error.detail}). Es wurde nichts installiert.`,
        `${error.message} Nothing was installed.`,
        { file: error.file, problem: error.problem },
      );
    }
  }

  remove(fingerprint: string): void {
    const store = this.require();
    let removed: boolean;
    try {
      removed = store.remove(String(fingerprint));
    } catch (error) {
      throw new ApiError('BAD_REQUEST', (error as Error).message);
    }
    if (!removed) {
      throw ApiError.localized('UNKNOWN_TRUST_ANCHOR', `Kein installiertes Zertifikat hat den Fingerabdruck ${fingerprint}.`, `No installed certificate has the fingerprint ${fingerprint}.`, { fingerprint });
    }
  }

  private require(): TrustStore {
    if (!this.store) throw ApiError.localized('NO_TRUST_STORE', 'Diese Engine hat keinen Konfigurationsordner und kann keine Wurzelzertifikate installieren.', 'This engine has no configuration folder and cannot install root certificates.');
    return this.store;
  }
}
