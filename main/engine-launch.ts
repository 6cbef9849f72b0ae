/**
 * How the desktop shell starts the engine sidecar. Installed: the engine folder shipped as an extra resource
 * (its own pinned Node runtime, the compiled sidecar, the UI it hashes); never a node from the PATH. From the
 * repository (`electron .` in development): the TypeScript sidecar through tsx on TRUDI_NODE or `node`.
 * The engine keeps its data in Electron's userData folder, and gets no NODE_OPTIONS or other injected code.
 */
import { join } from 'node:path';

export interface EngineLaunch {
  nodePath: string;
  entry: string;
  /** The built UI the app:// protocol serves. */
  rendererDir: string;
  env: NodeJS.ProcessEnv;
  packaged: boolean;
}

export interface LaunchContext {
  isPackaged: boolean;
  /** process.resourcesPath of the installed app. */
  resourcesPath: string;
  /** app.getAppPath(): the repository in development. */
  appPath: string;
  userData: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

/** Variables that would let the environment inject code or options into the engine. */
const STRIPPED = ['NODE_OPTIONS', 'NODE_PATH', 'NODE_REPL_EXTERNAL_MODULE', 'ELECTRON_RUN_AS_NODE', 'NODE_V8_COVERAGE'];

export function engineLaunch(context: LaunchContext): EngineLaunch {
  const env: NodeJS.ProcessEnv = { ...context.env, TRUDI_HOME: context.env.TRUDI_HOME ?? context.userData };
  for (const name of STRIPPED) delete env[name];
  if (context.isPackaged) {
    const engine = join(context.resourcesPath, 'engine');
    return {
      nodePath: join(engine, 'runtime', context.platform === 'win32' ? 'node.exe' : 'node'),
      entry: join(engine, 'lib', 'sidecar.js'),
      rendererDir: join(engine, 'renderer'),
      env,
      packaged: true,
    };
  }
  return {
    nodePath: context.env.TRUDI_NODE ?? 'node',
    entry: join(context.appPath, 'bin', 'engine-sidecar.mjs'),
    rendererDir: join(context.appPath, 'out', 'renderer'),
    env,
    packaged: false,
  };
}
