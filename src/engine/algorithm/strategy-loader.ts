import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rustybtHome } from '../../data/bundles/bundle-home.js';
import { StrategyError } from '../../errors/index.js';
import { compileStrategy } from './strategy-compiler.js';
import { STRATEGY_HOOKS, type Strategy } from './strategy.js';

type Hook = (typeof STRATEGY_HOOKS)[number];
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** Where `loadStrategy` keeps compiled TypeScript strategies. */
export interface LoadStrategyOptions {
  /** rustybt home whose `strategy-cache` holds the compiled modules (default `RUSTYBT_HOME` or `~/.rustybt`). */
  home?: string | undefined;
}

/**
 * Loads a strategy module from a `.ts`, `.mts`, `.cts`, `.tsx`, `.js` or
 * `.mjs` file. The module may export the hooks as named functions, or
 * default-export an object or a class with them as methods (a class is
 * instantiated with no arguments).
 *
 * TypeScript is compiled to ESM whatever the project's package.json says,
 * once, and kept in `<home>/strategy-cache` by content hash; its imports of
 * `rustybt` and `rustybt/indicators` are this running instance of rustybt.
 *
 * @throws StrategyError when the file is missing, fails to load (keeping the
 *   module's own stack), or lacks `initialize` or `handleData`.
 */
export async function loadStrategy(
  file: string,
  options: LoadStrategyOptions = {},
): Promise<Strategy> {
  const path = resolve(file);
  return strategyFromModule(await importStrategyModule(path, options.home), path);
}

/**
 * Imports a strategy module (TypeScript compiled on the fly) without picking
 * the strategy out of it: a sweep reads the module's other exports (its
 * parameter space) and builds a fresh strategy per run with `strategyFromModule`.
 *
 * @throws StrategyError when the file is missing or fails to load.
 */
export async function importStrategyModule(
  file: string,
  home?: string,
): Promise<Record<string, unknown>> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new StrategyError(
      `Strategy file not found: ${path}. Pass the path of a .ts or .js module that exports initialize and handleData.`,
    );
  }
  try {
    return (await importModule(path, home ?? rustybtHome())) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof StrategyError) throw error;
    throw new StrategyError(
      `Strategy ${path} failed to load: ${messageOf(error)}${hintFor(error)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Picks the strategy out of a loaded module (see `loadStrategy` for the shapes
 * accepted) and checks its hooks.
 *
 * @throws StrategyError naming what the module exports when a required hook is missing.
 */
export function strategyFromModule(module: Record<string, unknown>, origin: string): Strategy {
  const candidate = pickCandidate(unwrapInterop(module), origin);
  const missing = (['initialize', 'handleData'] as const).filter(
    (hook) => typeof candidate[hook] !== 'function',
  );
  const badOptional = (['beforeTradingStart', 'analyze'] as const).filter(
    (hook) => candidate[hook] !== undefined && typeof candidate[hook] !== 'function',
  );
  if (missing.length > 0 || badOptional.length > 0) {
    const exported = Object.keys(candidate).filter((key) => key !== 'default');
    const problems = [
      ...missing.map((hook) => `${hook} is missing`),
      ...badOptional.map((hook) => `${hook} is not a function`),
    ];
    throw new StrategyError(
      `Strategy ${origin} is not usable: ${problems.join(', ')}. Export initialize(ctx) and handleData(ctx, data) as functions, or as methods of a default-exported object or class. It exports: ${exported.length > 0 ? exported.join(', ') : 'nothing'}.`,
    );
  }
  return bindHooks(candidate);
}

/**
 * A `.ts` file outside an ESM package is compiled as CommonJS; importing it
 * then yields `{ default: module.exports }`. Look through that wrapper.
 */
function unwrapInterop(module: Record<string, unknown>): Record<string, unknown> {
  const inner = module.default;
  if (hasRequiredHooks(module) || typeof inner !== 'object' || inner === null) return module;
  const wrapped = inner as Record<string, unknown>;
  // A CommonJS module's named exports are guessed by a lexer that may see only
  // some of them (`module.exports = { initialize() {}, handleData() {} }`).
  if (hasRequiredHooks(wrapped)) return wrapped;
  if (hasHooks(module)) return module;
  return 'default' in wrapped || hasHooks(wrapped) ? wrapped : module;
}

function hasHooks(value: Record<string, unknown>): boolean {
  return typeof value.initialize === 'function' || typeof value.handleData === 'function';
}

function hasRequiredHooks(value: Record<string, unknown>): boolean {
  return typeof value.initialize === 'function' && typeof value.handleData === 'function';
}

function pickCandidate(module: Record<string, unknown>, origin: string): Record<string, unknown> {
  const fallback = module.default;
  if (typeof module.initialize === 'function' || typeof module.handleData === 'function')
    return module;
  if (typeof fallback === 'function' && isClass(fallback)) {
    try {
      return new (fallback as new () => Record<string, unknown>)();
    } catch (error) {
      throw new StrategyError(`Strategy ${origin}: its constructor threw: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
  if (typeof fallback === 'object' && fallback !== null) return fallback as Record<string, unknown>;
  return module;
}

function bindHooks(candidate: Record<string, unknown>): Strategy {
  const strategy: Partial<Record<Hook, unknown>> = {};
  for (const hook of STRATEGY_HOOKS) {
    const fn = candidate[hook];
    if (typeof fn === 'function') strategy[hook] = fn.bind(candidate) as unknown;
  }
  return strategy as Strategy;
}

function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

let formatHooksRegistered = false;

/**
 * Strategies are ES modules whatever the user's package.json says: see
 * strategy-format-hooks.ts (registered once per process, before the first import).
 */
function registerFormatHooks(): void {
  if (formatHooksRegistered) return;
  const hooks = new URL(`./strategy-format-hooks${extname(import.meta.url)}`, import.meta.url);
  formatHooksRegistered = true;
  try {
    register(hooks.href);
  } catch (error) {
    // From the sources (tsx) a worker thread's hooks thread cannot load the .ts hooks file; tsx
    // compiles the strategy there anyway. From the built package the .js file always loads.
    if (!hooks.pathname.endsWith('.ts')) throw error;
  }
}

async function importModule(path: string, home: string): Promise<unknown> {
  // A TypeScript strategy is bundled with its local files and imports only packages, which
  // the hooks leave alone: the hooks thread (a worker start) is needed for JavaScript only.
  if (!TYPESCRIPT.has(extname(path))) {
    registerFormatHooks();
    return import(pathToFileURL(path).href);
  }
  const compiled = await compileStrategy(path, home);
  // Stack traces from the strategy's code then name its own files and lines.
  process.setSourceMapsEnabled(true);
  try {
    return await import(pathToFileURL(compiled.file).href);
  } catch (error) {
    // A cached module pointing at a package that moved (reinstalled), or damaged on disk: build again.
    const code = (error as { code?: string }).code;
    if (!compiled.cached || (code !== 'ERR_MODULE_NOT_FOUND' && !(error instanceof SyntaxError)))
      throw error;
    const rebuilt = await compileStrategy(path, home, { force: true });
    return import(`${pathToFileURL(rebuilt.file).href}?rebuilt=${Date.now()}`);
  }
}

/** What to do when CommonJS code (a `.cjs` file) requires this ESM-only package. */
function hintFor(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED' && code !== 'ERR_REQUIRE_ESM') return '';
  return ". rustybt is an ES module package: load it with `import ... from 'rustybt'` (or `await import('rustybt')`) rather than require(); a .cjs file cannot use import, so name the strategy .ts, .mts, .js or .mjs";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
