import type { Command } from 'commander';

interface WorkerFlags {
  redisUrl: string;
  file: string;
  queue: string;
  concurrency: string;
  lockDuration: string;
  quiet?: boolean;
}

/** Adds `rustybt worker` to the program. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run sweep jobs from Redis (rustybt optimize --executor redis) until stopped')
    .requiredOption('--redis-url <url>', 'Redis holding the queue, e.g. redis://10.0.0.5:6379')
    .requiredOption(
      '-f, --file <strategy>',
      "the sweep's strategy file (jobs naming another hash are refused)",
    )
    .option('--queue <name>', 'BullMQ queue name', 'rustybt-sweeps')
    .option('--concurrency <n>', 'jobs at once', '1')
    .option(
      '--lock-duration <ms>',
      "a killed worker's job is retried after about this long",
      '60000',
    )
    .option('--quiet', 'print nothing per job')
    .action(async (flags: WorkerFlags) => {
      const { startSweepWorker } = await import('../../optimize/redis-worker.js');
      const { rustybtHome } = await import('../../data/bundles/bundle-home.js');
      const { wholeNumber } = await import('./optimize-action.js');
      const worker = await startSweepWorker({
        url: flags.redisUrl,
        queue: flags.queue,
        strategy: flags.file,
        home: rustybtHome(),
        concurrency: wholeNumber(flags.concurrency, '--concurrency'),
        lockDurationMs: wholeNumber(flags.lockDuration, '--lock-duration'),
        onJob: flags.quiet === true ? undefined : (line) => process.stderr.write(`${line}\n`),
      });
      process.stderr.write(
        `rustybt worker: waiting for jobs on ${flags.queue} at ${flags.redisUrl}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('rustybt worker: stopping after the jobs in hand\n');
          void worker.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
