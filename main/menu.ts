/**
 * The application menu: open, print and quit in "Datei"/File; no reload or developer tools in an installed app
 * (they exist only when running from the repository). German labels where Electron has no role text.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  open(): void;
  print(): void;
}

export function menuTemplate(options: { production: boolean; platform: NodeJS.Platform; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { production, platform, actions } = options;
  const view: MenuItemConstructorOptions[] = [
    ...(production ? [] : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(platform === 'darwin' ? ([{ role: 'appMenu' }] as MenuItemConstructorOptions[]) : []),
    {
      label: 'Datei / File',
      submenu: [
        { label: 'Öffnen … / Open …', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { label: 'Drucken … / Print …', accelerator: 'CmdOrCtrl+P', click: () => actions.print() },
        { type: 'separator' },
        platform === 'darwin' ? { role: 'close' } : { role: 'quit', label: 'Beenden / Quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    { role: 'editMenu' },
    { label: 'Ansicht / View', submenu: view },
    { role: 'windowMenu' },
  ];
}

/** Every role anywhere in a template (for the tests and the production check). */
export function rolesOf(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [String(item.role)] : []),
    ...(Array.isArray(item.submenu) ? rolesOf(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}
