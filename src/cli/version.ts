/** `trudi --version`: the app, its runtime and, for a packaged engine, the SHA-256 over the shipped files. */
import type { EngineInfo } from '../api/dto';
import { engineInfo } from '../engine/release-info';

export function versionText(info: EngineInfo = engineInfo('in-process')): string {
  const lines = [
    `TRuDI ${info.version} (${info.name})`,
    `Node.js ${info.node}, OpenSSL ${info.openssl}${info.brainpool ? ', brainpool curves available' : ', NO brainpool curves (gateway TLS and signatures will fail)'}`,
    info.release
      ? `build ${info.release.target}: SHA-256 ${info.release.sha256} over ${info.release.files} shipped files (the SHA-256 of SHA256SUMS in the engine folder)`
      : 'build: development (TypeScript sources; only a packaged engine has a release hash)',
  ];
  return `${lines.join('\n')}\n`;
}
