// The process entry of the command line (`npx trudi` through bin/trudi.mjs, `trudi` in the engine folder).
import { endQuietlyOnClosedPipe } from './closed-pipe';
import { main } from './main';

endQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
