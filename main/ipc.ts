// Relays the TrudiApi from the renderer to the engine, for trusted senders only. Electron's ipcMain is passed
// in, so the same code runs in the app, in the fake-electron integration test and in the IPC bridge e2e.
import { isApiMethod, type TrudiApi } from '../src/api/contract';
import { toErrorPayload } from '../src/api/errors';
import { encodeIpcError } from '../src/api/ipc-error';
import { CALL_CHANNEL, PROGRESS_CHANNEL } from './preload-api';
import { isTrustedIpcSender } from './security';

/** What the handler reads of Electron's IpcMainInvokeEvent (structural, so tests and the e2e bridge need no electron). */
export interface IpcCallEvent {
  senderFrame: { url: string } | null | undefined;
  sender: { mainFrame: { url: string } };
}

/** The parts of ipcMain and WebContents used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcCallEvent, ...args: unknown[]) => unknown): void;
}
export interface ProgressTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** The handler of CALL_CHANNEL: checks the sender and the method, calls the engine, encodes errors. */
export function ipcCallHandler(engine: TrudiApi) {
  return async (event: IpcCallEvent, method: unknown, args: unknown): Promise<unknown> => {
    const frame = event.senderFrame;
    if (!isTrustedIpcSender({ frameUrl: frame?.url, isMainFrame: !!frame && frame === event.sender.mainFrame })) {
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
  };
}

export function registerIpc(ipcMain: IpcMainLike, engine: TrudiApi, windows: () => ProgressTarget[]): () => void {
  const handler = ipcCallHandler(engine);
  ipcMain.handle(CALL_CHANNEL, (event: IpcCallEvent, method: unknown, args: unknown) => handler(event, method, args));
  return engine.onProgress((progress) => {
    for (const contents of windows()) if (!contents.isDestroyed()) contents.send(PROGRESS_CHANNEL, progress);
  });
}
