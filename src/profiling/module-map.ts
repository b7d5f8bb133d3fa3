/** Where a function's time is booked: the engine module of its source file. */
export type ProfileModule =
  | 'data loading'
  | 'data portal'
  | 'blotter'
  | 'ledger'
  | 'models'
  | 'metrics'
  | 'indicators'
  | 'strategy code'
  | 'numeric'
  | 'native boundary'
  | 'rust core'
  | 'engine loop'
  | 'calendar'
  | 'GC'
  | 'other';

/** What kind of work a function's self time is. */
export type BottleneckCategory =
  | 'decimal arithmetic'
  | 'loops'
  | 'data processing'
  | 'indicator calculation'
  | 'I/O'
  | 'allocation and GC'
  | 'native boundary crossings'
  | 'other';

/** All modules, in report order. */
export const PROFILE_MODULES: readonly ProfileModule[] = [
  'data loading',
  'data portal',
  'blotter',
  'ledger',
  'models',
  'metrics',
  'indicators',
  'strategy code',
  'numeric',
  'native boundary',
  'rust core',
  'engine loop',
  'calendar',
  'GC',
  'other',
];

/** All categories, in report order. */
export const BOTTLENECK_CATEGORIES: readonly BottleneckCategory[] = [
  'decimal arithmetic',
  'loops',
  'data processing',
  'indicator calculation',
  'I/O',
  'allocation and GC',
  'native boundary crossings',
  'other',
];

/**
 * The mapping rules, first match wins, tested against the script path relative
 * to the repository (`src/...`, `node_modules/...`, `node:...`). The report
 * prints this table, so the rules and the documentation cannot drift apart.
 */
export const MODULE_RULES: readonly {
  pattern: RegExp;
  module: ProfileModule;
  category: BottleneckCategory;
}[] = [
  { pattern: /^src\/data\/portal\//, module: 'data portal', category: 'data processing' },
  {
    pattern: /^src\/engine\/algorithm\/bar-data\./,
    module: 'data portal',
    category: 'data processing',
  },
  { pattern: /^src\/engine\/algorithm\/market-data\./, module: 'data loading', category: 'I/O' },
  { pattern: /^src\/data\//, module: 'data loading', category: 'I/O' },
  {
    pattern: /^node_modules\/(@duckdb|better-sqlite3|apache-arrow|parquet)/,
    module: 'data loading',
    category: 'I/O',
  },
  { pattern: /^node:(fs|internal\/fs)/, module: 'data loading', category: 'I/O' },
  { pattern: /^src\/engine\/(blotter|orders|controls)\//, module: 'blotter', category: 'loops' },
  { pattern: /^src\/engine\/(simulated-account\.|broker\/)/, module: 'blotter', category: 'loops' },
  { pattern: /^src\/engine\/ledger\//, module: 'ledger', category: 'loops' },
  { pattern: /^src\/engine\/algorithm\/portfolio\./, module: 'ledger', category: 'loops' },
  { pattern: /^src\/engine\/(slippage|commission)\//, module: 'models', category: 'loops' },
  {
    pattern: /^src\/engine\/(default-models|model-constant)\./,
    module: 'models',
    category: 'loops',
  },
  { pattern: /^src\/engine\/metrics\//, module: 'metrics', category: 'data processing' },
  { pattern: /^src\/engine\/algorithm\/results\./, module: 'metrics', category: 'data processing' },
  { pattern: /^src\/analytics\//, module: 'metrics', category: 'data processing' },
  { pattern: /^src\/indicators\//, module: 'indicators', category: 'indicator calculation' },
  { pattern: /^src\/bench\/scenarios\//, module: 'strategy code', category: 'loops' },
  { pattern: /^src\/numeric\//, module: 'numeric', category: 'decimal arithmetic' },
  { pattern: /^src\/native\//, module: 'native boundary', category: 'native boundary crossings' },
  {
    pattern: /^src\/engine\/core\//,
    module: 'native boundary',
    category: 'native boundary crossings',
  },
  { pattern: /^native addon$/, module: 'rust core', category: 'loops' },
  { pattern: /^src\/engine\//, module: 'engine loop', category: 'loops' },
  { pattern: /^src\/calendar\//, module: 'calendar', category: 'other' },
  { pattern: /^src\/assets\//, module: 'engine loop', category: 'loops' },
];

/**
 * Scripts that call into the addon: the native facades, the engine core's,
 * and the indicators (declared kernels and the batch's `DeclaredPlan`).
 */
const NATIVE_CALLERS = ['src/native/', 'src/engine/core/', 'src/indicators/'];

/** The pseudo-script of time spent inside the Rust addon (see {@link nativeScript}). */
export const NATIVE_ADDON = 'native addon';

/**
 * The script a profile node counts under: its own, except that a native
 * function (no URL, not a V8 pseudo-function) called from the addon's
 * TypeScript callers (`src/native/`, `src/engine/core/`, `src/indicators/`)
 * is time inside the Rust addon.
 */
export function nativeScript(script: string, functionName: string, callerScript: string): string {
  if (script !== '' || functionName.startsWith('(')) return script;
  return NATIVE_CALLERS.some((prefix) => callerScript.startsWith(prefix)) ? NATIVE_ADDON : script;
}

/**
 * A script URL as a path relative to the repository: `src/engine/simulated-account.ts`,
 * `node_modules/@duckdb/...`, `node:internal/...`; other file URLs keep their
 * path; V8's own entries have an empty URL.
 */
export function relativeScript(url: string): string {
  if (url === '' || url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + 1);
  const src = path.lastIndexOf('/src/');
  if (src >= 0) return path.slice(src + 1);
  const dist = path.lastIndexOf('/dist/');
  if (dist >= 0) return `src/${path.slice(dist + 6)}`;
  return path;
}

/**
 * The module and bottleneck category of a function, from its script path
 * (see {@link MODULE_RULES}) and V8's pseudo-functions: `(garbage collector)`
 * is GC (allocation and GC); `(program)`, builtins and unknown scripts are other.
 */
export function classify(
  script: string,
  functionName: string,
): { module: ProfileModule; category: BottleneckCategory } {
  if (functionName === '(garbage collector)')
    return { module: 'GC', category: 'allocation and GC' };
  // V8 samples a call into the addon on the JS frame that made it: the facade's one-line
  // arrow functions around each crossing (`callCore(() => this.core.stepBar(…))`) are the core.
  if (functionName === '' && /^src\/engine\/core\/rust-account\./.test(script))
    return { module: 'rust core', category: 'loops' };
  for (const rule of MODULE_RULES) {
    if (rule.pattern.test(script)) return { module: rule.module, category: rule.category };
  }
  return { module: 'other', category: 'other' };
}
