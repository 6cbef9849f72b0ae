// The Electron shell: app lifecycle, single instance, the app:// protocol, one window, the menu, the engine
// sidecar on its own Node runtime, and the security guards.
import { BrowserWindow, Menu, app, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appProtocolHandler } from './app-protocol';
import { startEngine } from './engine';
import { engineLaunch } from './engine-launch';
import { registerIpc } from './ipc';
import { safeStorageKeychain } from './keychain';
import { menuTemplate } from './menu';
import { OPENABLE_EXTENSIONS, dropFileScript, fileArguments, readOpenableFile } from './open-file';
import { APP_SCHEME, isAllowedNavigation, isPermissionGranted, windowOpenDecision } from './security';
import { guardDownloads, loadApp, superviseRenderer, windowOptions } from './window';

const log = (line: string) => process.stdout.write(`[trudi] ${line}\n`);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let mainWindow: BrowserWindow | undefined;
/** Files asked for before the window could take them (start arguments, macOS open-file before ready). */
const pendingFiles: string[] = fileArguments(process.argv);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    for (const file of fileArguments(argv)) void openInWindow(file);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (mainWindow) void openInWindow(path);
    else pendingFiles.push(path);
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url);
      if (decision.openExternally) void shell.openExternal(url);
      return { action: decision.action };
    });
  });
  void app.whenReady().then(ready);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

async function openInWindow(path: string): Promise<void> {
  const window = mainWindow;
  if (!window) return;
  try {
    const file = await readOpenableFile(path);
    await window.webContents.executeJavaScript(dropFileScript(file.name, file.bytes), true);
  } catch (error) {
    void dialog.showMessageBox(window, { type: 'error', message: `Die Datei ließ sich nicht öffnen / The file could not be opened: ${path}`, detail: String(error) });
  }
}

async function chooseAndOpen(): Promise<void> {
  if (!mainWindow) return;
  const choice = await dialog.showOpenDialog(mainWindow, {
    properties: ['openFile'],
    filters: [{ name: 'Auslesungen / Read-outs', extensions: OPENABLE_EXTENSIONS.map((e) => e.slice(1)) }],
  });
  if (!choice.canceled && choice.filePaths[0]) await openInWindow(choice.filePaths[0]);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(join(__dirname, '../preload/preload.cjs'), { devTools: !app.isPackaged }));
  window.once('ready-to-show', () => window.show());
  superviseRenderer(window, log);
  guardDownloads(window.webContents, log);
  window.webContents.once('did-finish-load', () => {
    for (const file of pendingFiles.splice(0)) void openInWindow(file);
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  void loadApp(window);
  mainWindow = window;
  return window;
}

function ready(): void {
  const launch = engineLaunch({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    userData: app.getPath('userData'),
    platform: process.platform,
    env: process.env,
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionGranted(permission, details.requestingUrl)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) => isPermissionGranted(permission, origin));
  protocol.handle(APP_SCHEME, appProtocolHandler(launch.rendererDir, (file) => net.fetch(pathToFileURL(file).toString())));

  // After an engine crash the supervisor starts a new engine; the window reloads so the UI talks to it afresh.
  const engine = startEngine(
    launch,
    log,
    () => {
      for (const window of BrowserWindow.getAllWindows()) void loadApp(window);
    },
    safeStorageKeychain(safeStorage, process.platform),
  );
  registerIpc(ipcMain, engine.api, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        production: app.isPackaged,
        platform: process.platform,
        actions: { open: () => void chooseAndOpen(), print: () => mainWindow?.webContents.print({ printBackground: true }) },
      }),
    ),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => void engine.stop());
}
