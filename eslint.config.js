// Lint: JavaScript's and typescript-eslint's recommended rules (the ones that need no type
// information, so a run stays within seconds). The layering is checked by test/architecture.test.ts.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const NODE_GLOBALS = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  setImmediate: 'readonly',
  performance: 'readonly',
}

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'bench/results/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: NODE_GLOBALS } },
  {
    rules: {
      // A leading underscore marks what is left unused on purpose (a parameter a signature
      // needs, a field taken out of an object by destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  // Tests read JSON answers of every shape; migrations are frozen against Kysely<any>, as
  // Kysely's own migration guide writes them.
  {
    files: ['test/**', 'src/store/migrations/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
