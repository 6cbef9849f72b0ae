/**
 * The reader reads three internals of saxes (the current chunk, the index in it, the chunk's position in the
 * text) to copy texts without keeping parser chunks alive. They are not public API: this test fails when a
 * saxes other than the pinned one lays them out differently, before the reader silently breaks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../testing/conformance';

describe('the saxes internals the reader uses', () => {
  it('saxes is pinned exactly, and chunk, i and chunkPosition are what the reader expects', () => {
    const pinned = (JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8')) as { dependencies: Record<string, string> }).dependencies.saxes;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect((createRequire(import.meta.url)('saxes/package.json') as { version: string }).version).toBe(pinned);
    const parser = new SaxesParser({ xmlns: true, position: true });
    const internals = () => parser as unknown as { chunk: unknown; i: unknown; chunkPosition: unknown };
    const whole = '<r><a>first</a><b>second</b></r>';
    const positions: number[] = [];
    parser.on('text', (text) => {
      const { chunk, i, chunkPosition } = internals();
      expect(typeof chunk).toBe('string');
      expect(typeof i).toBe('number');
      expect(typeof chunkPosition).toBe('number');
      // chunkPosition + an index into chunk is the position in the whole text (what the reader's copies rely on).
      positions.push((chunkPosition as number) + (chunk as string).indexOf(text));
    });
    parser.write('<r><a>first</a');
    parser.write('><b>second</b></r>');
    parser.close();
    expect(positions).toEqual([whole.indexOf('first'), whole.indexOf('second')]);
  });
});
