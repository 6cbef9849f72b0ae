/** The diagnostics export holds what the gateway answered, without credentials and session tokens. */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import { DiagnosticsRecorder, redactRequestBody, redactResponseBody } from './diagnostics';
import { readGateway } from './read-gateway';
import { unsignedSample } from './testing/fixtures';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('diagnostics export', () => {
  it('removes tokens and passwords from forms and pages, keeps every other byte', () => {
    expect(redactRequestBody(Buffer.from('tkn=abc123&action=showMeterValues&mid=77'))).toBe('tkn=%3Cremoved%3E&action=showMeterValues&mid=77');
    expect(redactRequestBody(Buffer.from('{"method":"log","password":"x"}'))).toBe('{"method":"log","password":"<removed>"}');
    const page = Buffer.from('<form><input type="hidden" name="tkn" value="s3cr3t"><input name="mid" value="9"></form>');
    const redacted = redactResponseBody(page, 'text/html; charset=utf-8');
    expect(redacted.redacted).toBe(true);
    expect(redacted.bytes.toString()).toBe('<form><input type="hidden" name="tkn" value="<removed>"><input name="mid" value="9"></form>');
    const json = Buffer.from('{"value":"1"}');
    expect(redactResponseBody(json, 'application/json').bytes).toBe(json);
  });

  it('a whole PPC session: every exchange, no password, no token, no session cookie', async () => {
    const sim = await startSimulator({ vendor: 'ppc', document: unsignedSample(1, 'EPPC0012345678') });
    running.push(sim);
    const recorder = new DiagnosticsRecorder({ vendor: 'ppc' });
    const from = sim.dataset.contracts[0]!.first;
    await readGateway({ host: sim.host, port: sim.port, pin: sim.fingerprint, vendor: 'ppc', gatewayId: 'EPPC0012345678', from, to: from + 86_400_000, credentials: { kind: 'password', user: 'consumer1', password: 'secret' }, client: { onExchange: recorder.onExchange } });
    const json = recorder.toJson({ outcome: 'ok' });
    const parsed = JSON.parse(json) as { format: string; exchanges: { path: string; request?: string; headers: [string, string][]; bodyBase64: string }[] };
    expect(parsed.format).toBe('trudi-han-diagnostics-1');
    expect(parsed.exchanges.length).toBe(recorder.count);
    expect(parsed.exchanges.map((e) => e.request ?? '').join('\n')).toMatch(/action=showMeterValues/);
    const everything = parsed.exchanges.map((e) => `${e.path} ${e.request ?? ''} ${JSON.stringify(e.headers)} ${Buffer.from(e.bodyBase64, 'base64').toString('latin1')}`).join('\n');
    expect(everything).not.toMatch(/secret/);
    expect(everything).not.toMatch(/tkn=[0-9a-f]{12}/);
    expect(everything).not.toMatch(/name="tkn" value="[0-9a-f]/);
    expect(everything).not.toMatch(/session=[0-9a-f]{32}/);
    // The signed exports are kept as sent (no token in them): CMS around the K461 XML.
    expect(parsed.exchanges.map((e) => e.request ?? '').join('\n')).toMatch(/action=exportMeterValues/);
    expect(everything).toMatch(/urn:k461-dke-de:profile_generic-1/);
  });
});
