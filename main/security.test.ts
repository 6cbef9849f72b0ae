import { describe, expect, it } from 'vitest';
import {
  APP_CONTENT_SECURITY_POLICY,
  SECURE_WEB_PREFERENCES,
  isAllowedNavigation,
  isPermissionGranted,
  isSafeExternalUrl,
  isTrustedIpcSender,
  resolveAppFile,
  windowOpenDecision,
} from './security';

describe('Electron security guards', () => {
  it('gives every window a renderer without Node, isolated and sandboxed', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
    expect(SECURE_WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
  });

  it('has a CSP without unsafe-eval or unsafe-inline', () => {
    expect(APP_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
  });

  it('allows navigation only within the app origin', () => {
    expect(isAllowedNavigation('app://trudi/index.html')).toBe(true);
    expect(isAllowedNavigation('app://trudi/#/dashboard')).toBe(true);
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      'app://trudi.evil.example/index.html',
      'app://evil/index.html',
      'app://user:pw@trudi/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'http://127.0.0.1:1234/',
      'APP://TRUDI@evil/',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('opens only plain https links to named hosts externally and never a new window', () => {
    expect(windowOpenDecision('https://www.ptb.de/')).toEqual({ action: 'deny', openExternally: true });
    for (const url of [
      'http://example.com/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://host/share',
      'https://user:pass@example.com/',
      'https://127.0.0.1/',
      'https://[::1]/',
      'https://localhost/',
      'javascript:alert(1)',
      'ms-msdt:/id',
      '\\\\server\\share',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
      expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: false });
    }
  });

  it('grants no permission to anyone', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(isPermissionGranted(permission, 'app://trudi/index.html')).toBe(false);
    }
  });

  it('serves IPC only to the main frame of the app origin', () => {
    expect(isTrustedIpcSender({ frameUrl: 'app://trudi/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedIpcSender({ frameUrl: 'app://trudi/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedIpcSender({ frameUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedIpcSender({ frameUrl: 'file:///tmp/x.html', isMainFrame: true })).toBe(false);
    expect(isTrustedIpcSender({ frameUrl: undefined, isMainFrame: true })).toBe(false);
  });

  it('resolves app:// URLs inside the renderer folder only', () => {
    expect(resolveAppFile('app://trudi/', '/r')).toBe('/r/index.html');
    expect(resolveAppFile('app://trudi/assets/index-1.js', '/r/')).toBe('/r/assets/index-1.js');
    for (const url of ['app://trudi/assets/..%2f..%2fsecret', 'app://trudi/a%5c..%5csecret', 'app://trudi/a%00', 'app://other/x', 'file:///r/index.html', 'app://trudi/%E0%A4%A']) {
      expect(resolveAppFile(url, '/r'), url).toBeUndefined();
    }
    // The URL parser already folds dot segments: such URLs stay inside the folder.
    for (const url of ['app://trudi/%2e%2e/secret', 'app://trudi/../../etc/passwd', 'app://trudi/a/./../b']) {
      const file = resolveAppFile(url, '/r');
      expect(file === undefined || (file.startsWith('/r/') && !file.includes('..')), `${url} -> ${file}`).toBe(true);
    }
  });
});
