/**
 * `trudi trust add FILE… | list [--json] | remove FINGERPRINT`: the trust store in the user's configuration
 * folder (the same one the app uses). Every `trudi verify` / `report` trusts what is installed there.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { TrustFileError } from '../crypto/trust/certificate-files';
import type { InstalledCertificate } from '../crypto/trust/trust-store';
import { EXIT, UsageError, type CliCommand, type CliIo } from './command';
import { userTrustStore } from './trust-options';

const USAGE = [
  'npx trudi trust add FILE…           install SM-PKI roots / Sub-CAs (PEM, DER, or a ZIP of them)',
  '       npx trudi trust list [--json]       the installed certificates (subject, validity, SHA-256 fingerprint)',
  '       npx trudi trust remove FINGERPRINT  remove one (SHA-256, colons optional)',
].join('\n');

export const trustCommand: CliCommand = {
  summary: 'Install, list and remove the SM-PKI roots and Sub-CAs every verification trusts',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean' } } });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return EXIT.ok;
    }
    const [action, ...rest] = positionals;
    switch (action) {
      case 'add':
        if (rest.length === 0) throw new UsageError('Name at least one certificate file to install (PEM, DER or ZIP).');
        return add(rest, values.json ?? false, io);
      case 'list':
        if (rest.length > 0) throw new UsageError('"trust list" takes no file.');
        return list(values.json ?? false, io);
      case 'remove':
        if (rest.length !== 1) throw new UsageError('Name exactly one SHA-256 fingerprint to remove (see "trudi trust list").');
        return remove(rest[0]!, io);
      default:
        throw new UsageError(action ? `Unknown action "${action}": use add, list or remove.` : 'Say what to do: add, list or remove.');
    }
  },
};

function add(paths: string[], json: boolean, io: CliIo): number {
  const files = paths.map((path) => {
    try {
      return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
    } catch (error) {
      throw new Error(`${path} could not be read (${error instanceof Error ? error.message : String(error)}). Nothing was installed.`, { cause: error });
    }
  });
  const store = userTrustStore();
  let result;
  try {
    result = store.add(files);
  } catch (error) {
    if (error instanceof TrustFileError) {
      io.stderr.write(`trudi trust: ${error.message} Nothing was installed.\n`);
      return EXIT.failure;
    }
    throw error;
  }
  if (json) {
    io.stdout.write(`${JSON.stringify({ store: store.dir, ...result }, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [
    ...result.added.map((c) => `installed ${line(c)}`),
    ...result.alreadyInstalled.map((c) => `already installed ${line(c)}`),
    ...result.skipped.map((entry) => `skipped ${entry} (not a certificate file by its name)`),
    `trust store: ${store.dir}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function list(json: boolean, io: CliIo): number {
  const store = userTrustStore();
  const certificates = store.list();
  const problems = store.problems();
  if (json) {
    io.stdout.write(`${JSON.stringify({ store: store.dir, certificates, problems }, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = certificates.length === 0 ? ['No root or Sub-CA installed. Install the SM-PKI root: npx trudi trust add ROOT.pem'] : certificates.map(line);
  for (const problem of problems) lines.push(`not used: ${problem.file}: ${problem.reason}`);
  lines.push(`trust store: ${store.dir}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function remove(fingerprint: string, io: CliIo): number {
  const store = userTrustStore();
  let removed: boolean;
  try {
    removed = store.remove(fingerprint);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!removed) {
    io.stderr.write(`trudi trust: no installed certificate has the fingerprint ${fingerprint}. See the list: npx trudi trust list.\n`);
    return EXIT.failure;
  }
  io.stdout.write(`removed ${fingerprint}\n`);
  return EXIT.ok;
}

function line(c: InstalledCertificate): string {
  const flags = [c.kind === 'root' ? 'root' : 'Sub-CA', ...(c.test ? ['TEST: test data only, not evidence'] : []), ...(c.expired ? ['expired'] : [])];
  return `${c.subject} (${flags.join(', ')}), valid ${c.notBefore.slice(0, 10)} – ${c.notAfter.slice(0, 10)}, SHA-256 ${c.fingerprintSha256}`;
}
