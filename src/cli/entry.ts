// The process entry of the command line (`npx trudi` through bin/trudi.mjs, `trudi` in the engine folder).
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
