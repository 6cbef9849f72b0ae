import { describe, expect, it } from 'vitest';
import { readAr2418 } from './reader';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import { writeAr2418Bytes } from './writer';

describe('AR 2418-6 writer: texts from a gateway', () => {
  it('writes characters XML 1.0 forbids as U+FFFD so the file reads back', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 2 });
    const up = doc.usagePoints[0]!;
    up.logEntries = [{ recordNumber: 1, level: 1, outcome: 0, text: 'bell\u0007 nul\u0000 esc\u001b cr\r\nlf & <tag> \uffff end' }];
    up.customerId = 'id\u0001x';
    const read = readAr2418(Buffer.from(writeAr2418Bytes(doc)));
    expect(read.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const back = read.document!.usagePoints[0]!;
    expect(back.logEntries[0]!.text).toBe('bell\ufffd nul\ufffd esc\ufffd cr\nlf & <tag> \ufffd end'); // XML reads CRLF as LF
    expect(back.customerId).toBe('id\ufffdx');
  });
});
