#!/usr/bin/env node
// The package's command (`bin`), copied beside the bundle as dist/bundle/rustybt.cjs by the
// bundle script. A CommonJS file: Node starts it without its ES module loader, which `--version`
// alone never needs (some 5 ms of an 80 ms command). Every other command loads the bundled
// CLI (dist/bundle/cli.js, src/cli/main.ts), which handles everything else.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The self-contained copy of version-text that the bundle script writes beside this file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { versionText } = require('./version.cjs') as { versionText: () => string };
  process.stdout.on('error', () => undefined);
  process.stdout.write(versionText());
} else {
  // A specifier in a variable: the bundle beside this file, not a module of the sources.
  const cli = './cli.js';
  import(cli).catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
