// ESLint: typescript-eslint's recommended rules, and the import directions of STYLE.md as errors.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', '.tmp/**', 'node_modules/**', 'clients/typescript/dist/**', 'clients/typescript/src/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-undef': 'off',
    },
  },
  // The layers (STYLE.md): domain is pure; flows call repositories and domain functions; SQL lives in adapters/db.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/flows/**', '**/adapters/**', '**/engine/**'], message: 'domain is pure: it imports nothing of flows, adapters or engine' },
            { group: ['kysely', 'kysely/*', 'fastify', 'fastify/*', '@fastify/*'], message: 'domain is pure: no database or HTTP library' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/flows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/adapters/http/**', '**/engine/**'], message: 'flows are called by http and engine, never the other way round' },
            { group: ['kysely', 'kysely/*'], allowTypeImports: true, message: 'flows write no SQL: call a repository in src/adapters/db' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/adapters/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/flows/**', '**/engine/**', '**/adapters/http/**', '../http/**'], message: 'repositories import only domain types and db' }],
        },
      ],
    },
  },
  {
    files: ['src/schemas/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters/**', '**/flows/**', '**/engine/**'],
              message: 'API schemas are shared with the web: they import only domain lists and each other',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/adapters/http/**'], message: 'the engine does not call HTTP routes' }] }],
    },
  },
  {
    files: ['src/flows/**/*.ts', 'src/engine/**/*.ts', 'src/demo/**/*.ts', 'src/adapters/http/**/*.ts', 'src/schemas/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|selectNoFrom|with)$/]',
          message: 'SQL belongs in a repository (src/adapters/db); flows and engine call repository functions',
        },
      ],
    },
  },
  // Migrations are frozen against Kysely<any>: they must not follow later changes of the table types.
  { files: ['src/adapters/db/migrations/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
