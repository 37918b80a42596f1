// Lint of the sources: typescript-eslint's recommended rules, without type information so that it
// runs in seconds (types are `npm run typecheck`'s). Formatting is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'data/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks what is unused on purpose (a destructured field left out, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  // Build, start and benchmark scripts run on Node.
  { files: ['**/*.mjs', '**/*.cjs', 'scripts/**', 'bench/**'], languageOptions: { globals: globals.node } },
  // The console and dashboard pages run in the browser, with the vendored libraries their pages load
  // by <script> (server/package-file.ts serves them from node_modules).
  {
    files: ['console/**/*.js', 'dashboard/**/*.js'],
    languageOptions: {
      globals: { ...globals.browser, graphqlWs: 'readonly', qrcode: 'readonly', echarts: 'readonly' },
      sourceType: 'module',
    },
  },
  // Tests read response bodies whose shape the assertions check.
  { files: ['tests/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
