#!/usr/bin/env node
// Nothing of rustybt is imported up front: `--version` loads only what it prints, with --debug
// the source maps are on before rustybt's own code loads (its stacks name the TypeScript
// files), and on Node 22 the compile cache is on before it too.
import * as nodeModule from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const debug = process.argv.includes('--debug');
const args = process.argv.slice(2);
if (debug) process.setSourceMapsEnabled(true);
keepCompiledCode();

// A reader that stops early (`rustybt catalog validate | head -2`) closes the pipe:
// nobody is left to read the rest, so the command ends quietly, as `cat` does.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

try {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    // The one answer that needs no command tree: skip loading it.
    process.stdout.write(await versionOutput());
  } else {
    const { buildProgram } = await import('./program.js');
    await buildProgram().parseAsync(process.argv);
  }
} catch (thrown) {
  const { catalogFault, isSqliteError } = await import('../data/catalog/catalog-faults.js');
  const { RustybtError, StrategyError } = await import('../errors/index.js');
  // A SQLite failure that no layer named still gets a message that says what to do.
  const error = isSqliteError(thrown)
    ? catalogFault(thrown, undefined, 'running the command')
    : thrown;
  if (error instanceof RustybtError && !debug) {
    process.stderr.write(`rustybt: ${error.message} [${error.code}]\n`);
    // A strategy's own failure is the user's code: show where it happened even without --debug.
    if (error instanceof StrategyError && error.strategyStack !== undefined) {
      process.stderr.write(`${error.strategyStack}\n`);
    }
  } else {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 1;
}

/**
 * What `--version` prints, from the self-contained CommonJS copy of `version-text` that the
 * bundle script writes beside the bundle (`dist/bundle/version.cjs`): one file read and
 * compiled synchronously, where the ES module loader would fetch the bundle's chunks one by one
 * (some 10–20 ms of a 80 ms command). From the sources, which have no such copy, the module.
 */
async function versionOutput(): Promise<string> {
  const copy = new URL('../bundle/version.cjs', import.meta.url);
  let loaded: { versionText: () => string } | undefined;
  try {
    loaded = nodeModule.createRequire(import.meta.url)(fileURLToPath(copy)) as typeof loaded;
  } catch (error) {
    const missing =
      (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      (error as Error).message.includes(fileURLToPath(copy));
    if (!missing) throw error;
  }
  if (loaded !== undefined) return loaded.versionText();
  const { versionText } = await import('./version-text.js');
  return versionText();
}

/**
 * Node 22.1+ keeps V8's compiled code of each module on disk (`module.enableCompileCache`),
 * checked against the module's source on every load: rustybt's modules and the compiled
 * strategies are then not compiled again on the next run. Kept in `<RUSTYBT_HOME>/compile-cache`
 * (Node's own `NODE_COMPILE_CACHE` and `NODE_DISABLE_COMPILE_CACHE` still rule); Node 20 has no
 * such cache and compiles on every run.
 */
function keepCompiledCode(): void {
  const enable = (nodeModule as { enableCompileCache?: (directory?: string) => unknown })
    .enableCompileCache;
  if (enable === undefined) return;
  // As rustybtHome() says, without loading its module before the cache is on.
  const configured = process.env.RUSTYBT_HOME;
  const home =
    configured !== undefined && configured !== ''
      ? resolve(configured)
      : join(homedir(), '.rustybt');
  // A cache that cannot be written (a read-only home) is reported by Node, not thrown: runs
  // are then only slower.
  enable(process.env.NODE_COMPILE_CACHE ?? join(home, 'compile-cache'));
}
