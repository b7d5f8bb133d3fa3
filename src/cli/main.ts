#!/usr/bin/env node
// Nothing is imported up front: `--version` loads only what it prints, and with --debug the
// source maps are on before rustybt's own code loads, so its stacks name the TypeScript files.
const debug = process.argv.includes('--debug');
const args = process.argv.slice(2);
if (debug) process.setSourceMapsEnabled(true);

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
    const { versionText } = await import('./version-text.js');
    process.stdout.write(versionText());
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
