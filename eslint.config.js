import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const ELECTRON_MESSAGE = 'src/ and renderer/ must run without Electron: only main/ may import it.';
const ISSUING_MESSAGE =
  'Certificate issuing, key derivation and the PKCS#12 writer belong to the simulator and tests (src/simulator/pki); production code under src/ only verifies.';
const SAMPLE_MESSAGE =
  'The sample document generator (src/simulator/sample) serves the simulator, `trudi sample` (src/cli/sample.ts), tests and benches; production layers do not build documents with it.';

/** no-restricted-imports: never Electron, plus the given pattern groups. */
function restrictedImports(...patterns) {
  return {
    'no-restricted-imports': [
      'error',
      { paths: [{ name: 'electron', message: ELECTRON_MESSAGE }], patterns: [{ group: ['electron/*'], message: ELECTRON_MESSAGE }, ...patterns] },
    ],
  };
}

const ISSUING = { group: ['**/simulator/pki/certificate-builder', '**/simulator/pki/keys', '**/simulator/pki/pkcs12-writer', '**/simulator/pki/sign-message'], message: ISSUING_MESSAGE };
const SAMPLE = { group: ['**/simulator/sample/sample-document', '**/simulator/sample/sample-certificate'], message: SAMPLE_MESSAGE };
const noElectron = restrictedImports();
/** Production code under src/ does not import the simulator's issuing code. */
const noElectronNoIssuing = restrictedImports(ISSUING);
/** The production layers below the CLI do not import the sample generator either. */
const noElectronNoIssuingNoSample = restrictedImports(ISSUING, SAMPLE);

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'vue/multi-word-component-names': 'off',
    },
  },
  { files: ['src/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.vue'], rules: noElectron },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/simulator/**', 'src/testing/**', 'src/**/testing/**', 'src/**/*.test.ts'],
    rules: noElectronNoIssuing,
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/simulator/**', 'src/testing/**', 'src/**/testing/**', 'src/**/*.test.ts', 'src/cli/**'],
    rules: noElectronNoIssuingNoSample,
  },
  { files: ['renderer/**/*.ts', 'renderer/**/*.vue'], languageOptions: { globals: { ...globals.browser } } },
);
