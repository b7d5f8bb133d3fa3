// The layer boundaries of docs/architecture.md, as eslint.config.js enforces
// them: a deliberate violation in each layer is reported, legal imports are not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error: the ESLint config is plain JavaScript without declarations.
import { layerBoundaries } from '../../eslint.config.js';

const linter = new Linter({ configType: 'flat' });
const config = [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  ...(layerBoundaries as () => Linter.Config[])(),
];

function problems(file: string, code: string): string[] {
  return linter.verify(code, config, file).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('layer boundaries (eslint no-restricted-imports)', () => {
  const violations: [string, string][] = [
    [
      'src/calendar/xnys.ts',
      "import { runAlgorithm } from '../engine/algorithm/run-algorithm.js';",
    ],
    ['src/numeric/rounding.ts', "import { CsvSource } from '../data/sources/csv-source.js';"],
    ['src/assets/asset.ts', "import { sma } from '../indicators/index.js';"],
    ['src/errors/rustybt-error.ts', "import { buildProgram } from '../cli/program.js';"],
    ['src/native/loader.ts', "import { getCalendar } from '../calendar/index.js';"],
    ['src/indicators/sma.ts', "import type { BarData } from '../engine/algorithm/bar-data.js';"],
    ['src/data/sources/csv-source.ts', "import { Broker } from '../../engine/broker.js';"],
    ['src/data/cache/cache-index.ts', "import { BarStore } from '../portal/bar-store.js';"],
    ['src/data/portal/bar-store.ts', "import { Ledger } from '../../engine/ledger/ledger.js';"],
    ['src/engine/broker.ts', "import { exportResults } from '../analytics/results-export.js';"],
    ['src/analytics/table.ts', "import { runFromFlags } from '../cli/commands/run-action.js';"],
  ];
  for (const [file, code] of violations) {
    it(`reports ${file}: ${code}`, () => {
      const found = problems(file, code);
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0], /^no-restricted-imports: .* must not import .*docs\/architecture\.md/);
    });
  }

  const legal: [string, string][] = [
    ['src/calendar/always-open.ts', "import type { Frequency } from '../data/bar-frame.js';"],
    ['src/engine/algorithm/results.ts', "import type { Table } from '../../analytics/table.js';"],
    ['src/engine/broker.ts', "import { getCalendar } from '../calendar/index.js';"],
    ['src/data/sources/csv-source.ts', "import { DataError } from '../../errors/index.js';"],
    [
      'src/cli/commands/run-action.ts',
      "import { runAlgorithm } from '../../engine/algorithm/run-algorithm.js';",
    ],
    ['src/numeric/mark-backend.ts', "import { kernels } from '../native/backend.js';"],
  ];
  for (const [file, code] of legal) {
    it(`allows ${file}: ${code}`, () => {
      assert.deepEqual(problems(file, code), []);
    });
  }
});
