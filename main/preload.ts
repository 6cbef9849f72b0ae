// Sandboxed preload (built as CommonJS): exposes exactly the TrudiApi contract as window.trudi.
import { contextBridge, ipcRenderer } from 'electron';
import { buildExposedApi } from './preload-api';

contextBridge.exposeInMainWorld(
  'trudi',
  buildExposedApi({
    invoke: (channel, method, args) => ipcRenderer.invoke(channel, method, args),
    subscribe: (channel, listener) => {
      const handler = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => ipcRenderer.off(channel, handler);
    },
  }),
);
