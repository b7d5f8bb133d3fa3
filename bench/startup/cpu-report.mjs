// Preloaded (`node --import`) into each measured process: at exit, writes the process's
// CPU time (user + system, µs) and its peak resident set (KB) to the file named by
// RUSTYBT_BENCH_CPU, as "cpu rss".
import { writeFileSync } from 'node:fs';

const out = process.env.RUSTYBT_BENCH_CPU;
if (out !== undefined && out !== '') {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(out, `${user + system} ${process.resourceUsage().maxRSS}`);
  });
}
