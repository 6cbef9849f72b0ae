/**
 * Starts, supervises and talks to the engine sidecar: a TrudiApi whose calls travel over Node IPC.
 * A crashed sidecar is restarted with backoff, within a restart budget per time window (RestartBudget), not
 * per lifetime; calls in flight fail with ENGINE_RESTARTED so the UI can say what happened and retry. Exits
 * and give-ups are written to the engine log.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { TrudiApi } from '../api/contract';
import type { ProgressEvent } from '../api/dto';
import { buildRemoteApi } from '../api/remote';
import { ApiError } from '../api/errors';
import { SIDECAR_ENTRY } from '../project-paths';
import { engineLog } from '../platform/engine-log';
import { RestartBudget } from './restart-budget';
import { KEYCHAIN_ENV, answerKeychain, type SupervisorKeychain } from './keychain';
import type { SidecarCall, SidecarMessage } from './sidecar-protocol';
import { ENGINE_V8_FLAGS } from './v8-flags';

export interface SidecarOptions {
  /** The Node binary that runs the engine (OpenSSL, brainpool): never Electron's own runtime. */
  nodePath: string;
  entry?: string;
  /** The environment of the engine process (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Restarts allowed within `restartWindowMs` (default 5 within 10 minutes); a crash loop beyond it gives up. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** The clock of the restart window (tests). */
  now?: () => number;
  /** The OS keychain the engine may ask to seal and open profile secrets (Electron safeStorage); none: passphrase only. */
  keychain?: SupervisorKeychain;
  /** Called with each (re)start and each exit, for logs. */
  onLifecycle?: (event: { kind: 'started' | 'exited' | 'gave-up'; pid?: number; code?: number | null; restarts: number }) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class SidecarClient {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new EventEmitter();
  private nextId = 1;
  /** The contract, forwarded to the sidecar. */
  readonly api: TrudiApi = buildRemoteApi((method, args) => this.call(method, args), (listener) => this.onProgress(listener));
  private restarts = 0;
  private stopped = false;
  private gaveUp = false;
  private readonly budget: RestartBudget;

  constructor(private readonly options: SidecarOptions) {
    this.budget = new RestartBudget({ max: options.maxRestarts ?? 5, windowMs: options.restartWindowMs ?? 10 * 60_000, now: options.now });
  }

  start(): Promise<void> {
    // After giving up, a later call tries again once the crashes have left the window.
    if (this.gaveUp && !this.stopped && this.budget.available && this.budget.take()) {
      this.gaveUp = false;
      this.restarts++;
      this.ready = this.spawn();
    }
    this.ready ??= this.spawn();
    return this.ready;
  }

  private spawn(): Promise<void> {
    const entry = this.options.entry ?? SIDECAR_ENTRY;
    const env = { ...(this.options.env ?? process.env) };
    if (this.options.keychain) env[KEYCHAIN_ENV] = 'ipc';
    else delete env[KEYCHAIN_ENV];
    const execArgv = [...process.execArgv, ...ENGINE_V8_FLAGS];
    const child = fork(entry, [], { execPath: this.options.nodePath, execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    this.child = child;
    return new Promise<void>((resolve, reject) => {
      child.on('message', (raw) => {
        const message = raw as SidecarMessage;
        if (message.type === 'ready') {
          this.options.onLifecycle?.({ kind: 'started', pid: message.pid, restarts: this.restarts });
          resolve();
        } else if (message.type === 'progress') {
          this.events.emit('progress', message.event);
        } else if (message.type === 'keychain') {
          if (this.options.keychain && child.connected) child.send(answerKeychain(this.options.keychain, message));
        } else {
          const pending = this.pending.get(message.id);
          if (!pending) return;
          this.pending.delete(message.id);
          if (message.type === 'result') pending.resolve(message.result);
          else pending.reject(ApiError.fromPayload(message.error));
        }
      });
      child.on('error', (error) => {
        reject(
          ApiError.localized(
            'ENGINE_FAILED',
            `Die Auswertung (Node.js unter ${this.options.nodePath}) ließ sich nicht starten: ${error.message}. Installieren Sie TRuDI neu; in der Entwicklung: Node.js 20 oder neuer installieren oder TRUDI_NODE auf dessen Programmdatei setzen.`,
            `The engine (Node.js at ${this.options.nodePath}) could not be started: ${error.message}. Reinstall TRuDI; in development install Node.js 20 or later, or set TRUDI_NODE to its executable.`,
          ),
        );
      });
      child.on('exit', (code) => {
        this.options.onLifecycle?.({ kind: 'exited', pid: child.pid, code, restarts: this.restarts });
        if (!this.stopped) engineLog().warn('engine.exited', { pid: child.pid, code, restarts: this.restarts, recentRestarts: this.budget.recent });
        reject(
          ApiError.localized(
            'ENGINE_FAILED',
            `Die Auswertung hat sich beim Start beendet (Exit-Code ${code}); die Ursache steht im Protokoll darüber.`,
            `The engine exited while starting (exit code ${code}); the log above names the cause.`,
          ),
        );
        this.failPending();
        if (this.stopped || this.child !== child) return;
        const delay = this.budget.delayMs();
        if (!this.budget.take()) {
          this.gaveUp = true;
          engineLog().error('engine.gave-up', { restarts: this.restarts, recentRestarts: this.budget.recent });
          this.options.onLifecycle?.({ kind: 'gave-up', code, restarts: this.restarts });
          const windowMin = Math.round((this.options.restartWindowMs ?? 10 * 60_000) / 60_000);
          this.ready = Promise.reject(
            ApiError.localized(
              'ENGINE_FAILED',
              `Die Auswertung ist ${this.budget.recent + 1}-mal in ${windowMin} min abgestürzt und wird nicht mehr neu gestartet. Starten Sie die Anwendung neu; tritt es wieder auf, melden Sie den Fehler mit dem Protokoll der Auswertung (engine.log im Datenordner).`,
              `The engine crashed ${this.budget.recent + 1} times within ${windowMin} min and is not restarted again. Restart the application; if it happens again, report it with the engine log (engine.log in the data folder).`,
            ),
          );
          this.ready.catch(() => undefined);
          return;
        }
        this.restarts++;
        this.ready = new Promise((r) => setTimeout(r, delay)).then(() => this.spawn());
        this.ready.catch(() => undefined);
      });
    });
  }

  private failPending(): void {
    for (const pending of this.pending.values()) {
      pending.reject(new ApiError('ENGINE_RESTARTED', 'The engine stopped during the operation and is being restarted. Please try again.'));
    }
    this.pending.clear();
  }

  private async call(method: string, args: unknown[]): Promise<unknown> {
    await this.start();
    const child = this.child;
    if (!child?.connected) {
      throw new ApiError('ENGINE_RESTARTED', 'The engine stopped and is being restarted. Please try again.');
    }
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ type: 'call', id, method, args } satisfies SidecarCall);
    });
  }

  /** The running child's pid (for supervision tests and logs). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.disconnect();
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    });
  }

  onProgress(listener: (event: ProgressEvent) => void): () => void {
    this.events.on('progress', listener);
    return () => this.events.off('progress', listener);
  }
}
