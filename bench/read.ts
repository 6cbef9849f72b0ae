/**
 * `npm run bench -- read`: a full 24-month read from the local gateway simulator (a separate process, so that
 * its work does not count as ours), per vendor. Prints wall time, requests, bytes, peak memory, and the time
 * spent in our code versus waiting on the socket (wall time minus waiting; on a busy machine it includes
 * time the process waited for a core, hence the CPU time beside it). The data are the signed sample with
 * P-256 signatures (same size as brainpoolP256r1 ones, much faster to sign on first use; cached after);
 * PPC readings come from its signed exports, signed by the simulator with its own brainpoolP256r1 key on
 * first use (an untimed warm-up read first).
 * Reference, measured in the same run: the same requests replayed over the same kind of connection with the
 * bodies received but not parsed (transport only).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { loadClientCertificate, type ClientCredentials } from '../src/han/client-certificate';
import { GatewayClient } from '../src/han/gateway-client';
import { readGateway, type GatewayCredentials } from '../src/han/read-gateway';
import { vendorClientSettings } from '../src/han/vendors';
import type { SimVendor } from '../src/simulator/gateway/server';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const USER = { user: 'consumer1', password: 'secret' };

interface Call {
  method: string;
  path: string;
  body?: Buffer;
  /** PPC: the handles (`mid`, `tid`, 12 hex digits) the original answer carried, in order. */
  handles?: string[];
}

const HANDLE = /value="([0-9a-f]{12})"/g;

interface SimProcess {
  child: ChildProcess;
  port: number;
  pin: string;
  gatewayId: string;
  /** The consumer certificate a gateway requires for TLS (Dr. Neuhaus), from the simulator's banner. */
  certificate?: { file: string; passphrase: string };
}

async function startSimulatorProcess(vendor: SimVendor): Promise<SimProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'trudi.mjs'), 'simulate', '--vendor', vendor, '--months', '24', '--signature-curve', 'P-256'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const banner = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('try: ')) resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  // The try: line names the file (--pkcs12) and the passphrase in TRUDI_PASSPHRASE (no longer --passphrase).
  const file = /--pkcs12 (\S+)/.exec(banner)?.[1];
  const passphrase = /TRUDI_PASSPHRASE=(\S+)/.exec(banner)?.[1] ?? /--passphrase (\S+)/.exec(banner)?.[1];
  const pkcs12 = file && passphrase ? [banner, file, passphrase] : undefined;
  return {
    child,
    port: Number(/127\.0\.0\.1:(\d+)/.exec(banner)![1]),
    pin: /fingerprint (sha256:[0-9A-F:]+)/.exec(banner)![1]!,
    gatewayId: /gateway (E[A-Z]{3}\d{10})/.exec(banner)![1]!,
    ...(pkcs12 ? { certificate: { file: pkcs12[1]!, passphrase: pkcs12[2]! } } : {}),
  };
}

function peakSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/**
 * The same requests replayed over the same kind of connection, bodies received but not parsed. PPC's forms
 * carry the token of the previous page and handles that change per session: both are taken from each answer
 * with regular expressions (the old session's handles are mapped to the new ones by position).
 */
async function transportOnly(sim: SimProcess, vendor: SimVendor, calls: Call[], client: ClientCredentials | undefined): Promise<{ ms: number; bytes: number }> {
  const gateway = new GatewayClient({ host: '127.0.0.1', port: sim.port, pin: sim.pin, ...USER, forceMd5: true, ...vendorClientSettings(vendor, '127.0.0.1'), ...(client ? { client } : {}) });
  const started = performance.now();
  let bytes = 0;
  let token: string | undefined;
  const mapped = new Map<string, string>();
  try {
    for (const c of calls) {
      let text = c.body?.toString('latin1');
      if (text !== undefined && token) text = text.replace(/^tkn=[^&]*/, `tkn=${token}`);
      if (text !== undefined) text = text.replace(/[0-9a-f]{12}/g, (h) => mapped.get(h) ?? h);
      const body = text === undefined ? undefined : Buffer.from(text, 'latin1');
      const contentType = vendor === 'ppc' ? 'application/x-www-form-urlencoded' : 'application/json';
      const headers: [string, string][] = vendor === 'dnt' ? [['Device-ID', sim.gatewayId], ['Transport-Version', '3.0'], ['Request-ID', String(bytes)], ['Accept', 'application/hgp;encap=gzip,xml']] : [];
      const response = await gateway.request(c.method, c.path, { ...(body ? { body, contentType } : {}), headers });
      bytes += response.body.length;
      const answer = response.body.toString('latin1');
      token = /name="tkn" value="([^"]+)"/.exec(answer)?.[1] ?? token;
      const fresh = [...answer.matchAll(HANDLE)].map((m) => m[1]!);
      c.handles?.forEach((old, i) => fresh[i] && mapped.set(old, fresh[i]));
    }
  } finally {
    gateway.close();
  }
  return { ms: performance.now() - started, bytes };
}

export async function run(): Promise<void> {
  for (const vendor of ['theben', 'emh', 'ppc', 'dnt'] as const) {
    const sim = await startSimulatorProcess(vendor);
    const certificate = sim.certificate ? loadClientCertificate({ kind: 'pkcs12', data: new Uint8Array(readFileSync(sim.certificate.file)), passphrase: sim.certificate.passphrase }) : undefined;
    const credentials: GatewayCredentials = sim.certificate
      ? { kind: 'certificate', certificate: { kind: 'pkcs12', data: new Uint8Array(readFileSync(sim.certificate.file)), passphrase: sim.certificate.passphrase }, ...USER }
      : { kind: 'password', ...USER };
    try {
      if (vendor === 'ppc') {
        // The PPC simulator signs each reading (brainpoolP256r1, PPC's K461 format) once, on first use: an
        // untimed first read lets the timed one measure our side, not the simulator's signing.
        const warm = performance.now();
        await readGateway({ host: '127.0.0.1', port: sim.port, pin: sim.pin, vendor, gatewayId: sim.gatewayId, credentials });
        process.stdout.write(`ppc: untimed warm-up read (the simulator signs every reading once) ${((performance.now() - warm) / 1000).toFixed(1)} s\n`);
      }
      const calls: Call[] = [];
      const sampler = peakSampler();
      const baseRss = process.memoryUsage().rss;
      const cpuBefore = process.cpuUsage();
      const result = await readGateway({
        host: '127.0.0.1',
        port: sim.port,
        pin: sim.pin,
        vendor,
        gatewayId: sim.gatewayId,
        credentials,
        client: {
          onExchange: (method, path, response, body) =>
            response.status !== 401 && calls.push({ method, path, body, ...(vendor === 'ppc' ? { handles: [...response.body.toString('latin1').matchAll(HANDLE)].map((m) => m[1]!) } : {}) }),
        },
      });
      const cpu = process.cpuUsage(cpuBefore);
      const peak = sampler.stop();
      const s = result.stats;
      const readings = result.document.usagePoints.reduce((n, u) => n + u.meterReadings.reduce((m, r) => m + r.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0), 0);
      const ours = s.wallMs - s.waitMs;
      process.stdout.write(
        `${vendor}: 24-month read ${(s.wallMs / 1000).toFixed(2)} s wall, ${s.requests} requests on ${s.connections} connection(s), ` +
          `${(s.bytesIn / 1e6).toFixed(1)} MB in / ${(s.bytesOut / 1e3).toFixed(1)} kB out, ${readings} readings, ` +
          `peak RSS ${(peak / 1e6).toFixed(0)} MB (+${((peak - baseRss) / 1e6).toFixed(0)} MB during the read)\n` +
          `  our code ${(ours / 1000).toFixed(2)} s (${((100 * ours) / s.wallMs).toFixed(0)} %), waiting on the socket ${(s.waitMs / 1000).toFixed(2)} s ` +
          `(${((100 * s.waitMs) / s.wallMs).toFixed(0)} %); CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s\n`,
      );
      // Measured twice (the simulator warms up too): the faster run is the reference.
      const runs = [await transportOnly(sim, vendor, calls, certificate), await transportOnly(sim, vendor, calls, certificate)];
      const reference = runs[0]!.ms <= runs[1]!.ms ? runs[0]! : runs[1]!;
      process.stdout.write(
        `  reference, same ${calls.length} requests transport only: ${(reference.ms / 1000).toFixed(2)} s for ${(reference.bytes / 1e6).toFixed(1)} MB; ` +
          `ratio full read / transport = ${(s.wallMs / reference.ms).toFixed(2)}\n`,
      );
    } finally {
      sim.child.kill('SIGTERM');
    }
  }
}
