/** `npx trudi profiles list [--json] | delete NAME`: the gateway profiles the engine and the app keep (no secrets shown). */
import { parseArgs } from 'node:util';
import { ApiError } from '../api/errors';
import { GatewayProfiles } from '../engine/gateway-profiles';
import { appDirs } from '../platform/app-dirs';
import { EXIT, UsageError, type CliCommand } from './command';

const USAGE = 'npx trudi profiles list [--json] | delete NAME';

export const profilesCommand: CliCommand = {
  summary: 'List or delete saved gateway profiles (shared with the app; secrets are never shown)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean' } } });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const profiles = new GatewayProfiles(appDirs().config);
    const [action, name] = positionals;
    if (action === 'list' || action === undefined) {
      const list = profiles.list();
      if (values.json) io.stdout.write(`${JSON.stringify(list.map(({ clientCertificateBase64, ...p }) => ({ ...p, clientCertificate: clientCertificateBase64 !== undefined })))}\n`);
      else if (list.length === 0) io.stdout.write(`no gateway profiles in ${profiles.file}\n`);
      else {
        for (const p of list) {
          const secret = p.secretIn === 'keychain' ? 'secret in the app\'s OS keychain' : p.secretIn === 'passphrase' ? 'secret encrypted with a passphrase' : 'no secret stored';
          io.stdout.write(`${p.name}: ${p.host}:${p.port}${p.vendor ? ` ${p.vendor}` : ''}${p.gatewayId ? ` ${p.gatewayId}` : ''}${p.user ? ` user ${p.user}` : ''}${p.pin ? `, pin ${p.pin}` : ', no pin'}, ${secret}\n`);
        }
      }
      return EXIT.ok;
    }
    if (action === 'delete') {
      if (!name) throw new UsageError('delete needs the name of the profile.');
      try {
        profiles.delete(profiles.find(name).id);
      } catch (error) {
        if (error instanceof ApiError) throw new Error(`${error.en ?? error.message} (${error.code})`, { cause: error });
        throw error;
      }
      io.stdout.write(`profile "${name}" deleted from ${profiles.file}\n`);
      return EXIT.ok;
    }
    throw new UsageError(`unknown action "${action}"; use list or delete.`);
  },
};
