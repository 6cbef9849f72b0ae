#!/usr/bin/env node
// `npm start`: the main job. Builds the UI when it is missing or older than its sources, then starts the
// Electron app where an Electron binary exists, else (as on machines where it cannot be downloaded) says so
// in one line and starts the local web mode, printing the URL to open.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { uiBuildOutdated } from './ui-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

if (uiBuildOutdated(root)) {
  console.log('Building the user interface (first start or changed sources)…');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error('The build failed (see above). Run "npm ci" if dependencies are missing, then "npm start" again.');
    process.exit(build.status ?? 1);
  }
}

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const electron = electronBinary();
const child = electron
  ? spawn(electron, ['.'], { cwd: root, stdio: 'inherit' })
  : (console.log('No Electron binary on this machine (it cannot be downloaded here): starting the local web mode instead.'),
    spawn(process.execPath, [join(root, 'bin', 'trudi.mjs'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
