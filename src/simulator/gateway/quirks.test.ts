/** The simulated vendors' quirks, exercised with raw HTTP over real TLS (what a careless client would send). */
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestClient } from '../../han/digest';
import { TR03116_CIPHERS, TR03116_GROUPS } from '../../han/tls-profile';
import { generateSampleDocument } from '../sample/sample-document';
import { startSimulator, type RunningSimulator } from './server';

const document = generateSampleDocument({ gatewayId: 'ETHE0012345678', months: 3, start: Date.UTC(2026, 5, 30, 22) });

/** One request on a fresh connection; returns status, headers and body text. */
function raw(sim: RunningSimulator, lines: string[], body = ''): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: sim.host, port: sim.port, rejectUnauthorized: false, ciphers: TR03116_CIPHERS, ecdhCurve: TR03116_GROUPS, maxVersion: 'TLSv1.2' }, () => {
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', rest = ''] = text.split('\r\n\r\n', 2);
      resolve({ status: Number(/^HTTP\/1\.\d (\d{3})/.exec(head)?.[1] ?? 0), head, body: rest });
    });
  });
}

/** A Digest Authorization for `method path`, after fetching a fresh challenge. */
async function authorization(sim: RunningSimulator, method: string, path: string, forceMd5 = true, host = `127.0.0.1:${sim.port}`): Promise<string> {
  const challenge = await raw(sim, [`GET ${sim.vendor === 'theben' ? '/smgw/m2m' : '/json/systeminformations'} HTTP/1.1`, `Host: ${host}`, 'Connection: close']);
  const values = [...challenge.head.matchAll(/^WWW-Authenticate: (.*)$/gim)].map((m) => m[1]!);
  const digest = new DigestClient({ user: 'consumer1', password: 'secret' }, { forceMd5 });
  digest.accept(values);
  return digest.authorize(method, path)!;
}

describe('Theben CONEXA quirks', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ vendor: 'theben', document, selfTestCooldownMs: 60_000 });
  });
  afterAll(() => sim.close());
  const path = '/smgw/m2m/consumer1/json';
  const post = async (body: string, headers: string[]) =>
    raw(sim, [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1`, `Authorization: ${await authorization(sim, 'POST', path)}`, 'Connection: close', ...headers], body);

  it('presents a HAN certificate with explicit NULL signature-algorithm parameters, still correctly signed', async () => {
    const der = Buffer.from(sim.identity.certDer).toString('hex');
    // AlgorithmIdentifier { ecdsa-with-SHA256|384, NULL } twice (TBS and outer), none without NULL.
    expect(der.match(/300c06082a8648ce3d04030[23]0500/g)).toHaveLength(2);
    expect(der).not.toMatch(/300a06082a8648ce3d04030[23]/);
    const peer = await new Promise<Buffer>((resolve, reject) => {
      const socket = connect({ host: sim.host, port: sim.port, rejectUnauthorized: false, ciphers: TR03116_CIPHERS, ecdhCurve: TR03116_GROUPS, maxVersion: 'TLSv1.2' }, () => {
        resolve(socket.getPeerX509Certificate()!.raw);
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(peer.toString('hex')).toBe(der);
  });

  it('redirects /smgw/m2m with 307 to the user path', async () => {
    const r = await raw(sim, ['GET /smgw/m2m HTTP/1.1', 'Host: 127.0.0.1', `Authorization: ${await authorization(sim, 'GET', '/smgw/m2m')}`, 'Connection: close']);
    expect(r.status).toBe(307);
    expect(r.head).toMatch(/^Location: \/smgw\/m2m\/consumer1\/json$/im);
  });

  it('offers SHA-256 and MD5 but accepts only MD5 answers', async () => {
    const challenge = await raw(sim, ['GET /smgw/m2m HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close']);
    expect(challenge.status).toBe(401);
    expect(challenge.head).toMatch(/algorithm=SHA-256/);
    expect(challenge.head).toMatch(/algorithm=MD5/);
    const sha = await raw(sim, ['GET /smgw/m2m HTTP/1.1', 'Host: 127.0.0.1', `Authorization: ${await authorization(sim, 'GET', '/smgw/m2m', false)}`, 'Connection: close']);
    expect(sha.status).toBe(401);
  });

  it('wants Content-Type exactly application/json and an explicit Content-Length', async () => {
    const body = JSON.stringify({ method: 'user-info' });
    expect((await post(body, ['Content-Type: application/json', `Content-Length: ${body.length}`])).status).toBe(200);
    expect((await post(body, ['Content-Type: application/json; charset=utf-8', `Content-Length: ${body.length}`])).status).toBe(400);
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    expect((await post(chunked, ['Content-Type: application/json', 'Transfer-Encoding: chunked'])).status).toBe(411);
  });

  it('refuses readings ranges over 31 days and log pages over 1,500 entries', async () => {
    const call = (o: object) => {
      const body = JSON.stringify(o);
      return post(body, ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`]);
    };
    const base = { method: 'readings', 'usage-point-id': 'TAF-7', database: 'origin' };
    expect((await call({ ...base, fromtime: '2026-08-01T00:00:00Z', totime: '2026-09-01T00:00:00Z' })).status).toBe(200);
    const over = await call({ ...base, fromtime: '2026-08-01T00:00:00Z', totime: '2026-09-01T00:00:01Z' });
    expect(over.status).toBe(400);
    expect(over.body).toMatch(/31 days/);
    expect((await call({ method: 'log', count: 1500 })).status).toBe(200);
    expect((await call({ method: 'log', count: 1501 })).status).toBe(400);
  });

  it('refuses a second self-test within the cooldown with 403', async () => {
    const body = JSON.stringify({ method: 'self-test' });
    const headers = ['Content-Type: application/json', `Content-Length: ${body.length}`];
    expect((await post(body, headers)).status).toBe(200);
    expect((await post(body, headers)).status).toBe(403);
  });
});

describe('EMH CASA quirks', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ vendor: 'emh', document });
  });
  afterAll(() => sim.close());

  it('checks the Host header', async () => {
    const path = '/json/metering/origin/';
    const ok = await raw(sim, [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: ${await authorization(sim, 'GET', path)}`, 'Connection: close']);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual(['1TRU0012345678']);
    const mdns = await raw(sim, [`GET ${path} HTTP/1.1`, 'Host: smgw.local', `Authorization: ${await authorization(sim, 'GET', path)}`, 'Connection: close']);
    expect(mdns.status).toBe(200);
    const wrong = await raw(sim, [`GET ${path} HTTP/1.1`, 'Host: gateway.example', 'Connection: close']);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatch(/Host/);
  });

  it('speaks HTTP/1.1 only', async () => {
    const r = await raw(sim, ['GET /json/metering/origin/ HTTP/1.0', 'Host: 127.0.0.1']);
    expect(r.status).toBe(505);
  });
});
