/**
 * Progress events for the WebSocket at a rate a page can take: per operation at most one every `intervalMs`,
 * the latest one sent when the interval ends (nothing in between is worth a message), but at once when the
 * text changes or the operation starts (fraction ≤ 0) or finishes (≥ 1). A signature check reports every
 * batch of readings, tens of thousands of events, which flooded the socket.
 */
import type { ProgressEvent } from '../api/dto';

export interface ProgressThrottle {
  push(event: ProgressEvent): void;
  dispose(): void;
}

export function createProgressThrottle(send: (event: ProgressEvent) => void, intervalMs = 100, now: () => number = () => performance.now()): ProgressThrottle {
  const state = new Map<string, { sentAt: number; message: string; timer?: ReturnType<typeof setTimeout>; pending?: ProgressEvent }>();
  const emit = (event: ProgressEvent): void => {
    const entry = state.get(event.operationId);
    if (entry?.timer) clearTimeout(entry.timer);
    if (event.fraction >= 1) state.delete(event.operationId);
    else state.set(event.operationId, { sentAt: now(), message: event.message });
    // Bounded: operations that never finish are forgotten oldest first.
    if (state.size > 100) state.delete(state.keys().next().value!);
    send(event);
  };
  return {
    push(event) {
      const entry = state.get(event.operationId);
      if (!entry || event.fraction <= 0 || event.fraction >= 1 || event.message !== entry.message || now() - entry.sentAt >= intervalMs) {
        emit(event);
        return;
      }
      entry.pending = event;
      entry.timer ??= setTimeout(() => {
        entry.timer = undefined;
        if (entry.pending && state.get(event.operationId) === entry) emit(entry.pending);
      }, Math.max(0, intervalMs - (now() - entry.sentAt)));
      entry.timer.unref?.();
    },
    dispose() {
      for (const entry of state.values()) if (entry.timer) clearTimeout(entry.timer);
      state.clear();
    },
  };
}
