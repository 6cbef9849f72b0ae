/**
 * TLS identities of a simulated gateway from the project's test SM-PKI (src/simulator/pki): the HAN TLS
 * server certificate (certType 3) on the TLS profile's curve, and the consumer's client certificate as the
 * metering operator would hand it out (PKCS#12 modern and legacy, PEM).
 */
import { X509Certificate } from 'node:crypto';
import type { PkiCurve } from '../sample/sample-options';
import { toPem } from '../../crypto/pki/pem';
import { certificatePem, createTestPki, pkcs12Of, privateKeyPem, type TestPki } from '../pki/test-pki';
import { withExplicitNullSignatureParameters } from './theben-certificate';

export type TlsCurve = PkiCurve;

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
  commonName: string;
  /** PEM of the CAs that issued it (Sub-CA, root): what the gateway trusts for client logins. */
  caPems: string[];
}

/** The TLS side of the test PKI for one gateway and curve (deterministic: same inputs, same bytes). */
export function tlsPki(gatewayId: string, curve: TlsCurve, consumerId = 'consumer1'): TestPki {
  return createTestPki({ curve, gatewayId, seed: `simulator-tls|${gatewayId}`, consumerId });
}

export function gatewayTlsIdentity(pki: TestPki): TlsIdentity {
  const certPem = certificatePem(pki.gatewayTls);
  return { keyPem: privateKeyPem(pki.gatewayTls), certPem, certDer: new Uint8Array(new X509Certificate(certPem).raw), curve: pki.curve as TlsCurve };
}

/** Theben's HAN certificate quirk: the same certificate with explicit NULL signature-algorithm parameters. */
export function thebenTlsIdentity(pki: TestPki): TlsIdentity {
  const der = withExplicitNullSignatureParameters(pki.gatewayTls.certificate, pki.subCa.key);
  return { keyPem: privateKeyPem(pki.gatewayTls), certPem: toPem(der, 'CERTIFICATE'), certDer: Uint8Array.from(der), curve: pki.curve as TlsCurve };
}

export function consumerClientIdentity(pki: TestPki, passphrase = 'client-secret'): ClientIdentity {
  const certPem = certificatePem(pki.consumerClient);
  return {
    keyPem: privateKeyPem(pki.consumerClient),
    certPem,
    certDer: pki.consumerClient.certificate,
    curve: pki.curve as TlsCurve,
    pkcs12: pkcs12Of(pki, pki.consumerClient, passphrase, 'modern'),
    pkcs12Legacy: pkcs12Of(pki, pki.consumerClient, passphrase, 'legacy'),
    passphrase,
    commonName: pki.consumerClient.subject.commonName,
    caPems: consumerClientCaPems(pki),
  };
}

/** The CAs the gateway accepts consumer certificates from (without building the PKCS#12 files, which takes most of a second). */
export function consumerClientCaPems(pki: TestPki): string[] {
  return [certificatePem(pki.subCa), certificatePem(pki.root)];
}
