/**
 * The Electron shell's security rules as pure functions and constants, so that each one is unit-tested
 * without an Electron binary. main/index.ts applies them to every window and web contents.
 */

/** The custom scheme the UI is served from (instead of file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'trudi';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** webPreferences of every window: the renderer gets no Node, an isolated context, and the OS sandbox. */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  contextIsolation: true,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
});

export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Only our own app origin may be shown in a window; every other navigation is blocked. */
export function isAllowedNavigation(url: string): boolean {
  const parsed = parse(url);
  return !!parsed && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
}

/** External links allowed to open in the user's browser: plain https to a named host, nothing else. */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const host = parsed.hostname;
  if (!host || host === 'localhost' || /^[\d.]+$/.test(host) || host.startsWith('[')) return false;
  return true;
}

/** Decision for window.open / target=_blank: never a new Electron window; safe links go to the browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) };
}

/** Permissions (camera, notifications, geolocation, …): the app needs none. */
export function isPermissionGranted(_permission: string, _requestingUrl: string): boolean {
  return false;
}

/** An IPC message is served only from our own top frame showing our own origin. */
export function isTrustedIpcSender(sender: { frameUrl: string | undefined; isMainFrame: boolean }): boolean {
  return sender.isMainFrame && !!sender.frameUrl && isAllowedNavigation(sender.frameUrl);
}

/**
 * Maps an app:// URL to a file below the renderer folder; undefined for anything else or any attempt
 * to leave the folder.
 */
export function resolveAppFile(url: string, rendererDir: string): string | undefined {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const segments = path.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  return `${rendererDir.replace(/\/+$/, '')}/${segments.length ? segments.join('/') : 'index.html'}`;
}
