// What the user had is never lost: an export never replaces its input, a raw directory is never written
// over, and output to a closed pipe (`npx trudi … | head`) ends quietly.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSampleDocument } from '../simulator/sample/sample-document';
import { writeAr2418 } from '../formats/ar2418/writer';
import { PROJECT_ROOT } from '../testing/conformance';
import { main } from './main';

async function trudi(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'trudi-cli-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files users keep', () => {
  it('an export onto its own input is refused and the input stays as it was', async () => {
    const input = join(dir, 'readout.xml');
    writeFileSync(input, writeAr2418(generateSampleDocument({ style: 'minimal', readings: 3, placeholderSignatures: true })));
    const before = readFileSync(input);
    for (const format of ['xml', 'csv-readings', 'csv-log']) {
      const r = await trudi('export', input, '--format', format, '--out', input);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain('is also an input');
      expect(readFileSync(input).equals(before)).toBe(true);
    }
  });

  it('read --raw into a directory that already holds files is refused before any connection', async () => {
    const raw = join(dir, 'raw');
    mkdirSync(raw);
    writeFileSync(join(raw, '00001-200.body'), 'an earlier answer');
    const r = await trudi('read', '--host', '127.0.0.1', '--port', '9', '--user', 'u', '--password', 'p', '--raw', raw, '--out', join(dir, 'out.xml'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('is not empty');
    expect(readFileSync(join(raw, '00001-200.body'), 'utf8')).toBe('an earlier answer');
  });

  it('output to a closed pipe ends quietly (exit 0, no stack trace)', async () => {
    const child = spawn(process.execPath, ['bin/trudi.mjs', '--help'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first line is written, as with `| head -0`
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  }, 30_000);
});
