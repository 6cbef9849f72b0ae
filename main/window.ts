/**
 * The main window and what keeps it usable: a minimum size, no downloads the app did not ask for, and recovery
 * from a renderer crash (reload) or hang (reload after a grace period). Read-outs live in the engine, so a
 * reloaded window finds the engine with them still there.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import { APP_ORIGIN, SECURE_WEB_PREFERENCES } from './security';

export const MIN_WINDOW_SIZE = { width: 960, height: 640 } as const;
/** How long an unresponsive renderer may hang before the window is reloaded. */
export const HANG_RELOAD_MS = 15_000;

export function windowOptions(preload: string, options: { devTools: boolean; icon?: string }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'TRuDI',
    ...(options.icon ? { icon: options.icon } : {}),
    // An installed app has no developer tools (no menu entry, no shortcut, no API).
    webPreferences: { ...SECURE_WEB_PREFERENCES, devTools: options.devTools, preload },
  };
}

export function loadApp(window: Pick<BrowserWindow, 'loadURL'>): Promise<void> {
  return window.loadURL(`${APP_ORIGIN}/index.html`);
}

/** Reloads after a renderer crash, and after a hang that outlasts HANG_RELOAD_MS. */
export function superviseRenderer(window: BrowserWindow, log: (line: string) => void, timers = { setTimeout, clearTimeout }): void {
  const contents = window.webContents;
  let hang: ReturnType<typeof setTimeout> | undefined;
  contents.on('render-process-gone', (_event, details) => {
    log(`renderer gone (${details.reason}, exit ${details.exitCode}); reloading`);
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) void loadApp(window);
  });
  window.on('unresponsive', () => {
    log('renderer unresponsive');
    hang ??= timers.setTimeout(() => {
      hang = undefined;
      log(`renderer still unresponsive after ${HANG_RELOAD_MS} ms; reloading`);
      if (!window.isDestroyed()) contents.forcefullyCrashRenderer();
    }, HANG_RELOAD_MS);
  });
  window.on('responsive', () => {
    if (hang) timers.clearTimeout(hang);
    hang = undefined;
  });
}

/**
 * Downloads: only the files the UI exports (blob: URLs of the app itself), each saved where the user chooses;
 * anything else is cancelled.
 */
export function guardDownloads(contents: Pick<WebContents, 'session'>, log: (line: string) => void): void {
  contents.session.on('will-download', (event, item) => {
    const url = item.getURL();
    if (!url.startsWith(`blob:${APP_ORIGIN}/`) && !url.startsWith('blob:app://')) {
      log(`download refused: ${url}`);
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ title: 'Speichern / Save', defaultPath: item.getFilename() });
  });
}
