/**
 * A TLS server on 127.0.0.1 (random port) that answers each request with exactly the bytes a test scripts:
 * the fault matrix of the HTTP/1.1 client. TLS 1.2 with the simulator's gateway identity (brainpool).
 */
import { createSecureContext, TLSSocket } from 'node:tls';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { gatewayTlsIdentity, tlsPki, type TlsIdentity } from '../../simulator/gateway/identities';

let identity: TlsIdentity | undefined;
export function rawServerIdentity(): TlsIdentity {
  identity ??= gatewayTlsIdentity(tlsPki('EEMH0012345678', 'brainpoolP256r1'));
  return identity;
}

const TCP_OF = new WeakMap<TLSSocket, Socket>();

export interface RunningRawServer {
  port: number;
  /** Pieces of scripted answers written so far. */
  piecesWritten?: number;
  close(): Promise<void>;
}

export async function startRawTlsServer(onSocket: (socket: TLSSocket) => void, options: { ciphers?: string; requestCert?: boolean; ca?: string[] } = {}): Promise<RunningRawServer> {
  const server = rawServerIdentity();
  const sockets = new Set<Socket>();
  const secureContext = createSecureContext({ key: server.keyPem, cert: server.certPem, ecdhCurve: 'brainpoolP256r1:P-256', maxVersion: 'TLSv1.2', ciphers: options.ciphers, ca: options.ca });
  // TLS over a plain TCP server, so that a test can reset the TCP connection under the TLS session.
  const s: Server = createServer((tcp) => {
    sockets.add(tcp);
    tcp.on('close', () => sockets.delete(tcp));
    tcp.on('error', () => undefined);
    const socket = new TLSSocket(tcp, { isServer: true, secureContext, requestCert: options.requestCert, rejectUnauthorized: options.requestCert });
    TCP_OF.set(socket, tcp);
    socket.on('error', () => undefined);
    socket.once('secure', () => onSocket(socket));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    port: (s.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        s.close(() => resolve());
      }),
  };
}

/** One answer: the byte pieces written in order (each its own TLS record, `pauseMs` apart), then how it ends. */
export interface ScriptedAnswer {
  pieces: (string | Buffer)[];
  pauseMs?: number;
  end?: 'keep' | 'close' | 'reset';
}

/** A server that answers the n-th request on a connection with `answers[n]` (the last one repeats). */
export async function scriptedServer(answers: ScriptedAnswer[]): Promise<RunningRawServer> {
  const running: RunningRawServer = await startRawTlsServer((socket) => {
    let n = 0;
    socket.on('data', () => {
      const answer = answers[Math.min(n++, answers.length - 1)]!;
      void play(socket, answer, () => (running.piecesWritten = (running.piecesWritten ?? 0) + 1));
    });
  });
  running.piecesWritten = 0;
  return running;
}

async function play(socket: TLSSocket, answer: ScriptedAnswer, written: () => void): Promise<void> {
  for (const [i, piece] of answer.pieces.entries()) {
    if (i > 0 && answer.pauseMs) await new Promise((r) => setTimeout(r, answer.pauseMs));
    if (socket.destroyed) return;
    written();
    socket.write(piece);
  }
  if (answer.end === 'close') socket.end();
  else if (answer.end === 'reset') {
    // Let the written records leave first, then reset the TCP connection (RST, no close_notify).
    await new Promise((r) => setTimeout(r, 30));
    TCP_OF.get(socket)?.resetAndDestroy();
  }
}
