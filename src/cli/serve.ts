import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultArchiveDir } from '../archive/location';
import { appDirs } from '../platform/app-dirs';
import { Engine } from '../engine/engine';
import { startWebHost } from '../engine/web-host';
import { RENDERER_DIR } from '../project-paths';
import { EXIT, UsageError, type CliCommand } from './command';


export const serveCommand: CliCommand = {
  summary: 'Start the local web mode (UI and API on 127.0.0.1) and print the URL to open',
  usage: 'npx trudi serve [--port PORT]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, help: { type: 'boolean' } } });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return EXIT.ok;
    }
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}".`);
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      io.stderr.write(`trudi serve: the user interface is not built (${RENDERER_DIR} is missing). Run "npm run build" first, or use "npm start".\n`);
      return EXIT.failure;
    }
    const engine = new Engine({ transport: 'http', archiveDir: defaultArchiveDir(), configDir: appDirs().config });
    const host = await startWebHost({ api: engine, rendererDir: RENDERER_DIR, port });
    io.stdout.write(`TRuDI web mode: ${host.launchUrl}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    await engine.close();
    return EXIT.ok;
  },
};
