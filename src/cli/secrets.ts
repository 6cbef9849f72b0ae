/**
 * Passwords and passphrases for the gateway, kept off the command line: from TRUDI_PASSWORD /
 * TRUDI_PASSPHRASE, else asked for without echo when stdin is a terminal. `--password` / `--passphrase`
 * still work for scripts, with a warning that other users of the PC can read them in the process list.
 * The secrets are never written anywhere (no log, no diagnostics: those record the session without
 * credentials).
 */
import { UsageError, type CliIo } from './command';

export interface SecretSources {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

export const PASSWORD_ENV = 'TRUDI_PASSWORD';
export const PASSPHRASE_ENV = 'TRUDI_PASSPHRASE';

export function secretSources(io: CliIo): SecretSources {
  return { env: io.env ?? process.env, stdin: io.stdin ?? process.stdin };
}

export interface SecretRequest {
  /** The value of the command-line option, if given. */
  option?: string | undefined;
  /** The option's name; absent for a secret that is never accepted on the command line. */
  optionName?: string;
  /** What the secret is, in the usage error ("password"); defaults to the option's name. */
  label?: string;
  envName: string;
  /** What the prompt asks for, e.g. "Password for consumer1". */
  prompt: string;
  /** Whether the secret is needed at all (false: an absent secret stays undefined). */
  required: boolean;
}

/** The secret from the option (with a warning), the environment, or a prompt; undefined when not required and not given. */
export async function resolveSecret(request: SecretRequest, io: CliIo, sources: SecretSources = secretSources(io)): Promise<string | undefined> {
  if (request.option !== undefined && request.optionName !== undefined) {
    io.stderr.write(
      `warning: ${request.optionName} is visible to other users of this PC in the process list; set ${request.envName} or leave it out to be asked. / ` +
        `Warnung: ${request.optionName} ist in der Prozessliste sichtbar; besser ${request.envName} setzen oder weglassen, dann wird gefragt.\n`,
    );
    return request.option;
  }
  const fromEnv = sources.env[request.envName];
  if (fromEnv !== undefined) return fromEnv;
  if (!request.required) return undefined;
  const label = request.label ?? request.optionName?.replace(/^--/, '') ?? 'secret';
  if (sources.stdin.isTTY && sources.stdin.setRawMode) {
    const answer = await promptHidden(`${request.prompt}: `, sources.stdin, io.stderr);
    if (!answer) throw new UsageError(`no ${label} given.`);
    return answer;
  }
  const ways = request.optionName
    ? `set ${request.envName}, run the command in a terminal to be asked, or pass ${request.optionName} (visible in the process list)`
    : `set ${request.envName} or run the command in a terminal to be asked`;
  throw new UsageError(`no ${label} given: ${ways}.`);
}

/** Asks on stderr and reads one line from a terminal in raw mode, so nothing typed is echoed. */
export function promptHidden(question: string, stdin: SecretSources['stdin'], stderr: NodeJS.WritableStream): Promise<string> {
  // Raw mode first: once the question shows, nothing typed is echoed.
  stdin.setRawMode!(true);
  stdin.resume();
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode!(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new UsageError('cancelled at the password prompt.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
