// Lint configuration (ESLint 9 flat config). Recommended rules only, and no type-aware rules,
// so `npm test` stays cheap; every adjustment below says why.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'golden/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mjs,js}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `const { dropped: _, ...rest } = x` is how we omit a field; an underscore marks "unused on purpose".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // XML 1.0 cannot carry control characters, so the JUnit writer strips them with a control-character class.
    files: ['src/properties/report/machine.ts'],
    rules: { 'no-control-regex': 'off' },
  },
);
