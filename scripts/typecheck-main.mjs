#!/usr/bin/env node
// Type-checks the Electron shell (main/). Where the electron package could not be installed (its
// postinstall downloads the binary, which fails on closed networks), the typings are taken from the
// registry tarball of the pinned version: only the binary is out of reach, not electron.d.ts.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies.electron;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

let typings;
try {
  typings = require.resolve('electron/electron.d.ts');
} catch {
  const cache = join(root, '.cache', `electron-${version}`);
  typings = join(cache, 'package', 'electron.d.ts');
  if (!existsSync(typings)) {
    mkdirSync(cache, { recursive: true });
    const tarball = run('npm', ['pack', `electron@${version}`, '--pack-destination', cache, '--silent']).trim().split('\n').pop();
    run('tar', ['-xzf', join(cache, tarball), '-C', cache, 'package/electron.d.ts']);
  }
}

const config = join(root, '.cache', 'tsconfig.main.json');
mkdirSync(join(root, '.cache'), { recursive: true });
writeFileSync(
  config,
  JSON.stringify({
    extends: '../main/tsconfig.json',
    compilerOptions: { paths: { electron: [typings] } },
    include: ['../main/**/*.ts', '../src/**/*.ts'],
    exclude: ['../src/**/*.test.ts'],
  }),
);
const result = spawnSync('npx', ['tsc', '-p', config], { cwd: root, stdio: 'inherit' });
if (result.status === 0) console.log(`typecheck main/: ok against electron ${version} typings`);
process.exit(result.status ?? 1);
