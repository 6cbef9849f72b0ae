/** `trudi simulate` and `trudi read` end to end: a simulator process, a read-out file that parses and validates. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { readAr2418File } from '../formats/ar2418/reader';
import { validateModel } from '../formats/ar2418/validation/model-rules';
import { compareReadings, readingsByChannel, unsignedSample } from '../han/testing/fixtures';
import { startSimulator } from '../simulator/gateway/server';
import { PROJECT_ROOT } from '../testing/conformance';
import { EXIT } from './command';
import { main } from './main';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  return { io: { stdout, stderr }, out: () => out.join(''), err: () => err.join('') };
}

const dir = mkdtempSync(join(tmpdir(), 'trudi-read-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trudi read', () => {
  it('writes a read-out that parses, validates and equals the gateway data; progress goes to stderr', async () => {
    const document = unsignedSample(2, 'EEMH0012345678');
    const sim = await startSimulator({ vendor: 'emh', document });
    try {
      const out = join(dir, 'emh.xml');
      const raw = join(dir, 'raw');
      const c = capture();
      const code = await main(['read', '--host', sim.host, '--port', String(sim.port), '--vendor', 'emh', '--user', 'consumer1', '--password', 'secret', '--pin', sim.fingerprint, '--from', '2024-11-01', '--to', '2024-12-01', '--raw', raw, '--out', out], c.io);
      expect(c.err()).toMatch(/100 %/);
      expect(code).toBe(EXIT.ok);
      expect(c.out()).toMatch(/gateway EEMH0012345678 \(emh\)/);
      // What the gateway sent is kept byte for byte beside the document.
      const index = readFileSync(join(raw, 'index.tsv'), 'utf8').trim().split('\n');
      const requests = Number(/(\d+) requests/.exec(c.out())![1]);
      expect(index).toHaveLength(requests);
      const month = index.find((line) => line.includes('/2024-11/extended'))!.split('\t');
      const body = readFileSync(join(raw, `${month[0]!.padStart(5, '0')}-${month[3]}.body`), 'utf8');
      expect(JSON.parse(body)[0].values[0].logical_name).toMatch(/^0100010800ff\./);
      const read = await readAr2418File(out);
      expect(read.ok).toBe(true);
      expect(validateModel(read.document!, read.locations).filter((p) => p.severity === 'error')).toEqual([]);
      const from = Date.parse('2024-10-31T23:00:00Z');
      const to = Date.parse('2024-11-30T23:00:00Z');
      expect(compareReadings(readingsByChannel(read.document!.usagePoints[0]!), readingsByChannel(document.usagePoints[0]!, [from, to]))).toBe('equal');
    } finally {
      await sim.close();
    }
  });

  it('tells what to do on bad usage and on an unreachable gateway', async () => {
    const usage = capture();
    expect(await main(['read', '--host', '127.0.0.1', '--out', 'x.xml'], usage.io)).toBe(EXIT.usage);
    expect(usage.err()).toMatch(/--user and a password \(TRUDI_PASSWORD/);
    const bad = capture();
    expect(await main(['read', '--host', '127.0.0.1', '--port', '1', '--user', 'u', '--password', 'p', '--pin', 'sha256:' + 'AB'.repeat(32), '--out', join(dir, 'x.xml')], bad.io)).toBe(EXIT.failure);
    expect(bad.err()).toMatch(/HAN subnet/);
  });
});

describe('trudi simulate', () => {
  it('prints the URL and fingerprint, serves until stopped, and a read against it works', async () => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'trudi.mjs'), 'simulate', '--vendor', 'theben', '--months', '1', '--signature-curve', 'P-256', '--no-cache'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (/try: /.test(text)) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`simulate exited with ${code}`)));
      });
      const url = /^listening on https:\/\/127\.0\.0\.1:(\d+)$/m.exec(banner);
      const pin = /^certificate fingerprint (sha256:[0-9A-F:]+)$/m.exec(banner);
      expect(url).not.toBeNull();
      expect(pin).not.toBeNull();
      const c = capture();
      const out = join(dir, 'theben.xml');
      const code = await main(['read', '--host', '127.0.0.1', '--port', url![1]!, '--vendor', 'theben', '--user', 'consumer1', '--password', 'secret', '--pin', pin![1]!, '--no-log', '--out', out], c.io);
      expect(c.err()).not.toMatch(/trudi read:/);
      expect(code).toBe(EXIT.ok);
      expect((await readAr2418File(out)).ok).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    const exit = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
    expect(exit).toBe(0);
  });
});
