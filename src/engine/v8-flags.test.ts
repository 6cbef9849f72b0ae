/**
 * The engine's V8 flags (v8-flags.ts) reach every engine process: the sidecar the desktop app forks, the
 * engine folder's launcher, and bin/trudi.mjs in development (through its shebang). Each is started for real
 * and the started process says what it got.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POSIX_LAUNCHER, WINDOWS_LAUNCHER } from '../../scripts/packaging/launchers';
import { PROJECT_ROOT } from '../project-paths';
import { SidecarClient } from './sidecar-client';
import { ENGINE_V8_FLAGS } from './v8-flags';

const POSIX = process.platform !== 'win32';
const dir = mkdtempSync(join(tmpdir(), 'trudi-v8-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A script that prints the V8/Node options its process was started with. */
const PRINT_EXEC_ARGV = 'process.stdout.write(JSON.stringify(process.execArgv));\n';

describe('the engine V8 flags reach the engine processes', () => {
  it('there are flags to pass', () => {
    expect(ENGINE_V8_FLAGS).toContain('--max-semi-space-size=8');
  });

  it.skipIf(process.platform !== 'linux')('the forked sidecar runs with them (its /proc cmdline; Linux only)', async () => {
    const client = new SidecarClient({ nodePath: process.execPath });
    try {
      await client.api.getEngineInfo();
      const args = readFileSync(`/proc/${client.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of ENGINE_V8_FLAGS) expect(args).toContain(flag);
    } finally {
      await client.stop();
    }
  });

  it.skipIf(!POSIX)('the engine folder launcher starts its runtime with them (POSIX shell)', () => {
    const folder = join(dir, 'engine');
    mkdirSync(join(folder, 'runtime'), { recursive: true });
    mkdirSync(join(folder, 'lib'));
    symlinkSync(process.execPath, join(folder, 'runtime', 'node'));
    writeFileSync(join(folder, 'lib', 'cli.js'), PRINT_EXEC_ARGV);
    writeFileSync(join(folder, 'trudi'), POSIX_LAUNCHER);
    chmodSync(join(folder, 'trudi'), 0o755);
    const execArgv = JSON.parse(execFileSync(join(folder, 'trudi'), ['--help'], { encoding: 'utf8' })) as string[];
    expect(execArgv).toEqual([...ENGINE_V8_FLAGS]);
  });

  it('the Windows launcher passes them before the CLI', () => {
    expect(WINDOWS_LAUNCHER).toContain(`"%~dp0runtime\\node.exe" ${ENGINE_V8_FLAGS.join(' ')} "%~dp0lib\\cli.js" %*`);
  });

  it.skipIf(!POSIX)('bin/trudi.mjs started as a program (npx trudi) gets them from its shebang', () => {
    const shebang = readFileSync(join(PROJECT_ROOT, 'bin', 'trudi.mjs'), 'utf8').split('\n')[0]!;
    const script = join(dir, 'shebang.mjs');
    writeFileSync(script, `${shebang}\n${PRINT_EXEC_ARGV}`);
    chmodSync(script, 0o755);
    const execArgv = JSON.parse(execFileSync(script, [], { encoding: 'utf8', env: { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}` } })) as string[];
    expect(execArgv).toEqual([...ENGINE_V8_FLAGS]);
  });
});
