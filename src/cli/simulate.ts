/** `npx trudi simulate`: a simulated smart meter gateway (Theben or EMH protocol) on a real TLS port. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PKI_CURVES } from '../crypto/curves';
import { startSimulator } from '../simulator/gateway/server';
import { TLS_PROFILES, isTlsProfileName } from '../simulator/gateway/tls-profiles';
import { SIM_VENDORS, isSimVendor } from '../simulator/gateway/vendor-profiles';
import type { PkiCurve } from '../simulator/sample/sample-options';
import { EXIT, UsageError, type CliCommand } from './command';

const USAGE = `npx trudi simulate --vendor ${Object.keys(SIM_VENDORS).join('|')} [--port P] [--tls-profile ${Object.keys(TLS_PROFILES).join('|')}] [--user U --password PW] [--months N] [--signature-curve ${PKI_CURVES.join('|')}] [--no-cache]`;

export const simulateCommand: CliCommand = {
  summary: 'Run a simulated gateway (Theben CONEXA, EMH CASA or Dr. Neuhaus HGP protocol over TLS, signed sample data) until stopped',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        vendor: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'tls-profile': { type: 'string' },
        user: { type: 'string', default: 'consumer1' },
        password: { type: 'string', default: 'secret' },
        months: { type: 'string', default: '24' },
        'signature-curve': { type: 'string', default: 'brainpoolP256r1' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const vendor = values.vendor;
    if (!isSimVendor(vendor)) throw new UsageError(`--vendor must be one of ${Object.keys(SIM_VENDORS).join(', ')}${vendor ? `, not "${vendor}"` : ''}.`);
    const settings = SIM_VENDORS[vendor];
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}".`);
    const months = Number(values.months);
    if (!Number.isInteger(months) || months < 1 || months > 36) throw new UsageError(`--months must be a whole number from 1 to 36, not "${values.months}".`);
    const profileName = values['tls-profile'];
    if (profileName !== undefined && !isTlsProfileName(profileName)) throw new UsageError(`--tls-profile must be one of ${Object.keys(TLS_PROFILES).join(', ')}.`);
    const curve = values['signature-curve'];
    if (!(PKI_CURVES as string[]).includes(curve)) throw new UsageError(`--signature-curve must be one of ${PKI_CURVES.join(', ')}.`);

    const sim = await startSimulator({
      vendor,
      host: values.host,
      port,
      tlsProfile: profileName as keyof typeof TLS_PROFILES | undefined,
      months,
      signatureCurve: curve as PkiCurve,
      cacheDir: values['no-cache'] ? false : undefined,
      onStatus: (message) => io.stderr.write(`${message}\n`),
      ...(values.user !== 'consumer1' || values.password !== 'secret' ? { users: [{ name: values.user, password: values.password }] } : {}),
    });
    const client = sim.clientIdentity();
    const dir = mkdtempSync(join(tmpdir(), 'trudi-sim-client-'));
    writeFileSync(join(dir, 'client.p12'), client.pkcs12);
    writeFileSync(join(dir, 'client-legacy.p12'), client.pkcs12Legacy);
    writeFileSync(join(dir, 'client.pem'), client.certPem + client.keyPem);
    const contract = sim.dataset.contracts[0]!;
    const profileShown = profileName ?? settings.defaultTlsProfile;
    const pkcs12 = join(dir, 'client.p12');
    // A gateway whose TLS requires the client certificate even for password users needs it in the read command too.
    const needsCertificate = TLS_PROFILES[profileShown].requireClientCertificate;
    // Secrets by environment, not on the command line (trudi read warns about --password).
    const credentials = needsCertificate && !settings.certificateLogsIn ? `--pkcs12 ${pkcs12} --user ${values.user}` : `--user ${values.user}`;
    const secrets = `TRUDI_PASSWORD=${values.password}${needsCertificate && !settings.certificateLogsIn ? ` TRUDI_PASSPHRASE=${client.passphrase}` : ''}`;
    io.stdout.write(
      `listening on ${sim.url}\n` +
        `certificate fingerprint ${sim.fingerprint}\n` +
        `${settings.name} simulator, gateway ${sim.dataset.smgwId}, TLS profile ${profileShown}${settings.strictClientHello ? ' (strict ClientHello: renegotiation_info/SCSV refused)' : ''}, user ${values.user} / ${values.password}\n` +
        `data ${new Date(contract.first).toISOString()} – ${new Date(contract.last).toISOString()} (${contract.channels.map((c) => `${c.obis}: ${c.readings.length}`).join(', ')}), signatures ${sim.dataset.signedMessageFormat ?? 'none'}\n` +
        `client certificate (${client.commonName}): ${pkcs12} (legacy: client-legacy.p12, PEM: client.pem), passphrase ${client.passphrase}` +
        `${settings.certificateLogsIn ? (values.user !== 'consumer1' ? ' (logs in only the default user consumer1)' : '') : needsCertificate ? ' (required for TLS, also for password users; the login is Digest)' : ''}\n` +
        `try: ${secrets} npx trudi read --host ${sim.host} --port ${sim.port} --vendor ${vendor} --gateway-id ${sim.dataset.smgwId} ${credentials} --pin ${sim.fingerprint} --out readout.xml\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await sim.close();
    return EXIT.ok;
  },
};
