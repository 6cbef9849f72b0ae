import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from './engine';

const engine = new Engine({ demoGatewayMonths: 2 });
afterAll(() => engine.close());

describe('engine and the demo gateway', () => {
  it('reads the built-in demo gateway after the user confirmed its certificate, and verifies what it signed', async () => {
    const progress: string[] = [];
    engine.onProgress((e) => progress.push(e.message));
    const gateway = await engine.startDemoGateway({ operationId: 'start' });
    expect(gateway).toMatchObject({ host: '127.0.0.1', vendor: 'theben', user: 'consumer1' });
    expect(gateway.fingerprint).toMatch(/^sha256:([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    const request = {
      host: gateway.host,
      port: gateway.port,
      credentials: { kind: 'password' as const, user: gateway.user, password: gateway.password },
    };
    // Trust on first use: without a pin nothing is read, and the fingerprint comes back for confirmation.
    const refused = await engine.readGateway(request).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'HAN_PIN_REQUIRED', details: { fingerprint: expect.any(String) } });
    const seen = (refused as { details: { fingerprint: string } }).details.fingerprint;

    const summary = await engine.readGateway({ ...request, pin: seen, operationId: 'read' });
    expect(summary).toMatchObject({ source: 'gateway', demo: true, gatewayId: gateway.gatewayId });
    expect(summary.channels.length).toBeGreaterThan(0);
    expect(summary.channels.every((c) => c.readings > 0)).toBe(true);

    const verification = await engine.verifyReadout({ readoutId: summary.readoutId });
    expect(verification.invalid).toBe(0);
    expect(verification.valid).toBeGreaterThan(0);
    expect(verification.chain.test).toBe(true);

    const wrong = await engine.readGateway({ ...request, pin: seen, credentials: { ...request.credentials, password: 'wrong' } }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'HAN_AUTHENTICATION_FAILED', de: expect.any(String), en: expect.any(String) });
    expect(progress.length).toBeGreaterThan(0);
  });
});
