/** Messages between the Electron main process (or any supervisor) and the engine sidecar over Node IPC. */
import type { ApiErrorPayload, ProgressEvent } from '../api/dto';
import type { KeychainAnswer, KeychainRequest } from './keychain';

export interface SidecarCall {
  type: 'call';
  id: number;
  method: string;
  args: unknown[];
}

export type SidecarMessage =
  | { type: 'ready'; pid: number }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: ApiErrorPayload }
  | { type: 'progress'; event: ProgressEvent }
  | KeychainRequest;

/** What the supervisor sends the engine. */
export type SupervisorMessage = SidecarCall | KeychainAnswer;
