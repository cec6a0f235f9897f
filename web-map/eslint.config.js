// ESLint 10 flat config (`npm run lint`, also run by the Maven build of web-map): the
// recommended rules for our own modules; the vendored libraries are not linted (build output).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/', 'target/'] },
  js.configs.recommended,
  {
    files: ['src/**/*.js'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      // the vendored libraries are classic scripts that set these globals
      globals: { ...globals.browser, L: 'readonly', protomapsL: 'readonly', Chart: 'readonly' },
    },
  },
  {
    files: ['test/**/*.mjs', 'tools/**/*.mjs', '*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
  },
  {
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
];
