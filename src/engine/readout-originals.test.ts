/**
 * The engine keeps a file's original bytes out of memory (issue 12): written once into the archive or, without
 * one, into a private folder of originals; export gives them back byte for byte; a vanished or changed original
 * is a clear error; closing a read-out (and the engine) removes what only it needed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Archive } from '../archive/archive';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { generateSampleDocument } from '../simulator/sample/sample-document';
import { Engine } from './engine';
import type { LoadedReadout } from './readouts';

const dir = mkdtempSync(join(tmpdir(), 'trudi-originals-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytes = writeAr2418Bytes(generateSampleDocument({ style: 'minimal', readings: 3000, placeholderSignatures: true }));
const request = { name: 'device.xml', contentBase64: Buffer.from(bytes).toString('base64') };
const loadedOf = (engine: Engine, readoutId: string): LoadedReadout => (engine as unknown as { readouts: { get(id: string): LoadedReadout } }).readouts.get(readoutId);

/** Every byte array reachable from the read-out (model included) that is as large as the document. */
function fullCopies(root: unknown): number {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  let found = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      if (value.byteLength >= bytes.length) found++;
      continue;
    }
    for (const child of value instanceof Map ? value.values() : Object.values(value)) stack.push(child);
  }
  return found;
}

async function exportedXml(engine: Engine, readoutId: string): Promise<Buffer> {
  return Buffer.from((await engine.exportReadout({ readoutId, format: 'xml' })).contentBase64, 'base64');
}

describe('original bytes of opened files', () => {
  it('without an archive: kept in a private file, not in memory; export byte for byte; closing removes the file', async () => {
    const engine = new Engine();
    const opened = await engine.openFile(request);
    const loaded = loadedOf(engine, opened.readoutId);
    expect(fullCopies(loaded)).toBe(0);
    const path = loaded.original!.path!;
    expect(existsSync(path)).toBe(true);
    expect(loaded.original!.size).toBe(bytes.length);
    expect(loaded.original!.sha256()).toBe(sha256(bytes));
    expect(sha256(await exportedXml(engine, opened.readoutId))).toBe(sha256(bytes));
    await engine.closeReadout(opened.readoutId);
    expect(existsSync(path)).toBe(false);
    const again = await engine.openFile(request);
    const folder = dirname(loadedOf(engine, again.readoutId).original!.path!);
    await engine.close();
    expect(existsSync(folder)).toBe(false);
  });

  it('a vanished or changed original is an error naming the cause and the next step, never other bytes', async () => {
    const engine = new Engine();
    const opened = await engine.openFile(request);
    const path = loadedOf(engine, opened.readoutId).original!.path!;
    writeFileSync(path, Buffer.concat([Buffer.from(bytes.subarray(0, bytes.length - 1)), Buffer.from(' ')]));
    await expect(engine.exportReadout({ readoutId: opened.readoutId, format: 'xml' })).rejects.toMatchObject({
      code: 'ORIGINAL_UNAVAILABLE',
      en: expect.stringMatching(/"device\.xml" are gone or no longer the same \(changed: .*\)\. Close the read-out and open the file again\./),
      de: expect.stringContaining('öffnen Sie die Datei erneut'),
    });
    rmSync(path);
    await expect(engine.exportReadout({ readoutId: opened.readoutId, format: 'xml' })).rejects.toMatchObject({ code: 'ORIGINAL_UNAVAILABLE', details: { reason: 'missing' } });
    // the model is still there: the read-out's other views go on working
    expect((await engine.getSeries({ readoutId: opened.readoutId, resolution: 'day' })).points.length).toBeGreaterThan(0);
    await engine.close();
  });

  it('with an archive: the bytes are in the archive only; after a restart export is byte for byte, a damaged copy is refused', { timeout: 60_000 }, async () => {
    const archiveDir = join(dir, 'archive');
    const first = new Engine({ archiveDir });
    const opened = await first.openFile(request);
    const loaded = loadedOf(first, opened.readoutId);
    expect(fullCopies(loaded)).toBe(0);
    expect(loaded.original!.path).toBeUndefined();
    expect(loaded.original!.sha256()).toBe(sha256(bytes));
    expect(sha256(await exportedXml(first, opened.readoutId))).toBe(sha256(bytes));
    await first.close();

    const second = new Engine({ archiveDir });
    expect(sha256(await exportedXml(second, opened.readoutId))).toBe(sha256(bytes));
    expect(fullCopies(loadedOf(second, opened.readoutId))).toBe(0);
    const archive = Archive.open(archiveDir);
    try {
      archive.run('UPDATE originals SET bytes = ? WHERE kind = ?', Buffer.from('<damaged/>'), 'file');
    } finally {
      archive.close();
    }
    await expect(second.exportReadout({ readoutId: opened.readoutId, format: 'xml' })).rejects.toMatchObject({ code: 'ORIGINAL_UNAVAILABLE', details: { reason: 'changed' } });
    await second.close();
  });
});
