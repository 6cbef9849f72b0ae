/**
 * `npm run bench -- demo`: what "Demo-Gateway auslesen" costs a new user, step by step, through the engine's
 * API as the button calls it (in this process, as in web mode): start the demo gateway (cold: nothing
 * cached; warm: the simulator's cache from the cold run), the first read that asks for the fingerprint, the
 * pinned read (HAN transfer, parse, archive), and the signature check of the read-out (cold, then again).
 * Reference, measured in the same run: `openssl speed -elapsed -seconds 2 ecdsap256` (one core, wall clock).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayReadRequest } from '../src/api/dto';
import { toErrorPayload } from '../src/api/errors';
import { Engine } from '../src/engine/engine';

function opensslP256VerifyRate(): number | undefined {
  try {
    const out = execFileSync('openssl', ['speed', '-elapsed', '-seconds', '2', 'ecdsap256'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const line = out.split('\n').find((l) => /nistp256/.test(l) && /\d+\.\d+\s*$/.test(l));
    return line?.trim().split(/\s+/).map(Number).filter((n) => Number.isFinite(n)).at(-1);
  } catch {
    return undefined;
  }
}

async function timed<T>(out: (line: string) => void, label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  out(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU of this process`);
  return result;
}

/** One click on the button: start, the unpinned read (fingerprint question), the pinned read, the check. */
async function click(out: (line: string) => void, label: string): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'trudi-bench-demo-home-'));
  const engine = new Engine({ transport: 'http', archiveDir: join(home, 'archive'), configDir: join(home, 'config') });
  try {
    const demo = await timed(out, `${label} startDemoGateway`, () => engine.startDemoGateway());
    const request: GatewayReadRequest = {
      host: demo.host,
      port: demo.port,
      vendor: demo.vendor,
      gatewayId: demo.gatewayId,
      credentials: { kind: 'password', user: demo.user, password: demo.password },
    };
    const code = await timed(out, `${label} readGateway, unpinned (answers HAN_PIN_REQUIRED)`, async () => {
      try {
        await engine.readGateway(request);
        return 'read without a pin';
      } catch (error) {
        return toErrorPayload(error).code;
      }
    });
    if (code !== 'HAN_PIN_REQUIRED') out(`warning: the unpinned read answered ${code}`);
    const summary = await timed(out, `${label} readGateway, pinned (transfer, parse, archive)`, () => engine.readGateway({ ...request, pin: demo.fingerprint }));
    const first = await timed(out, `${label} verifyReadout`, () => engine.verifyReadout({ readoutId: summary.readoutId }));
    out(`  ${first.readings} readings: valid ${first.valid}, invalid ${first.invalid}, chain ${first.chain.status} (test ${first.chain.test}), cached ${first.cached}`);
    const again = await timed(out, `${label} verifyReadout again`, () => engine.verifyReadout({ readoutId: summary.readoutId }));
    out(`  cached ${again.cached}`);
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
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
    await click(out, 'cold');
    await click(out, 'warm');
    const rate = opensslP256VerifyRate();
    out(rate ? `reference openssl speed -elapsed ecdsap256: ${rate.toFixed(0)} verify/s (one core, wall clock, same run)` : 'reference openssl speed: not available');
    out(`machine load average (1 min): ${loadavg()[0]!.toFixed(2)}`);
  } finally {
    if (savedTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = savedTmp;
    rmSync(freshTmp, { recursive: true, force: true });
  }
}
