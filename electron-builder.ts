/**
 * electron-builder: the installers (Windows NSIS, macOS dmg for x64 and arm64, Linux AppImage and deb). The app
 * archive holds only the Electron shell (out/main, out/preload); the engine folder of each target platform
 * (`npm run package:engine` output: its own Node runtime, the compiled engine, the UI it serves to the window)
 * is an extra resource, packaged by the beforePack hook for exactly the platform and arch being built.
 * `npm run dist` builds them where the Electron binary can be downloaded; scripts/packaging/*.packaging.test.ts
 * runs this configuration against a stand-in Electron here.
 */
import { Arch, type Configuration } from 'electron-builder';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installerEngineDir, packageEngine } from './scripts/packaging/package-engine';
import { ROOT } from './scripts/packaging/paths';
import { signingFromEnv } from './scripts/packaging/signing';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; optionalDependencies: { electron: string } };
const signing = signingFromEnv();

/** The folder inside the app's resources that holds the engine (main/engine-launch.ts looks for it there). */
export const ENGINE_RESOURCE = 'engine';

const engineFrom = (platform: 'linux' | 'darwin' | 'win32') => [{ from: `dist/engines/${platform}-\${arch}`, to: ENGINE_RESOURCE, filter: ['**/*'] }];

const config: Configuration = {
  appId: 'org.trudi-next.desktop',
  productName: 'TRuDI',
  copyright: 'Apache-2.0',
  electronVersion: pkg.optionalDependencies.electron,
  directories: { output: 'dist/installers', buildResources: 'resources' },
  // The shell only: the engine, its dependencies and the UI ship in the engine folder.
  files: ['out/main/**', 'out/preload/**', 'package.json', '!node_modules/**', '!**/*.map'],
  asar: true,
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  // Update notices only, never an automatic update: a certified version must stay what was certified.
  publish: null,
  icon: 'resources/icons/icon.png',
  fileAssociations: [
    { ext: 'xml', name: 'AR 2418-6 read-out', description: 'Smart meter gateway read-out (AR 2418-6 XML)', mimeType: 'application/xml', role: 'Viewer', rank: 'Alternate' },
    { ext: 'cms', name: 'Signed read-out (CMS)', description: 'Signed smart meter gateway export (CMS)', mimeType: 'application/pkcs7-mime', role: 'Viewer', rank: 'Alternate' },
  ],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  async beforePack(context) {
    const target = `${context.electronPlatformName}-${Arch[context.arch]}`;
    await packageEngine({ target, outDir: installerEngineDir(target) });
  },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    extraResources: engineFrom('win32'),
    ...signing.win,
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    deleteAppDataOnUninstall: false,
    artifactName: '${productName}-Setup-${version}-${arch}.${ext}',
  },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.utilities',
    hardenedRuntime: true,
    entitlements: 'resources/entitlements.mac.plist',
    entitlementsInherit: 'resources/entitlements.mac.plist',
    extraResources: engineFrom('darwin'),
    ...signing.mac,
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    executableName: 'trudi-desktop',
    category: 'Utility',
    maintainer: 'TRuDI next <trudi@example.invalid>',
    synopsis: 'Display software for German smart meter gateways',
    extraResources: engineFrom('linux'),
  },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  deb: { artifactName: '${name}_${version}_${arch}.${ext}', priority: 'optional' },
};

export default config;
