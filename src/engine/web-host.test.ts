import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from './engine';
import { startWebHost, type WebHost } from './web-host';

let dir: string;
let host: WebHost;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trudi-web-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(tmpdir(), 'trudi-secret.txt'), 'secret');
  host = await startWebHost({ api: new Engine('http'), rendererDir: dir });
});

afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const call = (method: string, init: { token?: string; origin?: string; args?: unknown[] } = {}) =>
  fetch(`${host.url}api/call/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.origin ? { Origin: init.origin } : {}),
    },
    body: JSON.stringify({ args: init.args ?? [] }),
  });

describe('web host', () => {
  it('binds to loopback on a random port and prints the token only in the URL fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.launchUrl).toBe(`${host.url}#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with a strict CSP and without the token', async () => {
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(await response.text()).toContain('<title>t</title>');
    expect((await fetch(`${host.url}assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['assets/../../trudi-secret.txt', 'assets/%2e%2e/%2e%2e/trudi-secret.txt', '..%2ftrudi-secret.txt', 'assets%5c..%5c..%5ctrudi-secret.txt']) {
      const response = await fetch(`${host.url}${path}`);
      expect(response.status, path).toBe(404);
    }
  });

  it('answers API calls that carry the token', async () => {
    const response = await call('getEngineInfo', { token: host.token });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { transport: string } }).result.transport).toBe('http');
  });

  it('refuses calls without or with a wrong token, from foreign origins and for unknown methods', async () => {
    expect((await call('getEngineInfo')).status).toBe(401);
    expect((await call('getEngineInfo', { token: 'x'.repeat(43) })).status).toBe(401);
    const foreign = await call('getEngineInfo', { token: host.token, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN_ORIGIN');
    expect((await call('getEngineInfo', { token: host.token, origin: host.url.slice(0, -1) })).status).toBe(200);
    expect((await call('constructor', { token: host.token })).status).toBe(404);
    expect((await call('onProgress', { token: host.token })).status).toBe(404);
  });

  it('carries coded errors to the caller', async () => {
    const response = await call('getSeries', { token: host.token, args: [{ readoutId: 'missing', resolution: 'day' }] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_READOUT');
  });

  it('streams progress events over the WebSocket only to holders of the token', async () => {
    const wsUrl = `ws://127.0.0.1:${host.port}/api/events`;
    const refused = new WebSocket(`${wsUrl}?token=wrong`);
    await expect(new Promise((resolve, reject) => { refused.on('open', resolve); refused.on('error', reject); })).rejects.toThrow();
    const foreign = new WebSocket(`${wsUrl}?token=${host.token}`, { origin: 'http://evil.example' });
    await expect(new Promise((resolve, reject) => { foreign.on('open', resolve); foreign.on('error', reject); })).rejects.toThrow();

    const socket = new WebSocket(`${wsUrl}?token=${host.token}`);
    await new Promise((resolve) => socket.on('open', resolve));
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await call('openDemo', { token: host.token, args: [{ operationId: 'demo-op' }] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.close();
    expect(messages).toContainEqual({ type: 'progress', event: { operationId: 'demo-op', fraction: 1, message: 'demo.ready' } });
  });
});
