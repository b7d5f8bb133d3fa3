#!/usr/bin/env node
import { RustybtError, StrategyError } from '../errors/index.js';

const debug = process.argv.includes('--debug');
const args = process.argv.slice(2);

try {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    // The one answer that needs no command tree: skip loading it.
    const { versionText } = await import('./version-text.js');
    process.stdout.write(versionText());
  } else {
    const { buildProgram } = await import('./program.js');
    await buildProgram().parseAsync(process.argv);
  }
} catch (error) {
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
