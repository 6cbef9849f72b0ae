/** `npx trudi read`: reads a gateway over its HAN port and writes the AR 2418-6 device document. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { HanError } from '../han/errors';
import { readGateway } from '../han/read-gateway';
import { DiagnosticsRecorder } from '../han/diagnostics';
import { EXIT, UsageError, type CliCommand } from './command';
import { reportCliFailure } from './failure';
import { GATEWAY_OPTIONS, progressPrinter } from './gateway-args';
import { PROFILE_OPTIONS, PROFILE_USAGE, connectionArgs } from './gateway-profile';
import { timeOption } from './time-option';
import { writeFileAtomic } from '../platform/atomic-write';

const USAGE =
  'npx trudi read --host H --port P [--vendor auto|theben|emh|dnt|ppc] [--gateway-id ID] (--user U | --pkcs12 FILE | --cert PEM --key PEM) ' +
  '(password/passphrase from TRUDI_PASSWORD / TRUDI_PASSPHRASE or asked in a terminal; --password/--passphrase work but are visible in the process list) ' +
  '--pin sha256:FINGERPRINT ' + PROFILE_USAGE + ' [--from DATE --to DATE] [--contract ID] [--no-log] [--raw DIR] [--diagnostics FILE.json] --out FILE.xml';

export const readCommand: CliCommand = {
  summary: 'Read a smart meter gateway over its HAN port (TLS, pinned certificate) into an AR 2418-6 file',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...GATEWAY_OPTIONS,
        ...PROFILE_OPTIONS,
        from: { type: 'string' },
        to: { type: 'string' },
        contract: { type: 'string' },
        'no-log': { type: 'boolean' },
        raw: { type: 'string' },
        diagnostics: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (!values.out) throw new UsageError('--out FILE.xml is required.');
    const { gateway, save } = await connectionArgs(values, io);
    const from = timeOption('--from', values.from);
    const to = timeOption('--to', values.to);
    if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from lies after --to.');

    let rawIndex = 0;
    if (values.raw) prepareRawDirectory(values.raw);
    // The session without credentials, written also when the read fails (that is when it is needed most).
    const diagnostics = values.diagnostics ? new DiagnosticsRecorder({ vendor: values.vendor, startedAt: Date.now() }) : undefined;
    const writeDiagnostics = (outcome: string): void => {
      if (diagnostics && values.diagnostics) writeFileAtomic(values.diagnostics, diagnostics.toJson({ outcome }));
    };
    try {
      const result = await readGateway({
        ...gateway,
        from,
        to,
        contractId: values.contract,
        withLog: !values['no-log'],
        progress: progressPrinter(io.stderr),
        client:
          values.raw || diagnostics
            ? {
                onExchange: (method, path, response, body) => {
                  diagnostics?.onExchange(method, path, response, body);
                  if (!values.raw) return;
                  // What the gateway sent, byte for byte: the evidence behind the generated document.
                  rawIndex++;
                  writeFileSync(join(values.raw, `${String(rawIndex).padStart(5, '0')}-${response.status}.body`), response.body, { flag: 'wx' });
                  writeFileSync(join(values.raw, 'index.tsv'), `${rawIndex}\t${method}\t${path}\t${response.status}\n`, { flag: 'a' });
                },
              }
            : undefined,
      });
      writeFileAtomic(values.out, writeAr2418Bytes(result.document));
      writeDiagnostics('ok');
      if (result.sessionLeftOpen) io.stderr.write(`trudi read: ${result.sessionLeftOpen.en}\n`);
      const saved = save ? await save({ vendor: result.vendor, gatewayId: result.connection.gatewayId, fingerprint: result.fingerprint }) : undefined;
      const readings = result.document.usagePoints.reduce((n, u) => n + u.meterReadings.reduce((m, r) => m + r.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0), 0);
      const s = result.stats;
      io.stdout.write(
        [
          `gateway ${result.connection.gatewayId} (${result.vendor}), certificate ${result.fingerprint}`,
          `TLS ${result.connection.tls.protocol} ${result.connection.tls.cipher}${result.connection.tls.group ? ` ${result.connection.tls.group}` : ''}`,
          `${result.document.usagePoints.length} contract(s), ${readings} readings, ${result.document.usagePoints.reduce((n, u) => n + u.logEntries.length, 0)} log entries → ${values.out}`,
          `${s.requests} requests, ${(s.bytesIn / 1e6).toFixed(1)} MB received, ${(s.wallMs / 1000).toFixed(1)} s`,
          ...(saved ? [saved] : []),
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    } catch (error) {
      writeDiagnostics(error instanceof HanError ? `${error.code}: ${error.en}` : 'failed');
      if (error instanceof HanError) {
        io.stderr.write(`trudi read: ${error.message}\n${reportCliFailure('read', error).footer}`);
        return EXIT.failure;
      }
      throw error;
    }
  },
};

/** Earlier raw answers are evidence too: a read never writes into a directory that already holds files. */
function prepareRawDirectory(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new UsageError(`--raw ${dir} is not empty; give a new or empty directory (earlier raw answers are never overwritten).`);
  }
  mkdirSync(dir, { recursive: true });
}
