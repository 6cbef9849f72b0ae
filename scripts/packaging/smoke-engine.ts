/**
 * `npm run test:engine`: the packaged engine folder (dist/engine, from `npm run package:engine`) copied into an
 * empty folder and run there with no Node on the PATH: `trudi --version`, `trudi sample`, `trudi verify` (every
 * reading valid, so its worker threads run from the bundle), `trudi serve` serving the app and its API, and the
 * compiled sidecar answering over IPC. Prints one line per check and "N passed, N failed".
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startWebMode } from '../../e2e/fixtures/web-mode';
import { SidecarClient } from '../../src/engine/sidecar-client';
import { RUNTIME, hostTarget } from './node-runtime';
import { ROOT } from './paths';
import type { ReleaseInfo } from './release-manifest';

const source = process.argv[2] ?? join(ROOT, 'dist', 'engine');
if (!existsSync(join(source, 'release.json'))) {
  console.error(`No packaged engine at ${source}: run "npm run package:engine" first.`);
  process.exit(1);
}

const results: { name: string; error?: string }[] = [];
async function check(name: string, body: () => unknown): Promise<void> {
  const started = Date.now();
  try {
    await body();
    results.push({ name });
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.push({ name, error: message });
    console.log(`FAIL ${name}: ${message}`);
  }
}
function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const sandbox = mkdtempSync(join(tmpdir(), 'trudi-engine-smoke-'));
const engine = join(sandbox, 'TRuDI engine');
cpSync(source, engine, { recursive: true });
const home = join(sandbox, 'home');
// The PATH without any folder that holds a node: the copy must use its own runtime.
const path = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir && !existsSync(join(dir, 'node')) && !existsSync(join(dir, 'node.exe')))
  .join(delimiter);
const env: NodeJS.ProcessEnv = { PATH: path, HOME: home, TRUDI_HOME: home, LANG: 'C.UTF-8' };
const launcher = join(engine, process.platform === 'win32' ? 'trudi.cmd' : 'trudi');
const trudi = (args: string[]) => execFileSync(launcher, args, { cwd: sandbox, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
const release = JSON.parse(readFileSync(join(engine, 'release.json'), 'utf8')) as ReleaseInfo;

try {
  await check('no node on the PATH of the checks', () => {
    const found = execFileSync('/bin/sh', ['-c', 'command -v node || true'], { env, encoding: 'utf8' }).trim();
    assert(found === '', `node is still reachable at ${found}`);
  });

  await check('the folder is the pinned runtime for this machine, with nothing of the sources', () => {
    assert(release.target === hostTarget() && release.node === RUNTIME.version, `release.json says ${release.target} / Node ${release.node}`);
    const sums = readFileSync(join(engine, 'SHA256SUMS'), 'utf8');
    assert(!/\.ts$|\.vue$|node_modules\/|\.map$/m.test(sums), 'TypeScript sources, Vue files, node_modules or source maps are in the folder');
    assert(statSync(launcher).mode & 0o111, 'the launcher is not executable');
  });

  await check('trudi --version names the app, Node, OpenSSL and the release hash', () => {
    const out = trudi(['--version']);
    assert(out.includes(`TRuDI ${release.version}`), out);
    assert(out.includes(`Node.js ${RUNTIME.version}`), `not the pinned runtime: ${out}`);
    assert(/OpenSSL 3\.[5-9]/.test(out), `OpenSSL below 3.5: ${out}`);
    assert(out.includes(release.sha256), `release hash missing: ${out}`);
  });

  const sample = join(sandbox, 'sample.xml');
  await check('trudi sample writes a signed brainpool document', () => {
    trudi(['sample', '--months', '1', '--channels', 'import', '--curve', 'brainpoolP256r1', '--start', '2025-03', '--out', sample]);
    assert(statSync(sample).size > 100_000, 'sample file too small');
  });

  await check('trudi verify finds every reading valid with the TEST roots trusted explicitly (worker threads from the bundle)', () => {
    const help = trudi(['verify', '--help']);
    // Issue 9 replaces the default trust in TEST roots by an explicit --test-roots flag.
    const testRoots = help.includes('--test-roots') && !help.includes('--no-test-roots') ? ['--test-roots'] : [];
    const report = JSON.parse(trudi(['verify', sample, '--json', ...testRoots])) as { summary?: { total?: number; valid?: number; invalid?: number } } & Record<string, unknown>;
    const text = JSON.stringify(report);
    const summary = (report.summary ?? report) as { total?: number; valid?: number; invalid?: number };
    assert(typeof summary.valid === 'number' && summary.valid > 2000, `valid count missing: ${text.slice(0, 400)}`);
    assert(summary.invalid === 0, `invalid readings: ${text.slice(0, 400)}`);
  });

  await check('the archive opens on the bundled runtime through node:sqlite (no native add-on)', () => {
    const dir = join(sandbox, 'archive');
    trudi(['archive', 'delete', dir, '--all']);
    const out = trudi(['archive', 'check', dir]);
    assert(/consistent \(schema version \d+, node:sqlite\)/.test(out), out);
    const listed = JSON.parse(trudi(['archive', 'list', dir, '--json'])) as { gateways: unknown[] };
    assert(Array.isArray(listed.gateways) && listed.gateways.length === 0, JSON.stringify(listed));
  });

  await check('trudi serve serves the app and the API on 127.0.0.1', async () => {
    const web = await startWebMode({ command: launcher, args: ['serve', '--port', '0'], cwd: sandbox, env });
    try {
      const page = await fetch(`${web.origin}/`);
      const html = await page.text();
      assert(page.ok && html.includes('<div id="app"'), `index.html not served (${page.status})`);
      const script = /src="([^"]+\.js)"/.exec(html)?.[1];
      assert(script && (await fetch(new URL(script, web.origin))).ok, 'the app script is not served');
      const answer = await fetch(`${web.origin}/api/call/getEngineInfo`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${web.token}`, 'Content-Type': 'application/json' },
        body: '{"args":[]}',
      });
      const info = ((await answer.json()) as { result: { node: string; release?: { sha256: string }; transport: string } }).result;
      assert(info.node === RUNTIME.version && info.release?.sha256 === release.sha256 && info.transport === 'http', JSON.stringify(info));
    } finally {
      await web.stop();
    }
  });

  await check('the compiled sidecar answers over IPC on the bundled runtime', async () => {
    const client = new SidecarClient({ nodePath: join(engine, 'runtime', process.platform === 'win32' ? 'node.exe' : 'node'), entry: join(engine, 'lib', 'sidecar.js'), maxRestarts: 0 });
    try {
      const info = await client.api.getEngineInfo();
      assert(info.transport === 'ipc' && info.node === RUNTIME.version && info.brainpool, JSON.stringify(info));
      const demo = await client.api.openDemo();
      const series = await client.api.getSeries({ readoutId: demo.readoutId, resolution: 'month' });
      assert(series.points.length === 12, `demo series has ${series.points.length} months`);
    } finally {
      await client.stop();
    }
  });
} finally {
  rmSync(sandbox, { recursive: true, force: true });
}

const failed = results.filter((r) => r.error).length;
console.log(`\nengine smoke test of ${source} (${release.target}, Node ${release.node}, SHA-256 ${release.sha256.slice(0, 16)}…)`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
