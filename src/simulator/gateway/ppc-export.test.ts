/** The simulated PPC export against the real one in ../shared/conformance/ppc/ (read in place). */
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extractCmsContent } from '../../crypto/cms/cms';
import { issueCertificate } from '../pki/certificate-builder';
import { generateKeyPair, type EcKeyPair } from '../pki/keys';
import { parseXmlTree, childrenNamed, requireChild, requireText } from '../../han/adapters/kit/xml-tree';
import { readFileSync } from 'node:fs';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../../testing/conformance';
import { k461Xml, ppcExportCms, ppcSignedMessage, signPpcReading, type K461Export } from './ppc-export';

const BRAINPOOL_P256_SPKI = '305a301406072a8648ce3d020106092b2403030208010107034200';
const readReal = (): Buffer => readFileSync(conformancePath('ppc', 'k461_exportMeterValues_2025-10-26.xml'));

/** The real export's content as the writer's input. */
function parseReal(bytes: Buffer): K461Export {
  const root = parseXmlTree(bytes, 'real export');
  const attributes = requireChild(root, 'attributes', 'x');
  const names = childrenNamed(requireChild(attributes, 'capture_objects', 'x'), 'capture_object').map((c) => requireText(c, 'logical_name', 'x'));
  const columns = childrenNamed(requireChild(requireChild(attributes, 'buffer', 'x'), 'simple_data', 'x'), 'column');
  return {
    objectId: root.attributes.id!,
    columns: columns.map((column, i) => ({
      logicalName: names[i]!,
      entries: childrenNamed(column, 'entry_gateway_signed').map((e) => ({
        value: Number(requireText(requireChild(e, 'value', 'x'), 'long64', 'x')),
        scaler: Number(requireText(e, 'scaler', 'x')),
        unit: Number(requireText(e, 'unit', 'x')),
        status: Number(requireText(requireChild(e, 'status', 'x'), 'unsigned', 'x')),
        captureTime: requireText(e, 'capture_time', 'x'),
        signature: requireText(e, 'smgw_signature', 'x'),
      })),
    })),
  };
}

describe.skipIf(!HAS_CONFORMANCE)(`PPC export shape against the real export${HAS_CONFORMANCE ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, () => {
  it('the writer reproduces the real export byte for byte from its content', () => {
    const bytes = readReal();
    const data = parseReal(bytes);
    expect(data.columns.map((c) => c.entries.length)).toEqual([103, 103]);
    expect(k461Xml(data)).toBe(bytes.toString('utf8'));
  });

  it('the signed message the simulator builds is the one the real gateway signed (all 206 entries verify)', () => {
    const data = parseReal(readReal());
    let valid = 0;
    for (const column of data.columns) {
      for (const entry of column.entries) {
        const raw = Buffer.from(entry.signature, 'hex');
        const key = createPublicKey({ key: Buffer.concat([Buffer.from(BRAINPOOL_P256_SPKI, 'hex'), Buffer.of(4), raw.subarray(64)]), format: 'der', type: 'spki' });
        if (verify('sha256', Buffer.from(ppcSignedMessage(column.logicalName, entry), 'latin1'), { key, dsaEncoding: 'ieee-p1363' }, raw.subarray(0, 64))) valid++;
      }
    }
    expect(valid).toBe(206);
  });
});

describe('PPC export signing', () => {
  it('signs r‖s‖Qx‖Qy that verifies, and wraps the XML in CMS unchanged', () => {
    const key = generateKeyPair('brainpoolP256r1');
    const entry = { value: 18313980, scaler: -1, unit: 30, status: 0, captureTime: '2025-10-26T23:00:01Z' };
    const message = ppcSignedMessage('0100010800ff.1lgz0072999211.sm', entry);
    expect(message).toBe('0100010800ff.1lgz0072999211.sm02025-10-26T23:00:01Z18313980-130');
    const signature = signPpcReading(key, message);
    expect(signature).toMatch(/^[0-9a-f]{256}$/);
    const raw = Buffer.from(signature, 'hex');
    expect(verify('sha256', Buffer.from(message, 'latin1'), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, raw.subarray(0, 64))).toBe(true);
    expect(raw.subarray(64).toString('hex')).toBe(Buffer.from(key.spki).subarray(-64).toString('hex'));
    const data: K461Export = { objectId: '01005e31803c.1lgz0072999211.sm', columns: [{ logicalName: '0100010800ff.1lgz0072999211.sm', entries: [{ ...entry, signature }] }] };
    const cms = ppcExportCms(data, { certificate: issueSelfSigned(key), key });
    expect(Buffer.from(extractCmsContent(cms)).toString('utf8')).toBe(k461Xml(data));
  });
});

function issueSelfSigned(key: EcKeyPair): Uint8Array {
  return issueCertificate({ subject: { commonName: 'EPPC0012345678.SMGW' }, subjectKey: key, serialNumber: 1, notBefore: new Date(Date.UTC(2025, 0, 1)), notAfter: new Date(Date.UTC(2027, 0, 1)), keyUsage: ['digitalSignature'] });
}
