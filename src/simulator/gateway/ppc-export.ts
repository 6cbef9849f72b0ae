/**
 * The signed `exportMeterValues` of the simulated PPC gateway, shaped exactly like a real one
 * (../shared/conformance/ppc/: DKE K461 profile_generic-1 XML, newest first, wrapped in CMS SignedData by
 * the gateway's signature certificate), and PPC's per-reading signature as verified on real data
 * (../shared/knowledge/05-tls-crypto.md): ECDSA with SHA-256 over
 * `logical_name + status + capture_time + value + scaler + unit` (no separators), written as
 * hex of r ‖ s ‖ Qx ‖ Qy, 32 bytes each (the gateway does not normalise s).
 */
import { sign } from 'node:crypto';
import { signCms, type CmsSigner } from '../pki/sign-cms';
import type { EcKeyPair } from '../pki/keys';

export interface K461Entry {
  value: number;
  scaler: number;
  unit: number;
  /** status/unsigned: 0 valid, 3 not present, 4 invalid (as integrations read it). */
  status: number;
  /** `2025-10-26T23:00:01Z`. */
  captureTime: string;
  signature: string;
}

export interface K461Column {
  /** `0100010800ff.<meter>.sm`. */
  logicalName: string;
  /** Newest first, as the gateway lists them. */
  entries: K461Entry[];
}

export interface K461Export {
  /** `01005e31803c.<meter>.sm`: the profile's logical name. */
  objectId: string;
  columns: K461Column[];
}

/** The ASCII message PPC signs for one entry. */
export function ppcSignedMessage(logicalName: string, entry: Omit<K461Entry, 'signature'>): string {
  return `${logicalName}${entry.status}${entry.captureTime}${entry.value}${entry.scaler}${entry.unit}`;
}

/** r ‖ s ‖ Qx ‖ Qy as lower-case hex (fixed width of the 256-bit curves). */
export function signPpcReading(key: EcKeyPair, message: string): string {
  if (key.curve.size !== 32) throw new Error(`PPC signatures are 256-bit (got ${key.curve.name})`);
  return ppcSignatureHex(key, sign('sha256', Buffer.from(message, 'latin1'), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }));
}

/** The `smgw_signature` text of a raw r ‖ s made with `key`: r ‖ s ‖ Qx ‖ Qy as lower-case hex. */
export function ppcSignatureHex(key: EcKeyPair, rs: Uint8Array): string {
  const point = Buffer.from(key.spki).subarray(-64);
  return Buffer.concat([rs, point]).toString('hex');
}

/** The K461 XML exactly as PPC writes it (indentation, attribute order, no final newline). */
export function k461Xml(data: K461Export): string {
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ns1:object class_id="7" class_version="1" id="${data.objectId}" xmlns:ns1="urn:k461-dke-de:profile_generic-1" xmlns:ns2="urn:k461-dke-de:extension-1">`,
    '  <ns1:attributes count="3">',
    `   <ns2:logical_name id="1">${data.objectId}</ns2:logical_name>`,
    `   <ns1:capture_objects id="2" count="${data.columns.length}">`,
  ];
  data.columns.forEach((column, i) => {
    lines.push(
      `   <ns1:capture_object id="${i + 1}">`,
      `        <ns2:logical_name>${column.logicalName}</ns2:logical_name>`,
      '        <ns2:class_id>32822</ns2:class_id>',
      '        <ns2:class_version>1</ns2:class_version>',
      '        <ns2:attr_reference>0</ns2:attr_reference>',
      '        <ns2:index_reference>0</ns2:index_reference>',
      '   </ns1:capture_object>',
    );
  });
  lines.push('    </ns1:capture_objects>', '    <ns1:buffer id="3">', `       <ns1:simple_data count="${data.columns.length}">`);
  data.columns.forEach((column, i) => {
    lines.push(`        <ns1:column count="${column.entries.length}" id="${i + 1}">`);
    column.entries.forEach((e, j) => {
      lines.push(
        `          <ns1:entry_gateway_signed id="${j + 1}">`,
        '            <ns2:value>',
        `              <ns2:long64>${e.value}</ns2:long64>`,
        '            </ns2:value>',
        `            <ns2:scaler>${e.scaler}</ns2:scaler>`,
        `            <ns2:unit>${e.unit}</ns2:unit>`,
        '            <ns2:status>',
        `              <ns2:unsigned>${e.status}</ns2:unsigned>`,
        '            </ns2:status>',
        `            <ns2:capture_time>${e.captureTime}</ns2:capture_time>`,
        `            <ns2:smgw_signature>${e.signature}</ns2:smgw_signature>`,
        '          </ns1:entry_gateway_signed>',
      );
    });
    lines.push('        </ns1:column>');
  });
  lines.push('       </ns1:simple_data>', '    </ns1:buffer>', '  </ns1:attributes>', '</ns1:object>');
  return lines.join('\n');
}

/** The export as the gateway sends it: CMS SignedData over the K461 XML, signed at export time. */
export function ppcExportCms(data: K461Export, signer: CmsSigner, exportedAt = new Date()): Uint8Array {
  return signCms(Buffer.from(k461Xml(data), 'utf8'), signer, exportedAt);
}
