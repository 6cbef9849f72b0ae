// Relays the TrudiApi from the renderer to the engine, for trusted senders only.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isApiMethod, type TrudiApi } from '../src/api/contract';
import { toErrorPayload } from '../src/api/errors';
import { encodeIpcError } from '../src/api/ipc-error';
import { CALL_CHANNEL, PROGRESS_CHANNEL } from './preload-api';
import { isTrustedIpcSender } from './security';

export function registerIpc(engine: TrudiApi, windows: () => WebContents[]): void {
  ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    const frame = event.senderFrame;
    if (!isTrustedIpcSender({ frameUrl: frame?.url, isMainFrame: frame === event.sender.mainFrame })) {
      throw new Error(encodeIpcError({ code: 'FORBIDDEN_SENDER', message: 'IPC from an untrusted frame was refused.' }));
    }
    if (!isApiMethod(method)) {
      throw new Error(encodeIpcError({ code: 'UNKNOWN_METHOD', message: `Unknown API method "${String(method)}".` }));
    }
    try {
      const fn = engine[method] as (...a: unknown[]) => Promise<unknown>;
      return await fn.apply(engine, Array.isArray(args) ? args : []);
    } catch (error) {
      throw new Error(encodeIpcError(toErrorPayload(error)), { cause: error });
    }
  });
  engine.onProgress((progress) => {
    for (const contents of windows()) contents.send(PROGRESS_CHANNEL, progress);
  });
}
