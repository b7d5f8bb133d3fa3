import { ConfigError } from '../../errors/index.js';
import type { Clock } from './clock.js';
import type { RateLimit } from './data-source.js';
import { TokenBucket } from './rate-limiter.js';

/**
 * The token bucket for a provider's plan, chosen from its documented tiers by
 * name (the first tier when `tier` is undefined).
 *
 * @throws ConfigError listing the tiers when the name is unknown.
 */
export function bucketForTier(
  source: string,
  tiers: readonly RateLimit[],
  tier: string | undefined,
  clock: Clock,
): TokenBucket {
  const chosen = tierLimit(source, tiers, tier);
  return new TokenBucket(chosen.requests, chosen.perMs, chosen.requests, clock);
}

/**
 * The documented limit of a tier by name (the first when `tier` is undefined).
 *
 * @throws ConfigError listing the tiers when the name is unknown.
 */
export function tierLimit(
  source: string,
  tiers: readonly RateLimit[],
  tier: string | undefined,
): RateLimit {
  const chosen = tier === undefined ? tiers[0] : tiers.find((t) => t.tier === tier);
  if (chosen === undefined) {
    throw new ConfigError(
      `Unknown ${source} tier '${tier}': use one of ${tiers.map((t) => t.tier).join(', ')}.`,
    );
  }
  return chosen;
}
