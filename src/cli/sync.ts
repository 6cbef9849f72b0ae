/**
 * `npx trudi sync`: fetches what is new on a gateway since the last sync into the archive (each contract
 * from just after its last archived reading; everything the first time), one step per contract. Ctrl-C
 * cancels; what was stored by then stays, and the next sync goes on from there.
 */
import { parseArgs } from 'node:util';
import { Archive } from '../archive/archive';
import { defaultArchiveDir } from '../archive/location';
import { syncGateway } from '../engine/sync';
import { HanError } from '../han/errors';
import { EXIT, UsageError, type CliCommand } from './command';
import { reportCliFailure } from './failure';
import { GATEWAY_OPTIONS, progressPrinter } from './gateway-args';
import { PROFILE_OPTIONS, PROFILE_USAGE, connectionArgs } from './gateway-profile';
import { timeOption } from './time-option';

const USAGE =
  'npx trudi sync --host H --port P [--vendor auto|theben|emh|dnt|ppc] [--gateway-id ID] (--user U | --pkcs12 FILE | --cert PEM --key PEM) ' +
  '(password/passphrase from TRUDI_PASSWORD / TRUDI_PASSPHRASE or asked in a terminal; --password/--passphrase work but are visible in the process list) ' +
  '--pin sha256:FINGERPRINT ' + PROFILE_USAGE + ' [--contract ID] [--to DATE] [--archive DIR] [--json]';

export const syncCommand: CliCommand = {
  summary: 'Fetch what is new on a gateway since the last sync into the archive (incremental, crash-safe)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { ...GATEWAY_OPTIONS, ...PROFILE_OPTIONS, contract: { type: 'string' }, to: { type: 'string' }, archive: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const { gateway, save } = await connectionArgs(values, io);
    if (!gateway.pin) throw new UsageError('--pin sha256:… is required: check the fingerprint of the gateway once (trudi read without --pin shows it) and pass it.');
    const to = timeOption('--to', values.to);
    const dir = values.archive ?? defaultArchiveDir();
    const archive = Archive.open(dir);
    const abort = new AbortController();
    const onInterrupt = () => abort.abort(new Error('cancelled by the user'));
    process.once('SIGINT', onInterrupt);
    try {
      const result = await syncGateway(archive, {
        ...gateway,
        ...(to === undefined ? {} : { to }),
        ...(values.contract ? { contractId: values.contract } : {}),
        signal: abort.signal,
        progress: values.json ? () => undefined : progressPrinter(io.stderr),
      });
      const saved = save ? await save({ vendor: result.vendor, gatewayId: result.gatewayId, fingerprint: gateway.pin }) : undefined;
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ ...result, archive: archive.path })}\n`);
        if (saved) io.stderr.write(`${saved}\n`);
      } else {
        io.stdout.write(
          [
            `gateway ${result.gatewayId} (${result.vendor}) → ${archive.path}`,
            ...result.contracts.map((c) => `  ${c.tariffName}: ${c.from === null ? 'nothing new' : `${c.newReadings} new readings`}`),
            `${result.newReadings} new readings, ${result.newLogEntries} new log entries${result.conflicts ? `, ${result.conflicts} readings differ from the archived ones (kept)` : ''}`,
            `${result.requests} requests, ${result.bytes} bytes received, ${result.seconds.toFixed(1)} s`,
            ...(saved ? [saved] : []),
            '',
          ].join('\n'),
        );
      }
      return EXIT.ok;
    } catch (error) {
      if (abort.signal.aborted) {
        io.stderr.write('trudi sync: cancelled; what was stored before stays in the archive, the next sync goes on from there.\n');
        return EXIT.failure;
      }
      if (error instanceof HanError) {
        io.stderr.write(`trudi sync: ${error.message} (the archive keeps what was stored before; run the sync again.)\n${reportCliFailure('sync', error).footer}`);
        return EXIT.failure;
      }
      throw error;
    } finally {
      process.off('SIGINT', onInterrupt);
      archive.close();
    }
  },
};
