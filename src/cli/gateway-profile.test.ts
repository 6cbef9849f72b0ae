/**
 * `trudi read|sync --save-profile NAME` and `--profile NAME`: a visit saved as a profile (secret encrypted with
 * TRUDI_PASSPHRASE) and read again from it without connection options; a simulator over real TLS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GatewayProfiles, PROFILES_FILE } from '../engine/gateway-profiles';
import { unsignedSample } from '../han/testing/fixtures';
import { appDirs } from '../platform/app-dirs';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import { EXIT } from './command';
import { main } from './main';
import { PASSPHRASE_ENV } from './secrets';

let sim: RunningSimulator;
const home = process.env.TRUDI_HOME!;
beforeAll(async () => {
  sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, 'EEMH0012345678') });
});
afterAll(() => sim.close());
afterEach(() => {
  delete process.env[PASSPHRASE_ENV];
});

async function run(...args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}

describe('gateway profiles on the command line', () => {
  it('saves a visit as a profile and reads and syncs it again by name; wrong or missing passphrases are refused', { timeout: 120_000 }, async () => {
    const connection = ['--host', sim.host, '--port', String(sim.port), '--vendor', 'emh', '--user', 'consumer1', '--password', 'secret', '--pin', sim.fingerprint];
    // No passphrase and no terminal: refused before anything is read or saved.
    const unasked = await run('read', ...connection, '--save-profile', 'Keller', '--out', join(home, 'none.xml'));
    expect(unasked.code).toBe(EXIT.usage);
    expect(unasked.err).toContain(PASSPHRASE_ENV);
    expect(existsSync(join(home, 'none.xml'))).toBe(false);

    process.env[PASSPHRASE_ENV] = 'long passphrase';
    const saved = await run('read', ...connection, '--save-profile', 'Keller', '--out', join(home, 'first.xml'));
    expect(saved.err).not.toMatch(/trudi read:/);
    expect(saved.code).toBe(EXIT.ok);
    expect(saved.out).toMatch(/profile "Keller" saved \(secret stored encrypted/);
    const file = join(appDirs().config, PROFILES_FILE);
    const profile = new GatewayProfiles(appDirs().config).find('Keller');
    expect(profile).toMatchObject({ host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1', gatewayId: 'EEMH0012345678', pin: sim.fingerprint, secretIn: 'passphrase' });
    expect(readFileSync(file, 'utf8')).not.toMatch(/"(password|data)": "secret"/);

    const again = await run('read', '--profile', 'Keller', '--out', join(home, 'second.xml'));
    expect(again.code).toBe(EXIT.ok);
    expect(again.out).toMatch(/gateway EEMH0012345678 \(emh\)/);
    const readings = (out: string) => /(\d+) readings/.exec(out)?.[1];
    expect(readings(again.out)).toBe(readings(saved.out));
    expect(Number(readings(again.out))).toBeGreaterThan(0);

    const synced = await run('sync', '--profile', 'Keller', '--archive', join(home, 'archive'), '--json');
    expect(synced.code).toBe(EXIT.ok);
    expect((JSON.parse(synced.out) as { newReadings: number }).newReadings).toBeGreaterThan(0);

    process.env[PASSPHRASE_ENV] = 'another passphrase';
    const wrong = await run('read', '--profile', 'Keller', '--out', join(home, 'wrong.xml'));
    expect(wrong.code).toBe(EXIT.failure);
    expect(wrong.err).toContain('WRONG_PASSPHRASE');
    // A typed password needs no passphrase.
    expect((await run('read', '--profile', 'Keller', '--password', 'secret', '--out', join(home, 'typed.xml'))).code).toBe(EXIT.ok);

    const mixed = await run('read', '--profile', 'Keller', '--host', '10.0.0.1', '--out', join(home, 'x.xml'));
    expect(mixed.code).toBe(EXIT.usage);
    expect(mixed.err).toContain('--host comes from the profile "Keller"');
    const unknown = await run('read', '--profile', 'Dachboden', '--out', join(home, 'x.xml'));
    expect(unknown.code).toBe(EXIT.failure);
    expect(unknown.err).toContain('There is no gateway profile "Dachboden" (saved: "Keller")');

    // trudi profiles: listed without the secret, deleted by name.
    const listed = await run('profiles', 'list', '--json');
    expect(listed.code).toBe(EXIT.ok);
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ name: 'Keller', hasSecret: true, secretIn: 'passphrase', pin: sim.fingerprint })]);
    expect(listed.out).not.toMatch(/"secret":|"data":/);
    expect((await run('profiles', 'list')).out).toMatch(/^Keller: 127\.0\.0\.1:\d+ emh EEMH0012345678 user consumer1, pin sha256:.*, secret encrypted with a passphrase\n$/);
    expect((await run('profiles', 'delete', 'Keller')).code).toBe(EXIT.ok);
    expect((await run('profiles', 'list')).out).toMatch(/^no gateway profiles/);
    expect((await run('profiles', 'delete', 'Keller')).err).toContain('UNKNOWN_PROFILE');
  });
});
