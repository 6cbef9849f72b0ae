/**
 * CLI failures go through the engine's error reporting: the terminal shows the causes and a correlation id,
 * and the engine log holds that id with the whole cause chain and the stack.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../analysis/testing/run-cli';
import { createEngineLog, setEngineLog, type EngineLog } from '../platform/engine-log';
import { EXIT } from './command';

interface LogLine {
  level: string;
  event: string;
  correlationId?: string;
  where?: string;
  method?: string;
  code?: string;
  error?: { message: string; stack?: string; cause?: { message: string; code?: string } };
}

describe('CLI failures in the engine log', () => {
  let dir: string;
  let log: EngineLog;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trudi-cli-failure-'));
    log = createEngineLog({ dir: join(dir, 'logs') });
    setEngineLog(log);
  });
  afterAll(() => {
    setEngineLog(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const logged = (id: string): LogLine[] =>
    readFileSync(log.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine)
      .filter((l) => l.correlationId === id);

  it('an unexpected failure: the cause on the terminal, the chain and the stack in the log under the id shown', async () => {
    const missing = join(dir, 'no-such-root.pem');
    const result = await runCli(['trust', 'add', missing]);
    expect(result.code).toBe(EXIT.failure);
    expect(result.stderr).toContain(`trudi trust: ${missing} could not be read`);
    expect(result.stderr).toMatch(/\n {2}cause: .*ENOENT/);
    const id = /logged as ([0-9a-f]{8}) in (.+) \(give this id/.exec(result.stderr);
    expect(id, result.stderr).not.toBeNull();
    expect(id![2]).toBe(log.file);
    const [line, ...more] = logged(id![1]!);
    expect(more).toHaveLength(0);
    expect(line).toMatchObject({ level: 'error', event: 'api.error', where: 'cli', method: 'trust', code: 'INTERNAL' });
    expect(line!.error!.message).toContain('could not be read');
    expect(line!.error!.stack).toMatch(/at /);
    expect(line!.error!.cause).toMatchObject({ code: 'ENOENT' });
    expect(line!.error!.cause!.message).toContain(missing);
  });

  it('a refused input: the JSON answer carries the correlation id of its log entry', async () => {
    const bad = join(dir, 'not-xml.xml');
    writeFileSync(bad, 'this is not an AR 2418-6 file');
    const result = await runCli(['registers', bad, '--json']);
    expect(result.code).toBe(EXIT.failure);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string; correlationId: string } };
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.correlationId).toMatch(/^[0-9a-f]{8}$/);
    expect(logged(error.correlationId)).toEqual([expect.objectContaining({ level: 'warn', where: 'cli', method: 'registers', code: 'INVALID_DOCUMENT' })]);
    const text = await runCli(['registers', bad]);
    expect(text.stderr).toMatch(/^trudi registers: .*not a readable AR 2418-6 file.*\[INVALID_DOCUMENT\]\n {2}logged as [0-9a-f]{8} in /);
  });
});
