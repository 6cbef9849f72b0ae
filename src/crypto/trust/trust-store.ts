/**
 * The trust store: the SM-PKI roots and Sub-CAs the user installed, kept in the user's configuration folder
 * (`<config>/trust/`), one DER file per certificate named by its SHA-256 fingerprint (`<hex>.der`), each
 * written atomically (temporary file, fsync, rename). Every verification trusts them by default.
 *
 * The folder is read again at every call, so a certificate installed with `trudi trust add` is used by a
 * running app at its next verification. A file whose bytes do not hash to its name, or that no longer parses,
 * is not trusted and is reported by `problems()`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AddTrustAnchorsResult, TrustAnchorDto } from '../../api/dto';
import { Certificate } from '../certificates/certificate';
import { isTestCertificate, type TrustAnchor } from '../chain/trust-anchors';
import { readTrustFiles, type TrustFileInput } from './certificate-files';
import { writeFileAtomic } from '../../platform/atomic-write';

export const TRUST_FOLDER = 'trust';

/** What `list` tells about one installed certificate (the API's DTO). */
export type InstalledCertificate = TrustAnchorDto;

export type AddResult = AddTrustAnchorsResult;

export interface StoreProblem {
  file: string;
  reason: string;
}

const FILE_NAME = /^[0-9a-f]{64}\.der$/;

export class TrustStore {
  readonly dir: string;
  private readonly parsed = new Map<string, Certificate>();

  /** `configDir`: the user's configuration folder (src/platform/app-dirs.ts); the store is its `trust/` folder. */
  constructor(configDir: string) {
    this.dir = join(configDir, TRUST_FOLDER);
  }

  /** The installed certificates, roots first, then by subject. */
  list(now: number = Date.now()): InstalledCertificate[] {
    return this.certificates()
      .map((certificate) => describe(certificate, now))
      .sort((a, b) => (a.kind === b.kind ? a.subject.localeCompare(b.subject) : a.kind === 'root' ? -1 : 1));
  }

  /** The installed certificates as trust anchors for a verification. */
  anchors(): TrustAnchor[] {
    return this.certificates().map((certificate) => ({ certificate, origin: 'user', test: isTestCertificate(certificate), label: `installed ${certificate.details.subject}` }));
  }

  /** Installs every CA certificate in the files (PEM, DER, ZIP); refuses all of them if one is not acceptable. */
  add(files: readonly TrustFileInput[], now: number = Date.now()): AddResult {
    const { certificates, skipped } = readTrustFiles(files, now);
    const installed = new Set(this.fileNames());
    const added: InstalledCertificate[] = [];
    const alreadyInstalled: InstalledCertificate[] = [];
    const seen = new Set<string>();
    for (const { certificate } of certificates) {
      const name = fileNameOf(certificate);
      if (seen.has(name)) continue;
      seen.add(name);
      if (installed.has(name)) {
        alreadyInstalled.push(describe(certificate, now));
        continue;
      }
      mkdirSync(this.dir, { recursive: true });
      writeFileAtomic(join(this.dir, name), certificate.der, { mode: 0o644 });
      this.parsed.set(name, certificate);
      added.push(describe(certificate, now));
    }
    return { added, alreadyInstalled, skipped };
  }

  /** Removes the certificate with this SHA-256 fingerprint (with or without colons, any case); false if none. */
  remove(fingerprint: string): boolean {
    const hex = fingerprint.replace(/[\s:]/g, '').toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`"${fingerprint}" is not a SHA-256 fingerprint (64 hex digits, colons allowed). See the list: trudi trust list.`);
    const name = `${hex}.der`;
    if (!this.fileNames().includes(name)) return false;
    rmSync(join(this.dir, name));
    this.parsed.delete(name);
    return true;
  }

  /** Files in the store that are not trusted: a name that is not a fingerprint's, bytes that do not match it, unparsable. */
  problems(): StoreProblem[] {
    const problems: StoreProblem[] = [];
    for (const name of this.entries()) {
      if (name.endsWith('.tmp')) continue;
      if (!FILE_NAME.test(name)) {
        problems.push({ file: join(this.dir, name), reason: 'not named by a SHA-256 fingerprint (<64 hex digits>.der); not used' });
        continue;
      }
      const result = this.load(name);
      if (typeof result === 'string') problems.push({ file: join(this.dir, name), reason: result });
    }
    return problems;
  }

  private certificates(): Certificate[] {
    const certificates: Certificate[] = [];
    for (const name of this.fileNames()) {
      const result = this.load(name);
      if (typeof result !== 'string') certificates.push(result);
    }
    return certificates;
  }

  /** The certificate in the store file, or why it is not trusted. */
  private load(name: string): Certificate | string {
    const cached = this.parsed.get(name);
    if (cached) return cached;
    let certificate: Certificate;
    try {
      certificate = new Certificate(new Uint8Array(readFileSync(join(this.dir, name))));
    } catch (error) {
      return `not a readable certificate (${error instanceof Error ? error.message : String(error)}); not used`;
    }
    if (fileNameOf(certificate) !== name) return 'its bytes do not match the fingerprint in its name (changed on disk); not used';
    this.parsed.set(name, certificate);
    return certificate;
  }

  private fileNames(): string[] {
    return this.entries().filter((name) => FILE_NAME.test(name));
  }

  private entries(): string[] {
    try {
      return readdirSync(this.dir).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

function fileNameOf(certificate: Certificate): string {
  return `${certificate.details.fingerprintSha256.replace(/:/g, '').toLowerCase()}.der`;
}

function describe(certificate: Certificate, now: number): InstalledCertificate {
  const d = certificate.details;
  return {
    fingerprintSha256: d.fingerprintSha256,
    subject: d.subject,
    issuer: d.issuer,
    notBefore: d.notBefore,
    notAfter: d.notAfter,
    kind: d.selfSigned ? 'root' : 'subCa',
    test: isTestCertificate(certificate),
    expired: now > certificate.notAfter,
  };
}
