import { describe, expect, it } from 'vitest';
import { Operations } from './operations';

describe('operations', () => {
  it('refuses an id that a running operation has, so that the first stays cancellable', async () => {
    const operations = new Operations();
    let release!: () => void;
    const first = operations.run('op-1', 'First', (op) => new Promise<string>((resolve, reject) => {
      op.signal.addEventListener('abort', () => reject(new Error('aborted')));
      release = () => resolve('done');
    }));
    await expect(operations.run('op-1', 'Second', async () => 'x')).rejects.toMatchObject({ code: 'OPERATION_ID_IN_USE', details: { operationId: 'op-1' } });
    operations.cancel('op-1');
    await expect(first).rejects.toThrow('aborted');
    // Free again once the first ended.
    await expect(operations.run('op-1', 'Third', async () => 'ok')).resolves.toBe('ok');
    void release;
  });

  it('gives operations without an id a unique one and refuses unusable ids', async () => {
    const operations = new Operations();
    const ids = new Set<string>();
    operations.onProgress((e) => ids.add(e.operationId));
    await Promise.all(Array.from({ length: 50 }, () => operations.run(undefined, 'Reading the gateway', async (op) => op.progress(1, 'x'))));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^Reading-the-gateway-[0-9a-f-]{36}$/);
    await expect(operations.run('' as string, 'X', async () => 1)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(operations.run(42 as unknown as string, 'X', async () => 1)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
