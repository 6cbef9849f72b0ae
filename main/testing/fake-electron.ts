/**
 * A stand-in for the `electron` module (vitest aliases `electron` to this file): records what main/ registers and
 * lets a test drive it (app ready, IPC calls, protocol requests, window events). Only what main/ uses.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

type Handler = (...args: unknown[]) => unknown;

class FakeWebContents extends EventEmitter {
  readonly sent: [string, unknown][] = [];
  readonly scripts: string[] = [];
  loads = 0;
  destroyed = false;
  mainFrame = { url: 'app://trudi/index.html' };
  session = new EventEmitter();
  crashed = 0;
  windowOpenHandler: Handler | undefined;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  async executeJavaScript(code: string) {
    this.scripts.push(code);
    return true;
  }
  setWindowOpenHandler(handler: Handler) {
    this.windowOpenHandler = handler;
  }
  forcefullyCrashRenderer() {
    this.crashed++;
  }
  print() {}
}

class FakeBrowserWindow extends EventEmitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly urls: string[] = [];
  focused = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows() {
    return FakeBrowserWindow.all;
  }
  async loadURL(url: string) {
    this.urls.push(url);
    this.webContents.loads++;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {
    this.focused++;
  }
  show() {}
}

let resolveReady: () => void = () => undefined;
const whenReady = new Promise<void>((resolve) => (resolveReady = resolve));

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  quitCalls = 0;
  sandbox = false;
  appPath = fileURLToPath(new URL('../..', import.meta.url));
  userData = '';
  enableSandbox() {
    this.sandbox = true;
  }
  lockRequests = 0;
  requestSingleInstanceLock() {
    this.lockRequests++;
    return this.singleInstance;
  }
  whenReady() {
    return whenReady;
  }
  ready() {
    resolveReady();
    return whenReady;
  }
  getAppPath() {
    return this.appPath;
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`fake electron: getPath(${name})`);
    return this.userData;
  }
  quit() {
    this.quitCalls++;
  }
}

export const fake = {
  app: new FakeApp(),
  handlers: new Map<string, Handler>(),
  protocols: new Map<string, (request: Request) => Promise<Response>>(),
  privilegedSchemes: [] as unknown[],
  menus: [] as unknown[],
  permissionRequest: undefined as Handler | undefined,
  openedExternally: [] as string[],
};

export const app = fake.app;
export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = {
  handle(channel: string, handler: Handler) {
    fake.handlers.set(channel, handler);
  },
};
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    fake.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    fake.protocols.set(scheme, handler);
  },
};
export const net = {
  async fetch(url: string) {
    return new Response(await readFile(fileURLToPath(url)));
  },
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: Handler) {
      fake.permissionRequest = handler;
    },
    setPermissionCheckHandler() {},
  },
};
export const shell = {
  async openExternal(url: string) {
    fake.openedExternally.push(url);
  },
};
export const Menu = {
  buildFromTemplate(template: unknown) {
    return template;
  },
  setApplicationMenu(menu: unknown) {
    fake.menus.push(menu);
  },
};
export const dialog = {
  async showOpenDialog() {
    return { canceled: true, filePaths: [] };
  },
  async showMessageBox() {
    return { response: 0 };
  },
};
/** safeStorage: really seals (AES-256-GCM under a key of this process), counts its uses, can be switched off. */
const safeKey = randomBytes(32);
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  encrypted: 0,
  decrypted: 0,
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString(plain: string): Buffer {
    this.encrypted++;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', safeKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]);
  },
  decryptString(sealed: Buffer): string {
    this.decrypted++;
    const decipher = createDecipheriv('aes-256-gcm', safeKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  },
};
export const contextBridge = {};
export const ipcRenderer = {};
