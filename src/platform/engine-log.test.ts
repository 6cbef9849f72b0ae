import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngineLog, redact, redactText } from './engine-log';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('engine log', () => {
  it('writes one JSON object per line with time, level, event and the fields', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trudi-log-')), 'logs');
    const log = createEngineLog({ dir, now: () => new Date('2026-01-02T03:04:05Z') });
    log.info('engine.started', { version: '1.0' });
    log.error('api.error', { correlationId: 'ab12cd34', error: new Error('outer', { cause: new Error('inner', { cause: 'root cause' }) }) });
    const [first, second] = lines(log.file);
    expect(first).toMatchObject({ time: '2026-01-02T03:04:05.000Z', level: 'info', event: 'engine.started', version: '1.0', pid: process.pid });
    expect(second).toMatchObject({ level: 'error', correlationId: 'ab12cd34', error: { name: 'Error', message: 'outer', cause: { message: 'inner', cause: 'root cause' } } });
    expect(String((second!.error as { stack: string }).stack)).toContain('engine-log.test.ts');
  });

  it('rotates by size and keeps the stated number of old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trudi-log-'));
    const log = createEngineLog({ dir, maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++) log.info('tick', { i, filler: 'x'.repeat(100) });
    expect(readdirSync(dir).sort()).toEqual(['engine.1.log', 'engine.2.log', 'engine.log']);
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(1000);
    expect(lines(join(dir, 'engine.log')).at(-1)).toMatchObject({ i: 99 });
    // Continues an existing file after a restart, counting its size.
    const again = createEngineLog({ dir, maxBytes: 1000, keep: 2 });
    again.info('tick', { i: 100, filler: 'x'.repeat(100) });
    expect(readFileSync(join(dir, 'engine.log')).length).toBeLessThanOrEqual(1000);
  });

  it('never writes secrets: secret fields, bearer tokens, Digest responses, password pairs, file bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trudi-log-'));
    const log = createEngineLog({ dir });
    log.warn('gateway.read', {
      request: { user: 'consumer', password: 'hunter2', passphrase: 'p12pass', token: 'T0K3N', headers: { Authorization: 'Digest username="u", response="abcdef0123"', Cookie: 'sid=42' } },
      contentBase64: 'PD94bWw=',
      content: new Uint8Array(10),
      note: 'GET /x?tkn=SECRETTKN&page=2 with Bearer abc.def-ghi and password=hunter2',
    });
    const text = readFileSync(log.file, 'utf8');
    for (const secret of ['hunter2', 'p12pass', 'T0K3N', 'abcdef0123', 'sid=42', 'PD94bWw=', 'SECRETTKN', 'abc.def-ghi']) expect(text, secret).not.toContain(secret);
    expect(text).toContain('consumer');
    expect(text).toContain('page=2');
    expect(redactText('Authorization: Bearer xyz')).toBe('Authorization: Bearer [redacted]');
    expect(redact({ ok: true, passwordSet: true })).toEqual({ ok: true, passwordSet: true });
  });

  it('a log that cannot be written never breaks the caller', () => {
    const parent = mkdtempSync(join(tmpdir(), 'trudi-log-'));
    writeFileSync(join(parent, 'file'), 'not a folder');
    const log = createEngineLog({ dir: join(parent, 'file', 'logs') });
    expect(() => log.error('x', { a: 1 })).not.toThrow();
    expect(() => log.error('x', { a: 1 })).not.toThrow();
  });

  it('copes with cycles, BigInt and deep values', () => {
    const a: Record<string, unknown> = { n: 10n };
    a.self = a;
    expect(redact(a)).toEqual({ n: '10', self: '[circular]' });
  });
});
