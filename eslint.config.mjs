// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TESTS = ['**/test/**', '**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.postgres-e2e-spec.ts'];

export default tseslint.config(
  {
    // Build output, caches, scratch and data directories (.gitignore), and recorded benchmark results.
    ignores: ['**/node_modules/', '**/dist/', '**/coverage/', '**/data/', '**/.cache/', '**/.tmp/', '**/.demo/', 'bench/results/'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks a deliberately unused name (a rest-sibling left out, a decorated parameter, a type-level check).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // async without await is how interface methods and handlers here return promises (and turn throws into rejections).
      '@typescript-eslint/require-await': 'off',
      // Wire-protocol numbers (codec ids, HTTP statuses) are compared against the enums that name them.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // String(unknown) is the deliberate way log lines and views print values of unknown shape.
      '@typescript-eslint/no-base-to-string': 'off',
      // Callbacks and context objects are plain function properties declared with method syntax; none uses `this`.
      '@typescript-eslint/unbound-method': 'off',
      // A caught error kept to rethrow after cleanup is rethrown as it was (typed `{}` after its undefined check).
      '@typescript-eslint/only-throw-error': 'off',
      // pg awaits onConnect and UI handlers chain .then(ok, fail) themselves: a promise where void is typed is handled.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // The errors rethrown with a friendlier message already carry the cause's text; adding `cause` would change what is printed.
      'preserve-caught-error': 'off',
    },
  },
  {
    files: TESTS,
    rules: {
      // Test code reads supertest's `response.body` and JSON.parse results, which their typings give as `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests load kafkajs's untyped protocol codecs by computed path and re-run a main module through require's cache.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The console's browser code (bundled by esbuild; its own tsconfig with the DOM lib).
    files: ['apps/console/src/ui/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Plain CommonJS scripts and jest configs: in no tsconfig, so no type information.
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      // CommonJS is what these files are: node runs them directly and jest loads its config with require.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // Last: turns off the stylistic rules that Prettier owns.
  prettier,
);
