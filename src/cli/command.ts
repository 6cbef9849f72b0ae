/** A CLI sub-command: `run` returns the process exit code. Output goes to the given streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Default process.env (passwords: TRUDI_PASSWORD, TRUDI_PASSPHRASE). */
  env?: NodeJS.ProcessEnv;
  /** Default process.stdin (the password prompt when it is a terminal). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by all commands. */
export const EXIT = {
  ok: 0,
  /** The input was processed and found wanting (invalid document, invalid signature, …). */
  findings: 1,
  usage: 2,
  /** The input could not be processed at all (unreadable file, unreachable gateway, …). */
  failure: 3,
} as const;

export class UsageError extends Error {}
