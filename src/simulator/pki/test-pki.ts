/**
 * The test SM-PKI: root → Sub-CA → gateway certificates (signature certificate, HAN TLS certificate) and a
 * consumer client certificate, on any SM-PKI curve, exportable as PEM and PKCS#12 (modern and legacy).
 *
 * All keys and certificates are derived from a seed (keys by hashing, certificate signatures with RFC 6979
 * nonces), so the same options always give the same bytes. The roots are derived from fixed public seeds:
 * they are TEST roots whose private keys anyone can recompute — never trust them for real gateways. Their
 * certificates are bundled in resources/trust/ and always labelled "test".
 */
import { createHash } from 'node:crypto';
import { PKI_CURVES, type CurveName } from '../../crypto/curves';
import { issueCertificate, type DistinguishedName } from './certificate-builder';
import { deriveKeyPair, type EcKeyPair } from './keys';
import { toPem } from '../../crypto/pki/pem';
import { writePkcs12, type Pkcs12Encryption } from './pkcs12-writer';

export type RootFamily = 'brainpool' | 'nist';

export interface IssuedCertificate {
  /** DER of the certificate. */
  certificate: Uint8Array;
  key: EcKeyPair;
  subject: DistinguishedName;
}

export interface TestPki {
  curve: CurveName;
  gatewayId: string;
  root: IssuedCertificate;
  subCa: IssuedCertificate;
  /** certType 1: signs readings and CMS exports. */
  gatewaySignature: IssuedCertificate;
  /** certType 3: the gateway's HAN TLS server certificate. */
  gatewayTls: IssuedCertificate;
  /** The consumer's TLS client certificate (what a metering operator hands out as PKCS#12). */
  consumerClient: IssuedCertificate;
}

export interface TestPkiOptions {
  /** Curve of Sub-CA and end-entity keys (default brainpoolP256r1). */
  curve?: CurveName;
  /** Gateway id, e.g. `ETRU0012345678` (default derived from the seed). */
  gatewayId?: string;
  seed?: string;
  /** Validity of the gateway certificates (default 2020-01-01 … 2032-12-31). */
  notBefore?: Date;
  notAfter?: Date;
  /** Consumer id used in the client certificate's CN (default `consumer`). */
  consumerId?: string;
}

const ROOT_VALIDITY = { notBefore: new Date(Date.UTC(2015, 0, 1)), notAfter: new Date(Date.UTC(2049, 11, 31)) };
const SUB_CA_VALIDITY = { notBefore: new Date(Date.UTC(2015, 0, 1)), notAfter: new Date(Date.UTC(2045, 11, 31)) };
const END_ENTITY_VALIDITY = { notBefore: new Date(Date.UTC(2020, 0, 1)), notAfter: new Date(Date.UTC(2032, 11, 31, 23, 59, 59)) };

const ROOT_CURVES: Record<RootFamily, CurveName> = { brainpool: 'brainpoolP384r1', nist: 'P-384' };

export function rootFamilyOf(curve: CurveName): RootFamily {
  return curve.startsWith('brainpool') ? 'brainpool' : 'nist';
}

const rootCache = new Map<RootFamily, IssuedCertificate>();

/** The bundled TEST root of a curve family (brainpoolP384r1 or P-384), identical on every run. */
export function testRoot(family: RootFamily): IssuedCertificate {
  let root = rootCache.get(family);
  if (!root) {
    const key = deriveKeyPair(ROOT_CURVES[family], 'trudi-test-root-v1', family);
    const subject: DistinguishedName = {
      commonName: `TRuDI TEST Root CA ${family === 'brainpool' ? 'brainpool' : 'NIST'} (not for production)`,
      organization: 'TRuDI test SM-PKI',
      country: 'DE',
    };
    const certificate = issueCertificate({
      subject,
      subjectKey: key,
      serialNumber: family === 'brainpool' ? 0x7e57_0001 : 0x7e57_0002,
      ...ROOT_VALIDITY,
      ca: { pathLength: 1 },
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    root = { certificate, key, subject };
    rootCache.set(family, root);
  }
  return root;
}

export function createTestPki(options: TestPkiOptions = {}): TestPki {
  const curve = options.curve ?? 'brainpoolP256r1';
  if (!PKI_CURVES.includes(curve)) throw new Error(`Unsupported curve ${curve}. Choose one of: ${PKI_CURVES.join(', ')}.`);
  const seed = options.seed ?? 'trudi';
  const gatewayId = options.gatewayId ?? `ETRU00${String(parseInt(hash(seed).slice(0, 8), 16) % 100_000_000).padStart(8, '0')}`;
  const root = testRoot(rootFamilyOf(curve));
  const validity = { notBefore: options.notBefore ?? END_ENTITY_VALIDITY.notBefore, notAfter: options.notAfter ?? END_ENTITY_VALIDITY.notAfter };

  const issue = (
    label: string,
    subject: DistinguishedName,
    issuer: IssuedCertificate,
    extra: Pick<Parameters<typeof issueCertificate>[0], 'ca' | 'keyUsage' | 'extKeyUsage' | 'notBefore' | 'notAfter'>,
  ): IssuedCertificate => {
    const key = deriveKeyPair(curve, seed, label);
    const certificate = issueCertificate({
      subject,
      subjectKey: key,
      issuer: { certificate: issuer.certificate, key: issuer.key },
      serialNumber: BigInt('0x' + hash(`${seed}|${label}|serial`).slice(0, 16)),
      ...extra,
    });
    return { certificate, key, subject };
  };

  const subCa = issue(
    `sub-ca|${curve}`,
    { commonName: `TRuDI TEST GWA Sub-CA ${curve}`, organization: 'TRuDI test SM-PKI', country: 'DE' },
    root,
    { ...SUB_CA_VALIDITY, ca: { pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
  );
  const flag = gatewayId.slice(1, 4);
  const gatewaySubject = (usage: string): DistinguishedName => ({ commonName: `${gatewayId}.SMGW`, organizationalUnit: `${flag} ${usage}`, organization: 'SMGW', country: 'DE' });
  const gatewaySignature = issue(`gateway-signature|${gatewayId}`, gatewaySubject('SIG'), subCa, { ...validity, keyUsage: ['digitalSignature'] });
  const gatewayTls = issue(`gateway-tls|${gatewayId}`, gatewaySubject('TLS'), subCa, {
    ...validity,
    keyUsage: ['digitalSignature', 'keyAgreement'],
    extKeyUsage: ['serverAuth'],
  });
  const consumerClient = issue(
    `consumer|${gatewayId}|${options.consumerId ?? 'consumer'}`,
    { commonName: `${options.consumerId ?? 'consumer'}.${gatewayId}`, organization: 'TRuDI test consumer', country: 'DE' },
    subCa,
    { ...validity, keyUsage: ['digitalSignature', 'keyAgreement'], extKeyUsage: ['clientAuth'] },
  );
  return { curve, gatewayId, root, subCa, gatewaySignature, gatewayTls, consumerClient };
}

export function certificatePem(entry: IssuedCertificate): string {
  return toPem(entry.certificate, 'CERTIFICATE');
}

export function privateKeyPem(entry: IssuedCertificate): string {
  return entry.key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** PKCS#12 with the entry's key, its certificate and the chain up to the root. */
export function pkcs12Of(pki: TestPki, entry: IssuedCertificate, password: string, encryption: Pkcs12Encryption = 'modern'): Uint8Array {
  const pkcs8 = new Uint8Array(entry.key.privateKey.export({ format: 'der', type: 'pkcs8' }));
  return writePkcs12(pkcs8, [entry.certificate, pki.subCa.certificate, pki.root.certificate], password, {
    encryption,
    friendlyName: entry.subject.commonName,
  });
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
