// Lint for mistakes, not style (prettier owns layout). The room rules keep the architecture honest: the engine
// never imports electron or a host, the contract stays pure, the UI reaches the engine only through the contract.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const restrict = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-control-regex': 'off',
      // An escaped '-' in a character class reads safely wherever it stands; keep it.
      'no-useless-escape': 'off',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': restrict(
        ['**/engine/**', '**/hosts/**', 'node:*', 'electron'],
        'the UI talks to the engine only through src/contract',
      ),
    },
  },
  {
    // Functions these files hand to page.evaluate run in Chromium.
    files: ['bench/ui.bench.mjs', 'test/ui/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(['electron', '**/hosts/**', '**/ui/**'], 'the engine never imports electron, a host or the UI'),
    },
  },
  {
    // Ingest's reader thread (its own bundle entry) reads files and nothing else: no SQLite, no engine module.
    files: ['src/engine/ingest/reader-thread.ts', 'src/engine/ingest/read-batch.ts', 'src/engine/ingest/reader-protocol.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['electron', 'better-sqlite3', '../*', '**/store/**'],
        'the reader thread stays pure: Node built-ins and its own protocol only',
      ),
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['node:*', 'electron', '**/engine/**', '**/hosts/**', '**/ui/**'],
        'the contract is pure TypeScript',
      ),
    },
  },
);
