import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRelease } from '../../src/engine/release-info';
import { versionText } from '../../src/cli/version';
import { writeReleaseManifest } from './release-manifest';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-manifest-'));
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'lib', 'cli.js'), 'console.log(1)\n');
  writeFileSync(join(dir, 'package.json'), '{"name":"trudi","version":"9.9.9"}');
  return dir;
}

describe('release manifest of the engine folder', () => {
  it('lists every file in sha256sum format and hashes the list; sha256sum -c agrees', () => {
    const dir = folder();
    const release = writeReleaseManifest(dir, { name: 'trudi', version: '9.9.9', target: 'linux-x64', node: '22.23.2' });
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    expect(sums.split('\n').filter(Boolean).map((line) => line.split('  ')[1])).toEqual(['lib/cli.js', 'package.json']);
    expect(release.sha256).toBe(createHash('sha256').update(sums).digest('hex'));
    expect(release.files).toBe(2);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toMatch(/lib\/cli.js: OK\npackage.json: OK/);
  });

  it('changes its hash when any shipped file changes', () => {
    const dir = folder();
    const first = writeReleaseManifest(dir, { name: 'trudi', version: '9.9.9', target: 'linux-x64', node: '22.23.2' });
    writeFileSync(join(dir, 'lib', 'cli.js'), 'console.log(2)\n');
    const second = writeReleaseManifest(dir, { name: 'trudi', version: '9.9.9', target: 'linux-x64', node: '22.23.2' });
    expect(second.sha256).not.toBe(first.sha256);
  });

  it('is what the packaged engine reports (release.json), and nothing when running from sources', () => {
    const dir = folder();
    const release = writeReleaseManifest(dir, { name: 'trudi', version: '9.9.9', target: 'win32-x64', node: '22.23.2' });
    expect(readRelease(dir, true)).toEqual({ target: 'win32-x64', sha256: release.sha256, files: 2 });
    expect(readRelease(dir, false)).toBeUndefined();
    writeFileSync(join(dir, 'release.json'), '{"sha256":"not a hash","target":"x"}');
    expect(readRelease(dir, true)).toBeUndefined();
  });

  it('trudi --version names app, Node, OpenSSL and the hash, or says it is a development build', () => {
    const base = { name: 'trudi', version: '1.2.3', node: '22.23.2', openssl: '3.5.7', brainpool: true, transport: 'in-process' as const };
    const packaged = versionText({ ...base, release: { target: 'linux-x64', sha256: 'ab'.repeat(32), files: 57 } });
    expect(packaged).toContain('TRuDI 1.2.3');
    expect(packaged).toContain('Node.js 22.23.2, OpenSSL 3.5.7');
    expect(packaged).toContain(`SHA-256 ${'ab'.repeat(32)} over 57 shipped files`);
    expect(versionText(base)).toContain('build: development');
    expect(versionText({ ...base, brainpool: false })).toContain('NO brainpool');
  });
});
