/** The engine's read-outs through the experimental vendor adapters are labelled as such. */
import { afterAll, describe, expect, it } from 'vitest';
import { unsignedSample } from '../han/testing/fixtures';
import { startSimulator } from '../simulator/gateway/server';
import { Engine } from './engine';

const engine = new Engine({ demoGatewayMonths: 1 });
afterAll(() => engine.close());

describe('engine: experimental vendor adapters', () => {
  it('a Dr. Neuhaus read-out (PKCS#12 plus password) carries the experimental label', async () => {
    const sim = await startSimulator({ vendor: 'dnt', document: unsignedSample(1, 'EDNT0012345678') });
    try {
      const identity = sim.clientIdentity();
      const summary = await engine.readGateway({
        host: sim.host,
        port: sim.port,
        vendor: 'dnt',
        pin: sim.fingerprint,
        credentials: { kind: 'pkcs12', pkcs12Base64: Buffer.from(identity.pkcs12).toString('base64'), passphrase: identity.passphrase, user: 'consumer1', password: 'secret' },
      });
      expect(summary).toMatchObject({ source: 'gateway', demo: false, gatewayId: 'EDNT0012345678', experimentalVendor: 'Sagemcom Dr. Neuhaus SMARTY IQ' });
      // The gateway's answers stay with the read-out and can be exported without credentials.
      const exported = await engine.exportReadout({ readoutId: summary.readoutId, format: 'gateway-session' });
      const text = Buffer.from(exported.contentBase64, 'base64').toString('utf8');
      const session = JSON.parse(text) as { format: string; exchanges: { path: string; bodyBase64: string }[] };
      expect(session.format).toBe('trudi-han-diagnostics-1');
      expect(session.exchanges.some((e) => e.path.startsWith('/smgw/hgp/evp/'))).toBe(true);
      expect(text).not.toMatch(/secret|client-secret/);
      expect(exported.fileName).toMatch(/_Gateway-Sitzung\.json$/);
    } finally {
      await sim.close();
    }
  }, 120_000);
});
