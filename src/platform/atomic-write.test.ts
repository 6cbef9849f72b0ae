import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputFileError, writeFileAtomic } from './atomic-write';

const dir = mkdtempSync(join(tmpdir(), 'trudi-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(action: () => void): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof OutputFileError ? error.code : `not an OutputFileError: ${String(error)}`;
  }
  return undefined;
}

describe('writeFileAtomic', () => {
  it('writes the whole content and leaves no temporary file beside it', () => {
    const target = join(dir, 'a.csv');
    writeFileAtomic(target, 'one');
    writeFileAtomic(target, new Uint8Array([0x74, 0x77, 0x6f]));
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(readdirSync(dir).filter((name) => name.includes('a.csv'))).toEqual(['a.csv']);
  });

  it('refuses to replace an input, also through a symbolic or hard link, and leaves it unchanged', () => {
    const input = join(dir, 'input.xml');
    writeFileSync(input, 'evidence');
    symlinkSync(input, join(dir, 'symlink.xml'));
    linkSync(input, join(dir, 'hardlink.xml'));
    for (const name of ['input.xml', 'symlink.xml', 'hardlink.xml']) {
      expect(codeOf(() => writeFileAtomic(join(dir, name), 'derived', { inputs: [input] }))).toBe('OUTPUT_IS_INPUT');
    }
    expect(readFileSync(input, 'utf8')).toBe('evidence');
  });

  it('exclusive: an existing file is never replaced', () => {
    const target = join(dir, 'archive.xml');
    writeFileAtomic(target, 'first', { exclusive: true });
    expect(codeOf(() => writeFileAtomic(target, 'second', { exclusive: true }))).toBe('OUTPUT_EXISTS');
    expect(readFileSync(target, 'utf8')).toBe('first');
    expect(readdirSync(dir).filter((name) => name.startsWith('.archive.xml'))).toEqual([]);
  });

  it('a directory that does not exist is an error naming it; nothing is left behind', () => {
    expect(() => writeFileAtomic(join(dir, 'missing', 'x.pdf'), 'x')).toThrow(/missing/);
  });
});
