/**
 * `npx trudi … | head`: once the reader has gone, the next write fails with EPIPE. That is the user's choice,
 * not an error: end quietly with the exit code so far instead of a stack trace.
 */
export function endQuietlyOnClosedPipe(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
