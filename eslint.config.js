// ESLint (npm run lint:eslint): the recommended rules of ESLint and of typescript-eslint, with type
// information, and above all the promise rules: a request or a cleanup that nobody awaits, or an
// async callback where a sync one is expected, is how a dry-run leaves a full cart behind.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'generated/',
      'node_modules/',
      'sandbox/',
      'extension/',
      'reports/*/',
      '!reports/templates/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      '.cache/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // tsconfig.json's project for the .ts files; a default one for the JavaScript config files.
        projectService: { allowDefaultProject: ['*.js', '*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test() and describe() return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Passing on a reason we were handed (an abort signal's, a caught one) is fine; inventing a non-Error is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Playwright fixtures that need no other fixture are written `async ({}, use) => ...`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],

      // Off, each for a reason:
      // results.json, site files, OpenAPI documents and store answers are parsed into any/unknown and
      // checked by hand or by schema; these rules flag every read of such a value, not bugs.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // An audit's run() or a fake fetch is async to fit its interface, awaiting nothing: not a bug.
      '@typescript-eslint/require-await': 'off',
      // Style, not bugs.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'no-regex-spaces': 'off', // tests match printed output, two spaces and all
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
