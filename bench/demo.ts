/**
 * `npm run bench -- demo`: what "Demo-Gateway auslesen" costs a new user, step by step, through the engine's
 * API as the button calls it (in this process, as in web mode): start the demo gateway (cold: nothing
 * cached; warm: the simulator's cache from the cold run), the first read that asks for the fingerprint, the
 * pinned read (HAN transfer, parse, archive), and the signature check of the read-out (cold, then again).
 * Then the engine is restarted on the cold click's home (a new Engine: nothing in memory, the archive on disk)
 * and the first check of the reopened read-out is timed: its signature math comes from the archive.
 * References, measured in the same run: the cold click's first check (the same bytes with nothing kept), and
 * `openssl speed -elapsed -seconds 2 ecdsap256` (one core, wall clock).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayReadRequest } from '../src/api/dto';
import { toErrorPayload } from '../src/api/errors';
import { Engine } from '../src/engine/engine';

/** Single-core verify/s of `openssl speed -seconds 2 ecdsap256`: per CPU second by default, `elapsed`: wall clock. */
function opensslP256VerifyRate(elapsed: boolean): number | undefined {
  try {
    const args = ['speed', ...(elapsed ? ['-elapsed'] : []), '-seconds', '2', 'ecdsap256'];
    const out = execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const line = out.split('\n').find((l) => /nistp256/.test(l) && /\d+\.\d+\s*$/.test(l));
    return line?.trim().split(/\s+/).map(Number).filter((n) => Number.isFinite(n)).at(-1);
  } catch {
    return undefined;
  }
}

/** CPU seconds and readings of the first signature check of the cold click (for the ratio against openssl). */
let firstCheckCpu = 0;
let readings = 0;
/** The cold click's home and read-out, for the restart. */
let coldHome: string | undefined;
let coldReadout: string | undefined;

async function timed<T>(out: (line: string) => void, label: string, work: () => Promise<T>): Promise<{ result: T; cpu: number }> {
  const started = performance.now();
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  const cpu = (used.user + used.system) / 1e6;
  out(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU of this process`);
  return { result, cpu };
}

/** One click on the button: start, the unpinned read (fingerprint question), the pinned read, the check. */
async function click(out: (line: string) => void, label: string, keepHome = false): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'trudi-bench-demo-home-'));
  const engine = new Engine({ transport: 'http', archiveDir: join(home, 'archive'), configDir: join(home, 'config') });
  try {
    const { result: demo } = await timed(out, `${label} startDemoGateway`, () => engine.startDemoGateway());
    const request: GatewayReadRequest = {
      host: demo.host,
      port: demo.port,
      vendor: demo.vendor,
      gatewayId: demo.gatewayId,
      credentials: { kind: 'password', user: demo.user, password: demo.password },
    };
    const { result: code } = await timed(out, `${label} readGateway, unpinned (answers HAN_PIN_REQUIRED)`, async () => {
      try {
        await engine.readGateway(request);
        return 'read without a pin';
      } catch (error) {
        return toErrorPayload(error).code;
      }
    });
    if (code !== 'HAN_PIN_REQUIRED') out(`warning: the unpinned read answered ${code}`);
    const { result: summary } = await timed(out, `${label} readGateway, pinned (transfer, parse, archive)`, () => engine.readGateway({ ...request, pin: demo.fingerprint }));
    // Each engine keeps its own signature outcomes (in memory and in its archive): the warm click's engine, on a new
    // home, checks every signature again although the bytes are those of the cold click.
    const firstLabel = label === 'cold' ? 'cold verifyReadout' : `${label} verifyReadout (same bytes as the cold click, new engine on a new home: nothing kept)`;
    const { result: first, cpu } = await timed(out, firstLabel, () => engine.verifyReadout({ readoutId: summary.readoutId }));
    if (label === 'cold') {
      firstCheckCpu = cpu;
      coldReadout = summary.readoutId;
    }
    out(`  ${first.readings} readings: valid ${first.valid}, invalid ${first.invalid}, chain ${first.chain.status} (test ${first.chain.test})`);
    readings = first.readings;
    await timed(out, `${label} verifyReadout again`, () => engine.verifyReadout({ readoutId: summary.readoutId }));
  } finally {
    await engine.close();
    if (keepHome) coldHome = home;
    else rmSync(home, { recursive: true, force: true });
  }
}

/** A new engine on the cold click's home: the first check of the read-out it reopens from the archive. */
async function restart(out: (line: string) => void): Promise<number | undefined> {
  if (!coldHome || !coldReadout) return undefined;
  const readoutId = coldReadout;
  const engine = new Engine({ transport: 'http', archiveDir: join(coldHome, 'archive'), configDir: join(coldHome, 'config') });
  try {
    // Loading the read-out from the archive (its readings, not its signatures) is timed on its own.
    await timed(out, 'restarted engine, reopen the read-out from the archive (getReadoutDetails)', () => engine.getReadoutDetails(readoutId));
    const { result, cpu } = await timed(out, 'restarted engine, first verifyReadout of the reopened read-out', () => engine.verifyReadout({ readoutId }));
    out(`  ${result.readings} readings: valid ${result.valid}, invalid ${result.invalid}, chain ${result.chain.status} (test ${result.chain.test}); batches from the archive: ${engine.verification.signatureChecks.storeHits}`);
    return cpu;
  } finally {
    await engine.close();
    rmSync(coldHome, { recursive: true, force: true });
    coldHome = undefined;
  }
}

export async function run(): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  // A new user: no simulator cache yet (os.tmpdir() follows TMPDIR).
  const savedTmp = process.env['TMPDIR'];
  const freshTmp = mkdtempSync(join(tmpdir(), 'trudi-bench-demo-tmp-'));
  process.env['TMPDIR'] = freshTmp;
  try {
    out(`machine load average (1 min): ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`);
    await click(out, 'cold', true);
    const restartCpu = await restart(out);
    await click(out, 'warm');
    const rate = opensslP256VerifyRate(false);
    const elapsedRate = opensslP256VerifyRate(true);
    out(elapsedRate ? `reference openssl speed -elapsed ecdsap256: ${elapsedRate.toFixed(0)} verify/s (one core, wall clock, same run)` : 'reference openssl speed -elapsed: not available');
    if (rate) {
      out(`reference openssl speed ecdsap256: ${rate.toFixed(0)} verify/s per CPU second`);
      const ours = readings / firstCheckCpu;
      out(`cold first check: ${ours.toFixed(0)} verifications per CPU second = ${(ours / rate).toFixed(2)} x openssl speed (1.00 would be raw OpenSSL with nothing else)`);
    }
    if (restartCpu !== undefined && firstCheckCpu > 0) {
      out(`first check after a restart: ${restartCpu.toFixed(2)} s CPU = ${(restartCpu / firstCheckCpu).toFixed(3)} x the cold first check of the same bytes (${firstCheckCpu.toFixed(2)} s CPU, same run)`);
    }
    out(`machine load average (1 min): ${loadavg()[0]!.toFixed(2)}`);
  } finally {
    if (savedTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = savedTmp;
    rmSync(freshTmp, { recursive: true, force: true });
  }
}
