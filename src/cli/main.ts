import { COMMANDS } from './commands';
import { EXIT, UsageError, type CliIo } from './command';
import { reportCliFailure } from './failure';

const defaultIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await helpText());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write((await import('./version')).versionText());
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`trudi: unknown command "${name}". Run "npx trudi --help" for the list of commands.\n`);
    return EXIT.usage;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`trudi ${name}: ${error.message}\nUsage: ${command.usage}\n`);
      return EXIT.usage;
    }
    const { footer } = reportCliFailure(name, error);
    io.stderr.write(`trudi ${name}: ${error instanceof Error ? error.message : String(error)}\n${footer}`);
    return EXIT.failure;
  }
}

async function helpText(): Promise<string> {
  const lines = ['Usage: npx trudi <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load();
    lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  }
  lines.push('', 'Run "npx trudi <command> --help" for the options of a command, "npx trudi --version" for the versions.', '');
  return lines.join('\n');
}
