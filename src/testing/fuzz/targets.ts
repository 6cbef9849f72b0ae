/**
 * Fuzz targets: every parser that reads bytes from a gateway or a user's file, fed mutated valid inputs
 * (the contract: src/testing/fuzz/fuzz-target.ts). Seeds are generated here; the real files of
 * ../shared/conformance join them when present. Supplier files and PKCS#12: file-targets.ts; the Theben and
 * EMH JSON and the Dr. Neuhaus HGP XML adapters over a recorded simulator session: gateway-targets.ts.
 */
import { writeAr2418Bytes } from '../../formats/ar2418/writer';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import { readCmsContainer } from '../../formats/cms/container';
import { readK461 } from '../../formats/k461/reader';
import { readReadout } from '../../formats/readout';
import { HtmlPage } from '../../han/adapters/kit/html-tree';
import { valueRows } from '../../han/adapters/ppc/ppc-pages';
import { parseDigestChallenges } from '../../han/digest';
import { ResponseParser } from '../../han/http-response-parser';
import { RecordReader, recordBytes } from '../../han/tls/record-reader';
import { valuesPage } from '../../simulator/gateway/ppc-pages';
import { k461Xml, ppcExportCms, type K461Export } from '../../simulator/gateway/ppc-export';
import { PpcReadingSigner } from '../../simulator/gateway/ppc-signer';
import { FILE_FUZZ_TARGETS } from './file-targets';
import { GATEWAY_FUZZ_TARGETS } from './gateway-targets';
import { isProgrammingError, realFile, refusedReadout, type FuzzTarget } from './fuzz-target';
import { mutatedBytes } from './mutate';

export { isProgrammingError, type FuzzTarget } from './fuzz-target';

const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');

function smallK461(): K461Export {
  const entries = [0, 1, 2].map((i) => ({
    value: 1000 + i * 7,
    scaler: -1,
    unit: 30,
    status: i === 2 ? 4 : 0,
    captureTime: `2025-10-26T2${i}:00:01Z`,
    signature: 'ab'.repeat(128),
  }));
  return { objectId: '01005e31803c.1PPC0000000001.sm', columns: [{ logicalName: '0100010800ff.1PPC0000000001.sm', entries }] };
}

let cmsSeed: Uint8Array | undefined;
function signedExport(): Uint8Array {
  cmsSeed ??= ppcExportCms(smallK461(), new PpcReadingSigner('EPPC0000000001').cmsSigner, new Date(Date.UTC(2025, 9, 27)));
  return cmsSeed;
}

const ar2418: FuzzTarget = {
  name: 'ar2418',
  parser: 'AR 2418-6 reader and model rules (readReadout)',
  inputs: () => mutatedBytes([writeAr2418Bytes(generateSampleDocument({ style: 'minimal', readings: 6, placeholderSignatures: true })), ...realFile('minimal', 'minimal_IF_Lieferant_TRuDI.xml')]),
  run: (input) => refusedReadout(readReadout(input)),
};

const k461: FuzzTarget = {
  name: 'k461',
  parser: 'K461 signed export reader (readK461)',
  inputs: () => mutatedBytes([text(k461Xml(smallK461())), ...realFile('ppc', 'k461_exportMeterValues_2025-10-26.xml')]),
  run: (input) => refusedReadout(readK461(input)),
};

const cms: FuzzTarget = {
  name: 'cms',
  parser: 'CMS container of a signed export (readCmsContainer, then readReadout)',
  inputs: () => mutatedBytes([signedExport()]),
  run: (input) => {
    let refused = false;
    try {
      readCmsContainer(input);
    } catch (error) {
      if (isProgrammingError(error)) throw error;
      refused = true;
    }
    // the same bytes through the entry point that opens every read-out (CMS around K461 here)
    return refusedReadout(readReadout(input)) || refused;
  },
};

const CHUNKED = 'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\nSet-Cookie: s=1\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n';
const LENGTH = 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="smgw", qop="auth", nonce="abc", algorithm=SHA-256\r\nContent-Length: 4\r\n\r\nnope';

const httpResponse: FuzzTarget = {
  name: 'http-response',
  parser: 'HTTP/1.1 response parser (ResponseParser), the input split in two records',
  inputs: () => mutatedBytes([text(CHUNKED), text(LENGTH), text('HTTP/1.1 204 No Content\r\n\r\n')]),
  run: (input) => {
    const parser = new ResponseParser(false, { maxBodyBytes: 1 << 20 });
    const middle = input.length >> 1;
    if (!parser.push(Buffer.from(input.subarray(0, middle)))) {
      if (!parser.push(Buffer.from(input.subarray(middle)))) return parser.end() === undefined;
    }
    return false;
  },
};

const digest: FuzzTarget = {
  name: 'digest',
  parser: 'WWW-Authenticate Digest challenges (parseDigestChallenges)',
  inputs: () =>
    mutatedBytes([
      text('Digest realm="smgw@theben", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41", algorithm=SHA-256'),
      text('Basic realm="x", Digest realm="a\\"b", nonce=abc, stale=TRUE, algorithm=MD5-sess, userhash=true'),
    ]),
  run: (input) => parseDigestChallenges(Buffer.from(input).toString('latin1').split('\n')).length === 0,
};

const tlsRecords: FuzzTarget = {
  name: 'tls-records',
  parser: 'TLS record reader (RecordReader), fed in three pieces',
  inputs: () =>
    mutatedBytes([
      Buffer.concat([recordBytes(22, 0x0303, Buffer.alloc(60, 1)), recordBytes(20, 0x0303, Buffer.from([1])), recordBytes(23, 0x0303, Buffer.alloc(300, 7))]),
      recordBytes(21, 0x0301, Buffer.from([2, 40])),
    ]),
  run: (input) => {
    const reader = new RecordReader();
    const third = Math.max(1, Math.floor(input.length / 3));
    for (let at = 0; at < input.length; at += third) reader.push(Buffer.from(input.subarray(at, at + third)));
    return reader.pending > 0; // an incomplete last record
  },
};

const ppcHtml: FuzzTarget = {
  name: 'ppc-html',
  parser: 'PPC value table page (HtmlPage + valueRows)',
  inputs: () => {
    const frame = { token: { name: 'tkn' as const, value: 'a1b2c3' }, firmware: 'SMGW 1.2.3', syncTime: Date.UTC(2025, 9, 26, 12) };
    const row = (i: number) => ({ time: Date.UTC(2025, 9, 26, 10 - Math.floor(i / 2)), value: `${1234 + i},${i}`, unit: 'kWh', valid: i !== 3, name: 'Wirkenergie', obis: '1-0:1.8.0*255', signature: 'cd'.repeat(32) });
    return mutatedBytes([text(valuesPage(frame, [0, 1, 2, 3, 4].map(row), 1, 2))]);
  },
  run: (input) => valueRows(new HtmlPage(Buffer.from(input).toString('utf8'), 'showMeterValues')).length === 0,
};

export const FUZZ_TARGETS: readonly FuzzTarget[] = [ar2418, k461, cms, httpResponse, digest, tlsRecords, ppcHtml, ...FILE_FUZZ_TARGETS, ...GATEWAY_FUZZ_TARGETS];
