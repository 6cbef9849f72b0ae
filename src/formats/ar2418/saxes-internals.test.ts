/**
 * The reader reads internals of saxes (the current chunk, the index in it, the chunk's position in the text) to
 * copy texts without keeping parser chunks alive, and past a reading it scanned itself moves the parser on
 * (index, line, column, position of the last line end). They are not public API: this test fails when a saxes
 * other than the pinned one lays them out or uses them differently, before the reader silently breaks.
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

  it('an open-tag handler can move the parser past the content of its element, lines and columns kept as if it had read it', () => {
    type Internals = { chunk: string; i: number; chunkPosition: number; positionAtNewLine: number; line: number; column: number };
    const text = '<r>\n <a>\n  <b>x</b>\r\n  <b>y</b>\n </a><c/>\n <d>z</d></r>';
    const events = (skip: boolean) => {
      const parser = new SaxesParser({ xmlns: false, position: true });
      const seen: string[] = [];
      parser.on('opentag', (tag) => {
        seen.push(`<${tag.name} ${parser.line}:${parser.column}`);
        if (!skip || tag.name !== 'a') return;
        // what the reader does after a scanned reading: on to the end tag, counting the line ends passed
        const p = parser as unknown as Internals;
        const end = p.chunk.indexOf('</a>', p.i);
        let lineStart = -1;
        for (let k = p.i; k < end; k++) {
          const c = p.chunk.charCodeAt(k);
          if (c === 10 || (c === 13 && p.chunk.charCodeAt(k + 1) !== 10)) {
            p.line++;
            lineStart = k + 1;
          }
        }
        if (lineStart >= 0) {
          p.positionAtNewLine = p.chunkPosition + lineStart;
          p.column = end - lineStart;
        } else p.column += end - p.i;
        p.i = end;
      });
      parser.on('closetag', (tag) => seen.push(`</${tag.name} ${parser.line}:${parser.column}`));
      parser.on('error', (e) => seen.push(`error ${e.message}`));
      parser.write(text.slice(0, 2));
      parser.write(text.slice(2));
      parser.close();
      return seen.filter((e) => !e.startsWith('<b') && !e.startsWith('</b'));
    };
    const read = events(false);
    expect(read).toContain('<c 5:9');
    expect(events(true)).toEqual(read);
  });
});
