/**
 * Passwords off the command line (issue 9 item 9), through real child processes of `bin/trudi.mjs` against
 * the simulator: TRUDI_PASSWORD, the no-echo prompt on a real pseudo-terminal (util-linux `script`), the
 * warning for --password, a clear error when nothing is given and no terminal can ask, and no trace of
 * the password in what the read writes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsignedSample } from '../han/testing/fixtures';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import { PROJECT_ROOT } from '../testing/conformance';
import { EXIT } from './command';

const PASSWORD = 'Geheim-Wort-4711';
const dir = mkdtempSync(join(tmpdir(), 'trudi-secrets-'));
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, 'EEMH0012345678'), users: [{ name: 'consumer1', password: PASSWORD }] });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const TRUDI = join(PROJECT_ROOT, 'bin', 'trudi.mjs');
function readArgs(name: string, extra: string[] = []): string[] {
  return ['read', '--host', sim.host, '--port', String(sim.port), '--vendor', 'emh', '--user', 'consumer1', '--pin', sim.fingerprint, '--no-log',
    '--diagnostics', join(dir, `${name}.json`), '--raw', join(dir, `${name}-raw`), '--out', join(dir, `${name}.xml`), ...extra];
}
function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

interface Run { code: number | null; stdout: string; stderr: string }
function run(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TRUDI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end();
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Nothing the read wrote (document, diagnostics, raw bodies) holds the password. */
function expectNoTrace(name: string): void {
  const files = [join(dir, `${name}.xml`), join(dir, `${name}.json`), ...readdirSync(join(dir, `${name}-raw`)).map((f) => join(dir, `${name}-raw`, f))];
  expect(files.length).toBeGreaterThan(2);
  for (const file of files) expect(readFileSync(file, 'latin1')).not.toContain(PASSWORD);
}

describe('gateway passwords', () => {
  it('takes the password from TRUDI_PASSWORD, without a warning and without a trace in the written files', async () => {
    const result = await run(readArgs('env'), { ...envWithout('TRUDI_PASSPHRASE'), TRUDI_PASSWORD: PASSWORD });
    expect(result.stderr).not.toMatch(/warning/);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/gateway EEMH0012345678/);
    expectNoTrace('env');
  }, 120_000);

  it('a wrong TRUDI_PASSWORD is refused by the gateway (the variable is really used)', async () => {
    const result = await run(readArgs('wrong'), { ...process.env, TRUDI_PASSWORD: 'not-the-password' });
    expect(result.code).not.toBe(EXIT.ok);
    expect(result.stderr).not.toContain('not-the-password');
  }, 120_000);

  it('still accepts --password, with a warning on stderr that it is visible in the process list', async () => {
    const result = await run(readArgs('option', ['--password', PASSWORD]), envWithout('TRUDI_PASSWORD'));
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toMatch(/warning: --password is visible to other users of this PC in the process list; set TRUDI_PASSWORD/);
    expect(result.stderr).not.toContain(PASSWORD);
  }, 120_000);

  it('without password and without a terminal: a clear usage error naming the three ways', async () => {
    const result = await run(readArgs('none'), envWithout('TRUDI_PASSWORD'));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/no password given: set TRUDI_PASSWORD, run the command in a terminal to be asked, or pass --password/);
  }, 120_000);

  it('the passphrase that encrypts a saved secret is never an option: without TRUDI_PASSPHRASE and a terminal, a usage error naming the two ways', async () => {
    const env = { ...envWithout('TRUDI_PASSPHRASE', 'TRUDI_PASSWORD'), XDG_CONFIG_HOME: join(dir, 'config') };
    const result = await run(readArgs('save', ['--password', PASSWORD, '--save-profile', 'Keller']), env);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/no passphrase for the stored secret given: set TRUDI_PASSPHRASE or run the command in a terminal to be asked\./);
    expect(result.stderr.split('\n').find((line) => line.includes('no passphrase'))).not.toMatch(/--passphrase/);
  }, 120_000);

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('asks on a terminal without echoing what is typed (skipped: util-linux script missing)', async () => {
    const command = [process.execPath, TRUDI, ...readArgs('prompt')].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: envWithout('TRUDI_PASSWORD'), stdio: ['pipe', 'pipe', 'pipe'] });
    let transcript = '';
    const asked = new Promise<void>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        transcript += c.toString();
        if (/Password for consumer1/.test(transcript)) resolve();
      });
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await asked;
    // The prompt has switched the terminal to raw mode before it was printed: what is typed now is not echoed.
    await new Promise((r) => setTimeout(r, 300));
    child.stdin.write(`${PASSWORD}\r`);
    expect(await exit).toBe(EXIT.ok);
    expect(transcript).toMatch(/gateway EEMH0012345678/);
    expect(transcript).not.toContain(PASSWORD);
    expect(transcript).not.toMatch(/warning/);
    expectNoTrace('prompt');
  }, 120_000);
});
