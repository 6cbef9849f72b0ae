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

  it('allows it in the Electron shell (main/)', async () => {
    const [result] = await eslint.lintText(electronImport, { filePath: 'main/x.ts' });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
