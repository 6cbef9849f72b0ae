/**
 * Reading (not verifying) a CMS SignedData container (`.cms` / `.p7m`, DER/BER or PEM): its encapsulated
 * content exactly as signed, the certificates it carries (DER), which of them is a signer's, and the
 * signing time each signer states. Verification of the container is src/crypto/cms/cms.ts.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

export interface CmsContainer {
  contentType: string;
  /** Undefined for a detached signature. */
  content?: Uint8Array;
  /** Every certificate of the container, DER, in container order. */
  certificates: Uint8Array[];
  /** Index into `certificates` of each signer's certificate (-1 when the container lacks it). */
  signerCertificates: number[];
  /** The signing time of the first signer that states one (epoch ms). */
  signingTime?: number;
  /** The subject common names of `certificates` (same order; '' when there is none). */
  commonNames: string[];
}

/** Whether the bytes look like a CMS ContentInfo: a DER SEQUENCE starting with the signedData OID, or PEM. */
export function looksLikeCms(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64));
  if (head.toString('latin1').includes('-----BEGIN')) return /-----BEGIN (CMS|PKCS7)-----/.test(head.toString('latin1'));
  // 30 xx [xx…] 06 09 2a 86 48 86 f7 0d 01 07 02
  return head[0] === 0x30 && head.includes(Buffer.from('06092a864886f70d010702', 'hex'));
}

export function parseSignedData(data: Uint8Array): pkijs.SignedData {
  let der = data;
  const text = Buffer.from(data.subarray(0, 64)).toString('latin1');
  if (text.includes('-----BEGIN')) {
    const body = Buffer.from(data).toString('latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    der = new Uint8Array(Buffer.from(body, 'base64'));
  }
  const asn = asn1js.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer);
  if (asn.offset === -1) throw new Error(`Not a CMS container: ${asn.result.error} / Kein CMS-Container.`);
  let info: pkijs.ContentInfo;
  try {
    info = new pkijs.ContentInfo({ schema: asn.result });
  } catch (error) {
    throw new Error(`Not a CMS ContentInfo (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
  }
  if (info.contentType !== OID_SIGNED_DATA) throw new Error(`The CMS container is not SignedData (content type ${info.contentType}).`);
  return new pkijs.SignedData({ schema: info.content });
}

/** The value of a (possibly constructed, BER) OCTET STRING. */
export function octetStringValue(value: asn1js.OctetString): Uint8Array {
  if (value.valueBlock.isConstructed) {
    const parts = (value.valueBlock.value as asn1js.OctetString[]).map((part) => octetStringValue(part));
    return new Uint8Array(Buffer.concat(parts));
  }
  return new Uint8Array(value.valueBlock.valueHexView);
}

/** Reads the container; throws with the cause when it is not CMS SignedData. */
export function readCmsContainer(data: Uint8Array): CmsContainer {
  const signedData = parseSignedData(data);
  const eContent = signedData.encapContentInfo.eContent;
  const certs = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const certificates = certs.map((c) => new Uint8Array(c.toSchema().toBER(false)));
  const hex = (view: Uint8Array) => Buffer.from(view).toString('hex');
  const signerCertificates = signedData.signerInfos.map((info) => {
    const sid = info.sid as unknown;
    if (sid instanceof pkijs.IssuerAndSerialNumber) {
      const serial = hex(sid.serialNumber.valueBlock.valueHexView);
      return certs.findIndex((c) => hex(c.serialNumber.valueBlock.valueHexView) === serial && c.issuer.isEqual(sid.issuer));
    }
    return -1;
  });
  let signingTime: number | undefined;
  for (const info of signedData.signerInfos) {
    const time = info.signedAttrs?.attributes.find((a) => a.type === OID_SIGNING_TIME)?.values[0] as unknown;
    if (time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime) {
      signingTime = time.toDate().getTime();
      break;
    }
  }
  return {
    contentType: signedData.encapContentInfo.eContentType,
    ...(eContent ? { content: octetStringValue(eContent) } : {}),
    certificates,
    signerCertificates,
    commonNames: certs.map((c) => {
      const cn = c.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3')?.value as { valueBlock?: { value?: unknown } } | undefined;
      return typeof cn?.valueBlock?.value === 'string' ? cn.valueBlock.value : '';
    }),
    ...(signingTime !== undefined ? { signingTime } : {}),
  };
}
