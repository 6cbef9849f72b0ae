import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: 'src/ and renderer/ must run without Electron: only main/ may import it.' }],
      patterns: [{ group: ['electron/*'], message: 'src/ and renderer/ must run without Electron: only main/ may import it.' }],
    },
  ],
};

const ELECTRON_MESSAGE = 'src/ and renderer/ must run without Electron: only main/ may import it.';
const ISSUING_MESSAGE =
  'Certificate issuing, key derivation and the PKCS#12 writer belong to the simulator and tests (src/simulator/pki); production code under src/ only verifies.';
/** noElectron plus: production code under src/ does not import the simulator's issuing code. */
const noElectronNoIssuing = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: ELECTRON_MESSAGE }],
      patterns: [
        { group: ['electron/*'], message: ELECTRON_MESSAGE },
        { group: ['**/simulator/pki/certificate-builder', '**/simulator/pki/keys', '**/simulator/pki/pkcs12-writer'], message: ISSUING_MESSAGE },
      ],
    },
  ],
};

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
  { files: ['renderer/**/*.ts', 'renderer/**/*.vue'], languageOptions: { globals: { ...globals.browser } } },
);
