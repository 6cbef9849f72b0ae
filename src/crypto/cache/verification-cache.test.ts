import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAr2418Bytes } from '../../formats/ar2418/writer';
import { readAr2418 } from '../../formats/ar2418/reader';
import { generateSignedSampleDocument } from '../../simulator/sample/sample-document';
import { toSummary, verifyDocument } from '../verify-document';
import { LayeredVerificationCache, MemoryVerificationCache } from './verification-cache';
import { fileVerificationCache } from './verification-codec';

describe('verification cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps results on disk keyed by the original bytes, so a new process skips the checks', async () => {
    const { document } = await generateSignedSampleDocument({ months: 1, periodSeconds: 86_400, seed: 'cache' });
    const read = readAr2418(writeAr2418Bytes(document));
    const first = await verifyDocument(read.document!, read.original, { cache: fileVerificationCache(dir) });
    expect(first.cached).toBe(false);
    expect(readdirSync(dir)).toHaveLength(1);
    // A fresh cache object over the same folder (as after a restart) answers from the file.
    const again = await verifyDocument(read.document!, read.original, { cache: fileVerificationCache(dir) });
    expect(again.cached).toBe(true);
    expect(toSummary(again)).toEqual(toSummary(first));
    expect(again.verdicts[0]!.codes).toEqual(first.verdicts[0]!.codes);
    // Other bytes (one changed byte) are another key.
    const other = new Uint8Array(read.original.read());
    other[other.length - 2] = 0x20;
    expect((await verifyDocument(read.document!, other, { cache: fileVerificationCache(dir) })).cached).toBe(false);
  });

  it('evicts the least recently used entry and layers memory over files', () => {
    const memory = new MemoryVerificationCache<number>(2);
    memory.set('a', 1);
    memory.set('b', 2);
    memory.get('a');
    memory.set('c', 3);
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')).toBe(1);
    const front = new MemoryVerificationCache<number>();
    const back = new MemoryVerificationCache<number>();
    back.set('k', 7);
    expect(new LayeredVerificationCache([front, back]).get('k')).toBe(7);
    expect(front.get('k')).toBe(7);
  });
});
