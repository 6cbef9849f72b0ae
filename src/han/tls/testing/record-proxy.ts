/**
 * A TCP proxy between the minimal TLS client and a real OpenSSL server that rewrites what the server sends:
 * its first flight (ServerHello … ServerHelloDone) message by message, and every later record. With the
 * server's key log it can also open and re-seal the server's encrypted records (to forge a Finished).
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { ContentType, HandshakeType, TLS12, suiteByCode } from '../constants';
import { keyBlock } from '../key-schedule';
import { recordProtection, type RecordProtection } from '../record-protection';
import { RecordReader, recordBytes, type TlsRecord } from '../record-reader';

export interface ProxySession {
  clientRandom?: Buffer;
  serverRandom?: Buffer;
  suiteCode?: number;
  /** The master secret from the server's key log, once known. */
  masterSecret?: Buffer;
  /** Opens and re-seals records of one direction after its ChangeCipherSpec (needs the key log); fresh sequence numbers. */
  crypto(direction: 'server' | 'client'): { open: RecordProtection; seal: RecordProtection };
}

export interface ProxyAction {
  bytes: Buffer;
  /** Close the connection to the client after sending `bytes`. */
  close?: boolean;
}

export interface ProxyHooks {
  /** The server's first flight as whole handshake messages (with headers); default: one record per message. */
  firstFlight?: (messages: Buffer[], session: ProxySession) => ProxyAction;
  /** Every server record after the first flight; default: unchanged. `index` counts from 0. */
  laterRecord?: (record: TlsRecord, index: number, session: ProxySession) => ProxyAction;
  /** Client bytes to the server; default: unchanged. */
  clientBytes?: (chunk: Buffer) => Buffer;
  /** Client records (0 = the ClientHello); returns the bytes to forward. Replaces clientBytes. */
  clientRecord?: (record: TlsRecord, index: number, session: ProxySession) => Buffer;
}

/** Handshake messages as plaintext records of at most `fragment` bytes each (messages may share records). */
export function frame(messages: Buffer[], fragment = 16_384): Buffer {
  const all = Buffer.concat(messages);
  const out: Buffer[] = [];
  for (let i = 0; i < all.length; i += fragment) out.push(recordBytes(ContentType.handshake, TLS12, all.subarray(i, i + fragment)));
  return Buffer.concat(out);
}

export function messageType(message: Buffer): number {
  return message[0]!;
}

export interface RunningProxy {
  port: number;
  close(): Promise<void>;
}

/** `keylog`: NSS key log lines from the server (`CLIENT_RANDOM <hex> <hex>`). */
export async function startRecordProxy(targetPort: number, hooks: ProxyHooks, keylog: Buffer[] = []): Promise<RunningProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    const session: ProxySession = {
      crypto(direction) {
        const master = session.masterSecret ?? findMaster(keylog, session.clientRandom);
        const suite = suiteByCode(session.suiteCode ?? 0);
        if (!master || !suite || !session.clientRandom || !session.serverRandom) throw new Error('proxy: no key log for this connection');
        session.masterSecret = master;
        const keys = keyBlock(suite, master, session.clientRandom, session.serverRandom)[direction];
        return { open: recordProtection(suite, keys), seal: recordProtection(suite, keys) };
      },
    };
    const fromServer = new RecordReader();
    const flight: Buffer[] = [];
    let pendingHandshake = Buffer.alloc(0);
    let flightDone = false;
    let laterIndex = 0;
    const send = (action: ProxyAction): void => {
      if (action.bytes.length > 0) client.write(action.bytes);
      if (action.close) {
        client.end();
        upstream.destroy();
      }
    };
    let clientBuffer = Buffer.alloc(0);
    const fromClient = new RecordReader();
    let clientIndex = 0;
    client.on('data', (chunk: Buffer) => {
      if (!session.clientRandom) {
        clientBuffer = Buffer.concat([clientBuffer, chunk]);
        // record header (5) + handshake header (4) + version (2) + random (32)
        if (clientBuffer.length >= 43) session.clientRandom = Buffer.from(clientBuffer.subarray(11, 43));
      }
      if (hooks.clientRecord) {
        for (const record of fromClient.push(chunk)) upstream.write(hooks.clientRecord(record, clientIndex++, session));
        return;
      }
      upstream.write(hooks.clientBytes ? hooks.clientBytes(chunk) : chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const record of fromServer.push(chunk)) {
        if (!flightDone && record.type === ContentType.handshake) {
          pendingHandshake = Buffer.concat([pendingHandshake, record.fragment]);
          while (pendingHandshake.length >= 4) {
            const length = pendingHandshake.readUIntBE(1, 3);
            if (pendingHandshake.length < 4 + length) break;
            const message = Buffer.from(pendingHandshake.subarray(0, 4 + length));
            pendingHandshake = pendingHandshake.subarray(4 + length);
            if (message[0] === HandshakeType.serverHello) {
              session.serverRandom = Buffer.from(message.subarray(6, 38));
              const sessionIdLength = message[38]!;
              session.suiteCode = message.readUInt16BE(39 + sessionIdLength);
            }
            flight.push(message);
            if (message[0] === HandshakeType.serverHelloDone) {
              flightDone = true;
              send(hooks.firstFlight ? hooks.firstFlight(flight, session) : { bytes: frame(flight) });
            }
          }
          continue;
        }
        const index = laterIndex++;
        send(hooks.laterRecord ? hooks.laterRecord(record, index, session) : { bytes: recordBytes(record.type, record.version, record.fragment) });
      }
    });
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth);
    upstream.on('close', () => client.end());
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function findMaster(keylog: Buffer[], clientRandom: Buffer | undefined): Buffer | undefined {
  if (!clientRandom) return undefined;
  const hex = clientRandom.toString('hex');
  for (const line of keylog) {
    const [label, random, secret] = line.toString('latin1').trim().split(' ');
    if (label === 'CLIENT_RANDOM' && random?.toLowerCase() === hex && secret) return Buffer.from(secret, 'hex');
  }
  return undefined;
}
