/**
 * TrudiApi.testConnection over real sockets and real TLS against the gateway simulator on 127.0.0.1: each
 * step's failure (a closed port, a port that speaks no TLS, no pin / a wrong pin, a wrong password, the
 * lock-out after it) names its step, cause and advice; a full pass logs in and confirms the pin; progress
 * names the steps; a cancelled test rejects with CANCELLED.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTestResult, ProgressEvent } from '../api/dto';
import { unsignedSample } from '../han/testing/fixtures';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import { Engine } from './engine';

const GATEWAY = 'EEMH0012345678';
const OTHER_PIN = `sha256:${'AB:'.repeat(31)}AB`;
const dir = mkdtempSync(join(tmpdir(), 'trudi-connection-test-'));
let sim: RunningSimulator;
let locking: RunningSimulator;
let plain: Server;
let closedPort: number;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, GATEWAY) });
  locking = await startSimulator({ vendor: 'emh', document: unsignedSample(1, GATEWAY), maxFailures: 2, lockMs: 120_000 });
  // A port that accepts TCP and answers a TLS ClientHello with plain text (as a web server without TLS would).
  plain = createServer((socket) => {
    socket.on('error', () => undefined); // the client resets after the answer
    socket.resume(); // read (and drop) the ClientHello, so the client's close is seen
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  await listen(plain);
  // A port nothing listens on: taken and given back.
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await sim.close();
  await locking.close();
  await new Promise<void>((resolve) => plain.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const password = (pw: string) => ({ kind: 'password' as const, user: 'consumer1', password: pw });
const states = (result: ConnectionTestResult) => result.steps.map((s) => `${s.step}:${s.state}`);

describe('testConnection', () => {
  it('a closed port fails at the TCP step with the HAN subnet advice; the rest is not run', async () => {
    const engine = new Engine();
    const result = await engine.testConnection({ host: '127.0.0.1', port: closedPort, credentials: password('secret') });
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('tcp');
    expect(states(result)).toEqual(['tcp:failed', 'tls:skipped', 'certificate:skipped', 'login:skipped']);
    const tcp = result.steps[0]!;
    expect(tcp).toMatchObject({ advice: 'han-subnet', error: { code: 'HAN_TCP_CONNECT_FAILED' } });
    expect(tcp.error?.en).toContain('HAN subnet');
    expect(tcp.error?.de).toContain('HAN-Subnetz');
    expect(result.fingerprint).toBeUndefined();
  });

  it('a port without TLS fails at the TLS step', async () => {
    const engine = new Engine();
    const port = (plain.address() as { port: number }).port;
    const result = await engine.testConnection({ host: '127.0.0.1', port, credentials: password('secret') });
    expect(states(result)).toEqual(['tcp:passed', 'tls:failed', 'certificate:skipped', 'login:skipped']);
    expect(result.steps[1]).toMatchObject({ advice: 'tls', error: { code: 'HAN_TLS_CONNECT_FAILED' } });
  });

  it('a first visit stops at the certificate step with the fingerprint to confirm; no credential is sent', async () => {
    const engine = new Engine({ configDir: join(dir, 'first') });
    const logins = sim.stats.logins;
    const result = await engine.testConnection({ host: sim.host, port: sim.port, credentials: password('secret') });
    expect(states(result)).toEqual(['tcp:passed', 'tls:passed', 'certificate:failed', 'login:skipped']);
    expect(result).toMatchObject({ failedStep: 'certificate', fingerprint: sim.fingerprint, pinSource: 'none' });
    expect(result.steps[2]).toMatchObject({ advice: 'certificate-confirm', error: { code: 'HAN_PIN_REQUIRED', details: { fingerprint: sim.fingerprint } } });
    expect(sim.stats.logins).toBe(logins);
  });

  it('a wrong pin fails at the certificate step as a changed certificate', async () => {
    const engine = new Engine();
    const result = await engine.testConnection({ host: sim.host, port: sim.port, pin: OTHER_PIN, credentials: password('secret') });
    expect(states(result)).toEqual(['tcp:passed', 'tls:passed', 'certificate:failed', 'login:skipped']);
    expect(result.steps[2]).toMatchObject({ advice: 'certificate-changed', error: { code: 'HAN_CERTIFICATE_CHANGED', details: { expected: OTHER_PIN, fingerprint: sim.fingerprint } } });
  });

  it('a wrong password fails at the login step; repeated, the lock-out says how long it lasts', async () => {
    const engine = new Engine({ configDir: join(dir, 'locking') });
    const pinned = { host: locking.host, port: locking.port, vendor: 'emh' as const, pin: locking.fingerprint, credentials: password('wrong') };
    const first = await engine.testConnection(pinned);
    expect(states(first)).toEqual(['tcp:passed', 'tls:passed', 'certificate:passed', 'login:failed']);
    const login = first.steps[3]!;
    expect(login.error?.code).toBe('HAN_AUTHENTICATION_FAILED');
    expect(['credentials', 'lockout']).toContain(login.advice);
    // The confirmed fingerprint is remembered although the login failed: the retry is not asked again.
    const { pin: _pin, ...request } = pinned;
    let locked = await engine.testConnection(request);
    expect(locked).toMatchObject({ pinSource: 'remembered', steps: [{}, {}, { state: 'passed' }, { state: 'failed' }] });
    for (let i = 0; i < 3 && locked.steps[3]!.advice !== 'lockout'; i++) locked = await engine.testConnection(request);
    expect(locked.steps[3]).toMatchObject({ state: 'failed', advice: 'lockout', error: { code: 'HAN_AUTHENTICATION_FAILED' } });
    expect(Number(locked.steps[3]!.error?.details?.lockedForSeconds)).toBeGreaterThan(60);
    expect(locked.steps[3]!.error?.en).toMatch(/locked for another \d+ minute/);
    // Even the right password is refused while the gateway is locked.
    const right = await engine.testConnection({ ...request, credentials: password('secret') });
    expect(right.steps[3]).toMatchObject({ state: 'failed', advice: 'lockout' });
  });

  it('passes every step with the right pin and password, reports the session, and remembers the pin', async () => {
    const engine = new Engine({ configDir: join(dir, 'pass') });
    const events: ProgressEvent[] = [];
    const off = engine.onProgress((e) => events.push(e));
    const logins = sim.stats.logins;
    const result = await engine.testConnection({ host: sim.host, port: sim.port, pin: sim.fingerprint, credentials: password('secret'), operationId: 'test-1' });
    off();
    expect(states(result)).toEqual(['tcp:passed', 'tls:passed', 'certificate:passed', 'login:passed']);
    expect(result).toMatchObject({ ok: true, vendor: 'emh', gatewayId: GATEWAY, fingerprint: sim.fingerprint, pinSource: 'request' });
    expect(result.failedStep).toBeUndefined();
    expect(result.tls?.protocol).toMatch(/TLS/);
    expect(sim.stats.logins).toBeGreaterThan(logins);
    expect(events.filter((e) => e.operationId === 'test-1').map((e) => e.message)).toEqual(['connection.tcp', 'connection.tls', 'connection.certificate', 'connection.login', 'connection.done']);
    // The next test (and read) of this gateway is pinned by the engine without being told.
    const again = await engine.testConnection({ host: sim.host, port: sim.port, credentials: password('secret') });
    expect(again).toMatchObject({ ok: true, pinSource: 'remembered' });
  });

  it('without credentials the login step is skipped with the advice to give them', async () => {
    const engine = new Engine();
    const result = await engine.testConnection({ host: sim.host, port: sim.port, pin: sim.fingerprint });
    expect(states(result)).toEqual(['tcp:passed', 'tls:passed', 'certificate:passed', 'login:skipped']);
    expect(result).toMatchObject({ ok: false, steps: [{}, {}, {}, { advice: 'secret' }] });
    expect(result.failedStep).toBeUndefined();
  });

  it('tests a saved profile: its pin and its stored secret; a wrong passphrase fails the login step', async () => {
    const engine = new Engine({ configDir: join(dir, 'profile') });
    const profile = await engine.saveGatewayProfile({ name: 'Keller', host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1', pin: sim.fingerprint, storeSecret: true, secret: 'secret', secretPassphrase: 'long passphrase' });
    const result = await engine.testConnection({ profileId: profile.id, passphrase: 'long passphrase' });
    expect(result).toMatchObject({ ok: true, pinSource: 'profile', gatewayId: GATEWAY });
    const wrong = await engine.testConnection({ profileId: profile.id, passphrase: 'not the passphrase' });
    expect(wrong.steps[3]).toMatchObject({ state: 'failed', advice: 'secret', error: { code: 'WRONG_PASSPHRASE' } });
  });

  it('a gateway that requires a client certificate: a password alone fails the login step at TLS; the PKCS#12 passes; a wrong passphrase is named', async () => {
    const strict = await startSimulator({ vendor: 'emh', document: unsignedSample(1, GATEWAY), tlsProfile: 'client-cert-required' });
    try {
      const engine = new Engine();
      const base = { host: strict.host, port: strict.port, vendor: 'emh' as const, pin: strict.fingerprint };
      // The certificate probe stops before the gateway asks for a client certificate: TLS and pin pass.
      const withPassword = await engine.testConnection({ ...base, credentials: password('secret') });
      expect(states(withPassword)).toEqual(['tcp:passed', 'tls:passed', 'certificate:passed', 'login:failed']);
      expect(withPassword.steps[3]).toMatchObject({ advice: 'client-certificate', error: { code: 'HAN_TLS_CONNECT_FAILED' } });
      expect(withPassword.steps[3]!.error?.en).toContain('client certificate');
      const client = strict.clientIdentity();
      const pkcs12 = (passphrase: string) => ({ kind: 'pkcs12' as const, pkcs12Base64: Buffer.from(client.pkcs12Legacy).toString('base64'), passphrase });
      const passed = await engine.testConnection({ ...base, credentials: pkcs12(client.passphrase) });
      expect(passed).toMatchObject({ ok: true, gatewayId: GATEWAY, vendor: 'emh' });
      const wrong = await engine.testConnection({ ...base, credentials: pkcs12('not the passphrase') });
      expect(wrong.steps[3]).toMatchObject({ state: 'failed', advice: 'credentials', error: { code: 'HAN_CLIENT_CERTIFICATE_INVALID' } });
    } finally {
      await strict.close();
    }
  });

  it('a cancelled test rejects with CANCELLED instead of reporting a failed step', async () => {
    const engine = new Engine();
    const off = engine.onProgress((e) => {
      if (e.operationId === 'test-cancel' && e.message === 'connection.tls') void engine.cancel('test-cancel');
    });
    await expect(engine.testConnection({ host: sim.host, port: sim.port, pin: sim.fingerprint, credentials: password('secret'), operationId: 'test-cancel' })).rejects.toMatchObject({ code: 'CANCELLED' });
    off();
  });

  it('refuses a malformed pin and a missing address before connecting', async () => {
    const engine = new Engine();
    await expect(engine.testConnection({ host: sim.host, port: sim.port, pin: 'sha256:nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(engine.testConnection({ host: '', port: 443 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
