import { Redis } from 'ioredis';
import { SweepError } from '../errors/index.js';

/**
 * Connects to Redis once, without retrying, and pings it: a sweep or worker
 * pointed at the wrong URL says so at once instead of waiting forever.
 *
 * @throws SweepError naming the URL and what went wrong.
 */
export async function checkRedisReachable(url: string, timeoutMs = 5000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let last: Error | undefined;
  client.on('error', (error: Error) => (last = error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new SweepError(
      `Cannot reach Redis at ${url}: ${(last ?? (error as Error)).message.replace(/\.$/, '')}. Start redis-server there or check --redis-url.`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}
