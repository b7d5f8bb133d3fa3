import { ConfigError } from '../../errors/index.js';

/**
 * The value of the first environment variable in `names` that is set and not
 * empty.
 *
 * @throws ConfigError naming the variables to set when none is.
 */
export function requireEnv(
  names: readonly string[],
  source: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  throw new ConfigError(
    `The ${source} source needs an API key: set ${names.join(' or ')} in the environment.`,
  );
}
