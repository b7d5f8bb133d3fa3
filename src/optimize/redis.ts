/**
 * The Redis side of sweeps (`rustybt/redis`), apart from the package root so
 * that importing `rustybt` does not load BullMQ and ioredis.
 *
 * @packageDocumentation
 */
export { redisExecutor, type RedisExecutorOptions } from './redis-executor.js';
export { startSweepWorker, type SweepWorker, type SweepWorkerOptions } from './redis-worker.js';
export type { SweepJob, JobMarket } from './redis-jobs.js';
