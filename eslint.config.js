import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of docs/architecture.md: calls go downward only. Each entry lists
 * the folders a layer must not import (matched in relative import paths).
 */
const LAYERS = [
  {
    name: 'calendar/, assets/, numeric/, errors/ (the shared vocabulary)',
    files: ['src/calendar/**', 'src/assets/**', 'src/numeric/**', 'src/errors/**'],
    forbidden: ['cli', 'profiling', 'bench', 'analytics', 'engine', 'data', 'indicators'],
    // The bar frequency type lives with the bar frame; calendars name it in their signatures.
    except: ['data/bar-frame'],
  },
  {
    name: 'native/ (kernels and their loader)',
    files: ['src/native/**'],
    forbidden: [
      'cli',
      'profiling',
      'bench',
      'analytics',
      'engine',
      'data',
      'indicators',
      'calendar',
      'assets',
    ],
  },
  {
    name: 'indicators/',
    files: ['src/indicators/**'],
    forbidden: ['cli', 'profiling', 'bench', 'analytics', 'engine', 'data'],
  },
  {
    name: 'data/ (sources, cache, bundles, catalog)',
    files: ['src/data/**'],
    ignores: ['src/data/portal/**'],
    forbidden: ['cli', 'profiling', 'bench', 'analytics', 'engine', 'indicators', 'portal'],
  },
  {
    name: 'data/portal/',
    files: ['src/data/portal/**'],
    forbidden: ['cli', 'profiling', 'bench', 'analytics', 'engine', 'indicators'],
  },
  {
    name: 'engine/',
    files: ['src/engine/**'],
    forbidden: ['cli', 'profiling', 'bench', 'analytics'],
    // Results are tables: the engine names the Table type, it does not call analytics.
    except: ['analytics/table'],
  },
  {
    name: 'analytics/',
    files: ['src/analytics/**'],
    forbidden: ['cli', 'profiling', 'bench'],
  },
];

export function layerBoundaries() {
  return LAYERS.map((layer) => {
    const exceptions = (layer.except ?? []).map((path) => `(?!${path}\\.js$)`).join('');
    const regex = `^(\\.\\./)+${exceptions}(${layer.forbidden.join('|')})(/|\\.js$)`;
    return {
      files: layer.files.map((glob) => `${glob}/*.ts`),
      ...(layer.ignores === undefined ? {} : { ignores: layer.ignores }),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex,
                message: `${layer.name} must not import ${layer.forbidden.join(', ')}: calls go down the layers of docs/architecture.md.`,
              },
            ],
          },
        ],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ['dist/', 'native/', 'rust/', 'node_modules/', 'profiles/', 'test/fixtures/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  ...layerBoundaries(),
  {
    // node:test's describe/it return promises that the runner itself awaits.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
