// Preloaded (`node --require`) into each measured process: at exit, writes the process's
// CPU time (user + system, µs) and its peak resident set (KB) to the file named by
// RUSTYBT_BENCH_CPU, as "cpu rss". CommonJS on purpose: an ES module preload (`--import`)
// would start Node's ES module loader in every process, which `rustybt --version` avoids.
'use strict';
const { writeFileSync } = require('node:fs');
const process = require('node:process');

const out = process.env.RUSTYBT_BENCH_CPU;
if (out !== undefined && out !== '') {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(out, `${user + system} ${process.resourceUsage().maxRSS}`);
  });
}
