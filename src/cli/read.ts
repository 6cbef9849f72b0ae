/** `npx trudi read`: reads a gateway over its HAN port and writes the AR 2418-6 device document. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import type { VendorId } from '../han/adapter';
import { HanError } from '../han/errors';
import { normalizeFingerprint } from '../han/fingerprint';
import { readGateway, type GatewayCredentials } from '../han/read-gateway';
import { VENDORS } from '../han/vendors';
import { DiagnosticsRecorder } from '../han/diagnostics';
import { berlinTime } from '../model/time/berlin';
import { EXIT, UsageError, type CliCommand } from './command';

const USAGE =
  'npx trudi read --host H --port P [--vendor auto|theben|emh|dnt|ppc] [--gateway-id ID] (--user U --password PW | --pkcs12 FILE --passphrase PW | --cert PEM --key PEM) ' +
  '--pin sha256:FINGERPRINT [--from DATE --to DATE] [--contract ID] [--no-log] [--raw DIR] [--diagnostics FILE.json] --out FILE.xml';

/** `YYYY-MM-DD` = Berlin midnight of that day; anything else must be an ISO 8601 instant with offset. */
export function parseDateOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return berlinTime(Number(day[1]), Number(day[2]), Number(day[3]));
  const t = /T.*(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) throw new UsageError(`--${name} "${value}" is not a date (YYYY-MM-DD, Berlin midnight) or an ISO 8601 time with offset.`);
  return t;
}

export const readCommand: CliCommand = {
  summary: 'Read a smart meter gateway over its HAN port (TLS, pinned certificate) into an AR 2418-6 file',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        vendor: { type: 'string', default: 'auto' },
        'gateway-id': { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        pkcs12: { type: 'string' },
        passphrase: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        pin: { type: 'string' },
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
    if (!values.host) throw new UsageError('--host is required (the gateway\'s HAN address, e.g. 192.168.1.200).');
    const port = Number(values.port ?? 443);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a number from 1 to 65535, not "${values.port}".`);
    if (values.vendor !== 'auto' && !Object.hasOwn(VENDORS, values.vendor)) throw new UsageError(`--vendor must be auto, ${Object.keys(VENDORS).join(', ')}, not "${values.vendor}".`);
    if (!values.out) throw new UsageError('--out FILE.xml is required.');
    if (values.pin !== undefined && !normalizeFingerprint(values.pin)) throw new UsageError(`--pin "${values.pin}" is not a SHA-256 fingerprint (sha256:AB:CD:… with 32 bytes).`);
    let credentials: GatewayCredentials;
    if (values.pkcs12 !== undefined || values.cert !== undefined) {
      const certificate =
        values.pkcs12 !== undefined
          ? { kind: 'pkcs12' as const, data: new Uint8Array(readFileSync(values.pkcs12)), passphrase: values.passphrase ?? '' }
          : { kind: 'pem' as const, cert: readFileSync(values.cert!, 'utf8'), key: readFileSync(values.key ?? values.cert!, 'utf8'), passphrase: values.passphrase };
      credentials = { kind: 'certificate', certificate, user: values.user, password: values.password };
    } else if (values.user !== undefined && values.password !== undefined) {
      credentials = { kind: 'password', user: values.user, password: values.password };
    } else {
      throw new UsageError('give --user and --password, or --pkcs12 FILE with --passphrase, or --cert/--key.');
    }
    const from = parseDateOption('from', values.from);
    const to = parseDateOption('to', values.to);
    if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from lies after --to.');

    let rawIndex = 0;
    if (values.raw) mkdirSync(values.raw, { recursive: true });
    // The session without credentials, written also when the read fails (that is when it is needed most).
    const diagnostics = values.diagnostics ? new DiagnosticsRecorder({ vendor: values.vendor, startedAt: Date.now() }) : undefined;
    const writeDiagnostics = (outcome: string): void => {
      if (diagnostics && values.diagnostics) writeFileSync(values.diagnostics, diagnostics.toJson({ outcome }));
    };
    let lastPercent = -10;
    try {
      const result = await readGateway({
        host: values.host,
        port,
        vendor: values.vendor as VendorId | 'auto',
        gatewayId: values['gateway-id'],
        credentials,
        pin: values.pin,
        from,
        to,
        contractId: values.contract,
        withLog: !values['no-log'],
        progress: (fraction, message) => {
          const percent = Math.floor(fraction * 100);
          if (fraction < 0 || percent >= lastPercent + 10 || percent === 100) {
            lastPercent = percent;
            io.stderr.write(`${fraction < 0 ? '   …' : `${String(percent).padStart(3)} %`} ${message}\n`);
          }
        },
        client:
          values.raw || diagnostics
            ? {
                onExchange: (method, path, response, body) => {
                  diagnostics?.onExchange(method, path, response, body);
                  if (!values.raw) return;
                  // What the gateway sent, byte for byte: the evidence behind the generated document.
                  rawIndex++;
                  writeFileSync(join(values.raw, `${String(rawIndex).padStart(5, '0')}-${response.status}.body`), response.body);
                  writeFileSync(join(values.raw, 'index.tsv'), `${rawIndex}\t${method}\t${path}\t${response.status}\n`, { flag: 'a' });
                },
              }
            : undefined,
      });
      writeFileSync(values.out, writeAr2418Bytes(result.document));
      writeDiagnostics('ok');
      const readings = result.document.usagePoints.reduce((n, u) => n + u.meterReadings.reduce((m, r) => m + r.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0), 0);
      const s = result.stats;
      io.stdout.write(
        [
          `gateway ${result.connection.gatewayId} (${result.vendor}), certificate ${result.fingerprint}`,
          `TLS ${result.connection.tls.protocol} ${result.connection.tls.cipher}${result.connection.tls.group ? ` ${result.connection.tls.group}` : ''}`,
          `${result.document.usagePoints.length} contract(s), ${readings} readings, ${result.document.usagePoints.reduce((n, u) => n + u.logEntries.length, 0)} log entries → ${values.out}`,
          `${s.requests} requests, ${(s.bytesIn / 1e6).toFixed(1)} MB received, ${(s.wallMs / 1000).toFixed(1)} s`,
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    } catch (error) {
      writeDiagnostics(error instanceof HanError ? `${error.code}: ${error.en}` : 'failed');
      if (error instanceof HanError) {
        io.stderr.write(`trudi read: ${error.message}\n`);
        return EXIT.failure;
      }
      throw error;
    }
  },
};
