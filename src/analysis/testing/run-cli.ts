/** Runs the CLI in-process with captured output (for tests). */
import { Writable } from 'node:stream';
import { main } from '../../cli/main';

/** `env` replaces the process environment for the run (e.g. TRUDI_PASSWORD); default the process's own. */
export async function runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    });
  const code = await main(args, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), ...(env ? { env } : {}) });
  return { code, stdout, stderr };
}
