import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bearerToken, contentSecurityPolicy, createToken, hostAllowed, originAllowed, ownOrigins, staticPath, tokenMatches } from './web-security';

describe('web mode security guards', () => {
  it('creates unguessable tokens and compares them exactly', () => {
    const a = createToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createToken()).not.toBe(a);
    expect(tokenMatches(a, a)).toBe(true);
    expect(tokenMatches(a, a.slice(0, -1))).toBe(false);
    expect(tokenMatches(a, `${a}x`)).toBe(false);
    expect(tokenMatches(a, undefined)).toBe(false);
    expect(tokenMatches(a, '')).toBe(false);
  });

  it('reads only well-formed bearer tokens', () => {
    expect(bearerToken('Bearer abc_-1')).toBe('abc_-1');
    expect(bearerToken('bearer abc')).toBeUndefined();
    expect(bearerToken('Bearer abc def')).toBeUndefined();
    expect(bearerToken('Basic YTpi')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('allows only our own origin, never one derived from the request', () => {
    const own = 'http://127.0.0.1:4321';
    expect(originAllowed(own, own)).toBe(true);
    expect(originAllowed(undefined, own)).toBe(true);
    expect(originAllowed('http://localhost:4321', ownOrigins(4321))).toBe(true);
    expect(originAllowed('http://127.0.0.1:4321', ownOrigins(4321))).toBe(true);
    for (const origin of ['http://localhost:4322', 'http://127.0.0.1:4322', 'https://127.0.0.1:4321', 'null', 'http://127.0.0.1:4321.evil.example', 'file://', '']) {
      expect(originAllowed(origin, own), origin).toBe(false);
      expect(originAllowed(origin, ownOrigins(4321)), origin).toBe(false);
    }
  });

  it('allows only the Host names 127.0.0.1:PORT and localhost:PORT', () => {
    expect(hostAllowed('127.0.0.1:4321', 4321)).toBe(true);
    expect(hostAllowed('localhost:4321', 4321)).toBe(true);
    expect(hostAllowed('LocalHost:4321', 4321)).toBe(true);
    for (const host of [undefined, '', 'x', '127.0.0.1', 'localhost', '127.0.0.1:4322', 'evil.example:4321', 'localhost.evil.example:4321', '[::1]:4321', '127.0.0.1:4321 ']) {
      expect(hostAllowed(host, 4321), String(host)).toBe(false);
    }
  });

  it('resolves static paths inside the root and rejects traversal', () => {
    expect(staticPath('/r', '/')).toBe('/r/index.html');
    expect(staticPath('/r/', '/assets/a.js?v=1')).toBe('/r/assets/a.js');
    for (const bad of ['/../x', '/assets/../../x', '/%2e%2e/x', '/assets/%2E%2E/%2E%2E/x', '/a%5c..%5cx', '/a%00.js', '/%E0%A4%A', '/./x']) {
      expect(staticPath('/r', bad), bad).toBeUndefined();
    }
  });

  it('builds a CSP without unsafe-eval or unsafe-inline', () => {
    const csp = contentSecurityPolicy(1234);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('connect-src \'self\' ws://127.0.0.1:1234 ws://localhost:1234');
    expect(csp).not.toMatch(/unsafe/);
  });

  it('is used by the host for raw, unnormalised request paths', async () => {
    const { startWebHost } = await import('./web-host');
    const { Engine } = await import('./engine');
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const parent = await mkdtemp(join(tmpdir(), 'trudi-raw-'));
    const root = join(parent, 'renderer');
    await (await import('node:fs/promises')).mkdir(root);
    await writeFile(join(root, 'index.html'), 'ok');
    await writeFile(join(parent, 'secret.txt'), 'secret');
    const host = await startWebHost({ api: new Engine(), rendererDir: root });
    try {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(host.port, '127.0.0.1', () => socket.write(`GET /../secret.txt HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`));
        let text = '';
        socket.on('data', (d) => (text += String(d)));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw.startsWith('HTTP/1.1 404')).toBe(true);
      expect(raw).not.toContain('secret');
    } finally {
      await host.close();
    }
  });
});
