/**
 * The passphrase that encrypts a stored gateway secret on the command line: TRUDI_PASSPHRASE, else asked on
 * the terminal without echo. Never an option on the command line (it would stay in the shell history).
 */
import { UsageError, type CliIo } from './command';
import { PASSPHRASE_ENV, promptHidden } from './secrets';

export { PASSPHRASE_ENV };

export async function cliPassphrase(io: CliIo, question: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const given = process.env[PASSPHRASE_ENV];
  if (given) return given;
  if (!input.isTTY) throw new UsageError(`the stored secret needs a passphrase: set ${PASSPHRASE_ENV} (no terminal to ask on).`);
  const answer = await promptHidden(`${question}: `, input, io.stderr);
  if (!answer) throw new UsageError('no passphrase given.');
  return answer;
}
