/** `npx trudi simulate`: a simulated smart meter gateway (Theben or EMH protocol) on a real TLS port. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PKI_CURVES } from '../crypto/curves';
import { startSimulator, type SimVendor } from '../simulator/gateway/server';
import { TLS_PROFILES, isTlsProfileName } from '../simulator/gateway/tls-profiles';
import type { PkiCurve } from '../simulator/sample/sample-options';
import { EXIT, UsageError, type CliCommand } from './command';

const USAGE = `npx trudi simulate --vendor theben|emh [--port P] [--tls-profile ${Object.keys(TLS_PROFILES).join('|')}] [--user U --password PW] [--months N] [--signature-curve ${PKI_CURVES.join('|')}] [--no-cache]`;

export const simulateCommand: CliCommand = {
  summary: 'Run a simulated gateway (Theben CONEXA or EMH CASA protocol over TLS, signed sample data) until stopped',
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
    if (vendor !== 'theben' && vendor !== 'emh') throw new UsageError(`--vendor must be theben or emh${vendor ? `, not "${vendor}"` : ''}.`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}".`);
    const months = Number(values.months);
    if (!Number.isInteger(months) || months < 1 || months > 36) throw new UsageError(`--months must be a whole number from 1 to 36, not "${values.months}".`);
    const profileName = values['tls-profile'];
    if (profileName !== undefined && !isTlsProfileName(profileName)) throw new UsageError(`--tls-profile must be one of ${Object.keys(TLS_PROFILES).join(', ')}.`);
    const curve = values['signature-curve'];
    if (!(PKI_CURVES as string[]).includes(curve)) throw new UsageError(`--signature-curve must be one of ${PKI_CURVES.join(', ')}.`);

    const sim = await startSimulator({
      vendor: vendor as SimVendor,
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
    const profileShown = profileName ?? (vendor === 'theben' ? 'p384-only' : 'default');
    io.stdout.write(
      `listening on ${sim.url}\n` +
        `certificate fingerprint ${sim.fingerprint}\n` +
        `${vendor === 'theben' ? 'Theben CONEXA' : 'EMH CASA'} simulator, gateway ${sim.dataset.smgwId}, TLS profile ${profileShown}, user ${values.user} / ${values.password}\n` +
        `data ${new Date(contract.first).toISOString()} – ${new Date(contract.last).toISOString()} (${contract.channels.map((c) => `${c.obis}: ${c.readings.length}`).join(', ')}), signatures ${sim.dataset.signedMessageFormat ?? 'none'}\n` +
        `client certificate (${client.commonName}): ${join(dir, 'client.p12')} (legacy: client-legacy.p12, PEM: client.pem), passphrase ${client.passphrase}` +
        `${values.user !== 'consumer1' ? ' (logs in only the default user consumer1)' : ''}\n` +
        `try: npx trudi read --host ${sim.host} --port ${sim.port} --user ${values.user} --password ${values.password} --pin ${sim.fingerprint} --out readout.xml\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await sim.close();
    return EXIT.ok;
  },
};
