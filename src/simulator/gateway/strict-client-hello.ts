/**
 * The strict ClientHello check of the simulated Dr. Neuhaus gateway: public reports say SMARTY IQ refuses
 * a ClientHello that carries the renegotiation_info extension (0xff01) or the
 * TLS_EMPTY_RENEGOTIATION_INFO_SCSV suite (0x00ff), which OpenSSL clients always send (inferred, not
 * captured). The gate reads the ClientHello before the TLS server sees it and answers such a hello with a
 * fatal handshake_failure alert.
 */
import type { Socket } from 'node:net';

export interface ClientHelloFacts {
  suites: number[];
  extensions: number[];
  renegotiationInfo: boolean;
  scsv: boolean;
}

const RENEGOTIATION_INFO = 0xff01;
const SCSV = 0x00ff;
const MAX_HELLO = 64 * 1024;

/**
 * The ClientHello's suites and extension types from the first bytes of a connection; 'incomplete' while
 * more bytes are needed, undefined when the bytes are not a TLS ClientHello.
 */
export function readClientHello(bytes: Buffer): ClientHelloFacts | 'incomplete' | undefined {
  // Reassemble the handshake message from (possibly several) handshake records.
  const message: Buffer[] = [];
  let offset = 0;
  let total = 0;
  for (;;) {
    if (bytes.length < offset + 5) return 'incomplete';
    if (bytes[offset] !== 22 || bytes[offset + 1] !== 3) return undefined;
    const length = bytes.readUInt16BE(offset + 3);
    if (bytes.length < offset + 5 + length) return 'incomplete';
    message.push(bytes.subarray(offset + 5, offset + 5 + length));
    total += length;
    offset += 5 + length;
    const body = Buffer.concat(message);
    if (body.length >= 4) {
      if (body[0] !== 1) return undefined;
      const needed = 4 + body.readUIntBE(1, 3);
      if (needed > MAX_HELLO) return undefined;
      if (total >= needed) return parseHello(body.subarray(4, needed));
    }
  }
}

function parseHello(hello: Buffer): ClientHelloFacts | undefined {
  try {
    let o = 2 + 32;
    o += 1 + hello[o]!;
    const suitesLength = hello.readUInt16BE(o);
    const suites: number[] = [];
    for (let i = 0; i < suitesLength; i += 2) suites.push(hello.readUInt16BE(o + 2 + i));
    o += 2 + suitesLength;
    o += 1 + hello[o]!;
    const extensions: number[] = [];
    if (o < hello.length) {
      const end = o + 2 + hello.readUInt16BE(o);
      o += 2;
      while (o + 4 <= end) {
        extensions.push(hello.readUInt16BE(o));
        o += 4 + hello.readUInt16BE(o + 2);
      }
    }
    return { suites, extensions, renegotiationInfo: extensions.includes(RENEGOTIATION_INFO), scsv: suites.includes(SCSV) };
  } catch {
    return undefined;
  }
}

/**
 * Waits for the ClientHello on a fresh connection; refused hellos get handshake_failure and a close, the
 * others are handed to `accept` with the bytes put back.
 */
export function gateClientHello(socket: Socket, accept: (socket: Socket) => void, onRefused?: (facts: ClientHelloFacts) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const facts = readClientHello(buffered);
    if (facts === 'incomplete' && buffered.length < MAX_HELLO) return;
    socket.off('data', onData);
    socket.pause();
    if (facts === 'incomplete' || facts === undefined) {
      socket.destroy();
      return;
    }
    if (facts.renegotiationInfo || facts.scsv) {
      onRefused?.(facts);
      // Fatal handshake_failure (40), then close.
      socket.end(Buffer.of(21, 3, 3, 0, 2, 2, 40));
      return;
    }
    socket.unshift(buffered);
    accept(socket);
  };
  socket.on('data', onData);
  socket.on('error', () => undefined);
}
