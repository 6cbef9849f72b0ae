/**
 * The passphrase that encrypts a stored gateway secret on the command line: TRUDI_PASSPHRASE, else asked on
 * the terminal without echo. Never an option on the command line (it would stay in the shell history).
 */
import { UsageError, type CliIo } from './command';

export const PASSPHRASE_ENV = 'TRUDI_PASSPHRASE';

export async function cliPassphrase(io: CliIo, question: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const given = process.env[PASSPHRASE_ENV];
  if (given) return given;
  if (!input.isTTY) throw new UsageError(`the stored secret needs a passphrase: set ${PASSPHRASE_ENV} (no terminal to ask on).`);
  io.stderr.write(`${question}: `);
  const answer = await readHidden(input);
  io.stderr.write('\n');
  if (!answer) throw new UsageError('no passphrase given.');
  return answer;
}

/** One line from the terminal in raw mode, not echoed; Ctrl-C cancels. */
function readHidden(input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new UsageError('cancelled.'));
        if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
        else line += char;
      }
    };
    input.on('data', onData);
  });
}
