/**
 * Interim TLS identities for the gateway simulator, made with the `openssl` CLI in a temp dir:
 * a self-signed HAN TLS certificate, a client CA and client certificates (PEM, modern and legacy PKCS#12).
 * To be replaced by the project's test SM-PKI (src/simulator/pki) once it exists; the shapes stay.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TlsCurve = 'P-256' | 'P-384' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';

export interface TlsIdentity {
  keyPem: string;
  certPem: string;
  certDer: Uint8Array;
  curve: TlsCurve;
}

export interface ClientIdentity extends TlsIdentity {
  pkcs12: Uint8Array;
  pkcs12Legacy: Uint8Array;
  passphrase: string;
}

const OPENSSL_CURVE: Record<TlsCurve, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  brainpoolP256r1: 'brainpoolP256r1',
  brainpoolP384r1: 'brainpoolP384r1',
  brainpoolP512r1: 'brainpoolP512r1',
};

function withTempDir<T>(run: (dir: string, openssl: (...args: string[]) => void) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-sim-'));
  try {
    return run(dir, (...args) => {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function identityFrom(keyPem: string, certPem: string, curve: TlsCurve): TlsIdentity {
  return { keyPem, certPem, certDer: new Uint8Array(new X509Certificate(certPem).raw), curve };
}

/** A self-signed certificate (the gateway's HAN TLS certificate, or a CA with `ca: true`). */
export function selfSignedIdentity(curve: TlsCurve, subject: string, options: { ca?: boolean; days?: number } = {}): TlsIdentity {
  return withTempDir((dir, openssl) => {
    openssl('ecparam', '-name', OPENSSL_CURVE[curve], '-genkey', '-noout', '-out', 'key.pem');
    const ext = options.ca ? ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'] : ['-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature', '-addext', 'extendedKeyUsage=serverAuth'];
    openssl('req', '-new', '-x509', '-key', 'key.pem', '-subj', subject, '-days', String(options.days ?? 3650), '-sha256', ...ext, '-out', 'cert.pem');
    return identityFrom(readFileSync(join(dir, 'key.pem'), 'utf8'), readFileSync(join(dir, 'cert.pem'), 'utf8'), curve);
  });
}

/** A client certificate issued by `ca`, also packed as modern (AES/PBKDF2) and legacy (RC2/3DES, SHA-1) PKCS#12. */
export function clientIdentity(ca: TlsIdentity, curve: TlsCurve, commonName: string, passphrase = 'client-secret'): ClientIdentity {
  return withTempDir((dir, openssl) => {
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    writeFileSync(join(dir, 'ca-key.pem'), ca.keyPem);
    writeFileSync(join(dir, 'ext.cnf'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
    openssl('ecparam', '-name', OPENSSL_CURVE[curve], '-genkey', '-noout', '-out', 'key.pem');
    openssl('req', '-new', '-key', 'key.pem', '-subj', `/CN=${commonName}/O=SMGW-Test/C=DE`, '-out', 'req.csr');
    openssl('x509', '-req', '-in', 'req.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-set_serial', String(Date.now()), '-days', '3650', '-sha256', '-extfile', 'ext.cnf', '-out', 'cert.pem');
    const pass = `pass:${passphrase}`;
    openssl('pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-certfile', 'ca.pem', '-passout', pass, '-out', 'modern.p12');
    openssl('pkcs12', '-export', '-legacy', '-inkey', 'key.pem', '-in', 'cert.pem', '-certfile', 'ca.pem', '-passout', pass, '-out', 'legacy.p12');
    return {
      ...identityFrom(readFileSync(join(dir, 'key.pem'), 'utf8'), readFileSync(join(dir, 'cert.pem'), 'utf8'), curve),
      pkcs12: new Uint8Array(readFileSync(join(dir, 'modern.p12'))),
      pkcs12Legacy: new Uint8Array(readFileSync(join(dir, 'legacy.p12'))),
      passphrase,
    };
  });
}
