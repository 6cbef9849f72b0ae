/**
 * A loopback TCP proxy that forwards both directions unchanged and records every byte the client sends
 * (all connections, in order), so that a test can see what left the PC before the pin was confirmed.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface RecordingProxy {
  port: number;
  /** Client→server bytes of every connection so far, concatenated per connection. */
  clientBytes(): Buffer[];
  close(): Promise<void>;
}

/** `target`: one port, or the port for the n-th connection (0-based), e.g. to switch servers after a probe. */
export async function startRecordingProxy(target: number | ((connection: number) => number), targetHost = '127.0.0.1'): Promise<RecordingProxy> {
  const portFor = typeof target === 'number' ? () => target : target;
  const recorded: Buffer[][] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const chunks: Buffer[] = [];
    recorded.push(chunks);
    const upstream = connect({ host: targetHost, port: portFor(recorded.length - 1) });
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      chunks.push(Buffer.from(chunk));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    clientBytes: () => recorded.map((chunks) => Buffer.concat(chunks)),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
