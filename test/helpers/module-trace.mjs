// Preloaded with `node --import` by the module-loading test: records every module the
// process loads (ESM through a load hook, CommonJS from require.cache at exit) into
// the file named by RUSTYBT_MODULE_TRACE, one "esm <url>" or "cjs <path>" a line.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.RUSTYBT_MODULE_TRACE;
if (out !== undefined && out !== '') {
  writeFileSync(out, '');
  register('./module-trace-hooks.mjs', import.meta.url, { data: { out } });
  process.on('exit', () => {
    const cache = createRequire(import.meta.url).cache;
    appendFileSync(
      out,
      Object.keys(cache)
        .map((key) => `cjs ${key}\n`)
        .join(''),
    );
  });
}
