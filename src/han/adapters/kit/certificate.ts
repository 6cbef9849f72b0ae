/** Certificates the gateway sends as data (PEM or DER inside its answers): parsed, or a ProtocolError naming where. */
import { X509Certificate } from 'node:crypto';
import { ProtocolError } from '../../errors';

/** `what` names the answer and field, e.g. `smgw-info certificates.han.tls`. */
export function parseGatewayCertificate(bytes: string | Uint8Array, what: string): X509Certificate {
  try {
    return new X509Certificate(typeof bytes === 'string' ? bytes : Buffer.from(bytes));
  } catch (error) {
    throw new ProtocolError(`${what}: the certificate cannot be parsed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}
