import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';
import type { Options, SingleBar } from 'cli-progress';

const requireLazily = createRequire(import.meta.url);

/** A cli-progress bar; the package loads only when a bar is actually drawn. */
export function singleBar(options: Options): SingleBar {
  const { SingleBar: Bar } = requireLazily('cli-progress') as typeof CliProgress;
  return new Bar(options);
}
