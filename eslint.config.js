// Flat config: typescript-eslint (type-aware), react-hooks for the renderer,
// and the architecture's import boundaries as lint rules.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importBoundaries } from './eslint-rules/importBoundaries.js';

/** The supervisor, server, CLI and pty host run without Electron (docs/ARCHITECTURE.md). */
const NO_ELECTRON = {
  paths: [
    {
      name: 'electron',
      message:
        'Only main/electron and preload/index.ts may import electron (docs/ARCHITECTURE.md).',
    },
  ],
};

/** The contract's one door: its index (`preload/contract` resolves to it). */
const CONTRACT_INDEX = ['preload/contract', 'preload/contract/index'];

/**
 * Which part may import which (docs/ARCHITECTURE.md, "Who imports whom"),
 * checked on the resolved path of every relative import.
 */
const BOUNDARIES = [
  {
    from: ['main/core'],
    forbid: ['main/pty', 'main/server', 'main/shell', 'main/electron', 'renderer'],
    message:
      'main/core is the supervisor under plain Node: it knows no terminal host, server, shell, Electron or page; pass what it needs in from above.',
  },
  {
    from: ['renderer', 'test/unit/renderer'],
    forbid: ['main', 'preload'],
    allow: CONTRACT_INDEX,
    message:
      'The renderer talks only to the API: outside renderer/ it imports preload/contract (the index) and nothing else.',
  },
  {
    from: [''],
    notFrom: ['preload/contract'],
    forbid: ['preload/contract'],
    allow: CONTRACT_INDEX,
    message: 'Import the contract from its index (preload/contract), not from the files behind it.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '.scratch/',
      'screenshots/',
      'out/',
      'dist/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      '.bench/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='shell'][value.value=true]",
          message: 'Never run through a shell: spawn/execFile with an argument array.',
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { loopwatch: { rules: { 'import-boundaries': importBoundaries } } },
    rules: {
      'loopwatch/import-boundaries': [
        'error',
        { root: import.meta.dirname, boundaries: BOUNDARIES },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: { 'no-restricted-imports': ['error', NO_ELECTRON] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/unit/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          // Relative imports out of the renderer: the import-boundaries rule above.
          patterns: [
            { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    // vitest's asymmetric matchers are typed `any`, and mocks are unbound methods.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
);
