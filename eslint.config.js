// ESLint (npm run lint:eslint): the recommended rules of ESLint and of typescript-eslint, with type
// information, and above all the promise rules: a request or a cleanup that nobody awaits, or an
// async callback where a sync one is expected, is how a dry-run leaves a full cart behind.
// It is the formatter too (@stylistic, `npx eslint --fix .`): the style the code was written in.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

const style = stylistic.configs.customize({ semi: true, braceStyle: '1tbs', arrowParens: true, quoteProps: 'as-needed', jsx: false });

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
  style,
  {
    rules: {
      // Chained conditions read as a table: `cond ? a` / `: cond ? b` / `: c`, each at the same indent.
      '@stylistic/indent': ['error', 2, { ...style.rules['@stylistic/indent'][2], flatTernaryExpressions: true, offsetTernaryExpressions: false }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      // `+`, `&&`, `=` end a broken line; `?`, `:` and a union's `|` start one.
      '@stylistic/operator-linebreak': ['error', 'after', { overrides: { '?': 'before', ':': 'before', '|': 'before', '&': 'before' } }],
      '@stylistic/max-statements-per-line': ['error', { max: 1, ignoredNodes: ['BreakStatement'] }],
      // Messages and test expectations are written whole, so strings, templates and comments may run on.
      '@stylistic/max-len': ['error', { code: 180, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true, ignoreComments: true }],
      // Off: one item per line in long lists, and every multi-line ternary broken at `?`, would rewrite much and fix nothing.
      '@stylistic/list-style': 'off',
      '@stylistic/multiline-ternary': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
