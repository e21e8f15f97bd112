// Flat config: typescript-eslint's recommended rules over the TypeScript sources, tests and scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'test-output/**', 'packages/**', 'assets/**', '**/*.cjs', '**/*.js', '**/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'no-undef': 'off', // TypeScript checks names; the rule does not know DOM/Node globals per file
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Getters handed to another object keep a named reference to their owner.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self', 'host'] }],
      // Defensive initial values before try/catch are a deliberate style here.
      'no-useless-assignment': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
    },
  },
);
