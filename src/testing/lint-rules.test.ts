import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../project-paths';

describe('lint rules', () => {
  const eslint = new ESLint({ cwd: PROJECT_ROOT });
  const electronImport = "import { app } from 'electron';\nexport const a = app;\n";

  it.each(['src/engine/x.ts', 'renderer/src/x.ts'])('forbids importing electron in %s', async (filePath) => {
    const [result] = await eslint.lintText(electronImport, { filePath });
    expect(result!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  const issuingImport = "import { issueCertificate } from '../simulator/pki/certificate-builder';\nexport const a = issueCertificate;\n";
  it.each(['src/crypto/x.ts', 'src/engine/x.ts', 'src/han/x.ts', 'src/cli/x.ts'])('forbids importing certificate issuing code in production code %s', async (filePath) => {
    const [result] = await eslint.lintText(issuingImport, { filePath });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)).toEqual([expect.stringContaining('production code under src/ only verifies')]);
    const [keys] = await eslint.lintText("import { deriveKeyPair } from '../simulator/pki/keys';\nexport const k = deriveKeyPair;\n", { filePath });
    expect(keys!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    // Signing (what a gateway does) is issuing too: the simulator's, never production's.
    const [signing] = await eslint.lintText("import { signMessage } from '../simulator/pki/sign-message';\nexport const s = signMessage;\n", { filePath });
    expect(signing!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    // The Electron rule still holds there.
    const [electron] = await eslint.lintText(electronImport, { filePath });
    expect(electron!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it.each(['src/simulator/gateway/x.ts', 'src/han/tls/testing/x.ts', 'src/crypto/x.test.ts', 'src/testing/x.ts'])('allows issuing code in the simulator, testing folders and tests (%s)', async (filePath) => {
    const [result] = await eslint.lintText(issuingImport, { filePath });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });

  const sampleImport = "import { generateSampleDocument } from '../simulator/sample/sample-document';\nexport const g = generateSampleDocument;\n";
  it.each(['src/formats/x.ts', 'src/engine/x.ts', 'src/archive/x.ts', 'src/analysis/x.ts'])('forbids importing the sample generator in the production layer %s', async (filePath) => {
    const [result] = await eslint.lintText(sampleImport, { filePath });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)).toEqual([expect.stringContaining('production layers do not build documents with it')]);
    // The issuing rule still holds there.
    const [issuing] = await eslint.lintText(issuingImport, { filePath });
    expect(issuing!.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it.each(['src/cli/x.ts', 'src/simulator/gateway/x.ts', 'src/formats/x.test.ts', 'src/testing/x.ts'])('allows the sample generator in the CLI, the simulator and tests (%s)', async (filePath) => {
    const [result] = await eslint.lintText(sampleImport, { filePath });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });

  it('allows it in the Electron shell (main/)', async () => {
    const [result] = await eslint.lintText(electronImport, { filePath: 'main/x.ts' });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
