// Runs the Rust tests (`cargo test` over the workspace) when cargo is present.
import { spawnSync } from 'node:child_process';

const probe = spawnSync('cargo', ['--version'], { stdio: 'ignore' });
if (probe.error || probe.status !== 0) {
  console.log(
    'rustybt: cargo not found, skipping the Rust tests (install Rust: https://rustup.rs).',
  );
  process.exit(0);
}
const result = spawnSync('cargo', ['test', '--manifest-path', 'rust/Cargo.toml', '--workspace'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
