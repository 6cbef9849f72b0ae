/** The CLI on signed exports: the real PPC K461 export (../shared/conformance/ppc/, read in place) and a simulated CMS. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../analysis/testing/run-cli';
import { certificatePem, createTestPki } from '../simulator/pki/test-pki';
import { ppcExportCms, ppcSignedMessage, signPpcReading } from '../simulator/gateway/ppc-export';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { EXIT } from './command';

const REAL = conformancePath('ppc', 'k461_exportMeterValues_2025-10-26.xml');

describe.skipIf(!HAS_CONFORMANCE)(`trudi on the real PPC export${HAS_CONFORMANCE ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, () => {
  it('verify --json: 206 readings, 206 signatures match, none invalid, none valid; exit non-zero (signer not established)', async () => {
    const { code, stdout } = await runCli(['verify', REAL, '--json', '--no-test-roots']);
    const json = JSON.parse(stdout) as Record<string, number>;
    expect(json).toMatchObject({ readings: 206, signatureMatches: 206, invalid: 0, valid: 0 });
    expect(code).toBe(EXIT.findings);
  });

  it('consumption: the 25-hour day with 100 quarter hours per channel', async () => {
    const { code, stdout } = await runCli(['consumption', REAL, '--json', '--from', '2025-10-26', '--to', '2025-10-27']);
    expect(code).toBe(EXIT.ok);
    const json = JSON.parse(stdout) as { days: { date: string; hours: number; channels: { obis: string; expected: number; values: number; gaps: number }[] }[] };
    const day = json.days.find((d) => d.date === '2025-10-26')!;
    expect(day.hours).toBe(25);
    expect(day.channels.map((c) => [c.obis, c.expected, c.values, c.gaps])).toEqual([
      ['1-0:1.8.0*255', 100, 100, 0],
      ['1-0:2.8.0*255', 100, 100, 0],
    ]);
  });

  it('inspect reads it as a read-out', async () => {
    const { code, stdout } = await runCli(['inspect', REAL, '--json']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('0100010800ff.1lgz0072999211.sm');
  });
});

describe('trudi verify on a simulated PPC signed export (.cms)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-ppc-cms-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pki = createTestPki({ gatewayId: 'EPPC0012345678' });
  const logicalName = '0100010800ff.1lgz0012345678.sm';
  const e = { value: 1234, scaler: -1, unit: 30, status: 0, captureTime: '2025-10-26T23:00:01Z' };
  const cms = ppcExportCms(
    { objectId: '01005e31803c.1lgz0012345678.sm', columns: [{ logicalName, entries: [{ ...e, signature: signPpcReading(pki.gatewaySignature.key, ppcSignedMessage(logicalName, e)) }] }] },
    { certificate: pki.gatewaySignature.certificate, key: pki.gatewaySignature.key, chain: [pki.subCa.certificate] },
    new Date(Date.UTC(2026, 0, 5)),
  );
  const file = join(dir, 'export.cms');
  writeFileSync(file, cms);
  const rootFile = join(dir, 'root.pem');
  writeFileSync(rootFile, certificatePem(pki.root));

  it('valid with the root given by --trust, the file untouched', async () => {
    const { code, stdout } = await runCli(['verify', file, '--json', '--no-test-roots', '--trust', rootFile]);
    expect(JSON.parse(stdout)).toMatchObject({ readings: 1, valid: 1, signatureMatches: 1 });
    expect(code).toBe(EXIT.ok);
    expect(readFileSync(file)).toEqual(Buffer.from(cms));
  });
});

describe.skipIf(!HAS_CONFORMANCE)(`trudi verify --reading on the real PPC export${HAS_CONFORMANCE ? '' : ` (${CONFORMANCE_SKIP_REASON})`}`, () => {
  it('shows the fields, the exact message, hash, key, r and s, and the verdict with its reason', async () => {
    const { code, stdout } = await runCli(['verify', REAL, '--reading', '103', '--channel', '1-0:1.8.0*255', '--json', '--no-test-roots']);
    expect(code).toBe(EXIT.findings);
    const detail = JSON.parse(stdout) as { message: { text: string; hex: string }; hash: { hex: string }; verdict: string; signature: { s: string; highS: boolean } };
    expect(detail.message.text).toBe('0100010800ff.1lgz0072999211.sm02025-10-26T23:00:01Z18313980-130');
    expect(Buffer.from(detail.message.hex, 'hex').toString('latin1')).toBe(detail.message.text);
    expect(detail.hash.hex).toBe('4d9b2d159560d8048e28a2ee1360e389d5003ac3a8cb91e7f072995f54840df1');
    expect(detail.verdict).toBe('signerNotEstablished');
    const text = await runCli(['verify', REAL, '--reading', '103', '--channel', '1-0:1.8.0*255', '--no-test-roots']);
    expect(text.stdout).toMatch(/public key \(carried only inside the signature\)/);
    expect((await runCli(['verify', REAL, '--reading', '104', '--no-test-roots'])).code).toBe(EXIT.usage);
  });
});
