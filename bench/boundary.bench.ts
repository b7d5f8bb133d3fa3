// What one crossing of the native boundary costs, and what a zero-copy array
// kernel gains over its TypeScript twin. Run: npm run bench -- boundary
import { loadBackend } from '../src/native/loader.js';
import { tsKernels } from '../src/native/ts-kernels.js';
import { rollingMean, rustSum, sumFloat64 } from '../src/native/roundtrip.js';
import { compare, machineLine, table } from './harness.js';

const rust = loadBackend({ requested: 'rust' }).kernels;
const calls = 2_000_000;

function callLoop(add: (a: number, b: number) => number): () => number {
  return () => {
    let acc = 0;
    for (let i = 0; i < calls; i++) acc = add(acc, 1);
    return acc;
  };
}

process.stdout.write(
  `${machineLine()}\n\n## One call: rustSum(a, b), ${calls.toLocaleString('en')} calls per sample\n\n`,
);
process.stdout.write(
  `${table(
    compare([
      {
        name: 'TS kernel (plain function)',
        ops: calls,
        run: callLoop((a, b) => tsKernels.rustSum(a, b)),
      },
      { name: 'Rust addon, raw', ops: calls, run: callLoop((a, b) => rust.rustSum(a, b)) },
      { name: 'Rust via facade (arg checks)', ops: calls, run: callLoop(rustSum) },
    ]),
    { label: 'calls/s', perOp: 1 },
  )}\n`,
);

const n = 10_000_000;
const values = new Float64Array(n);
let seed = 42;
for (let i = 0; i < n; i++) {
  seed = (seed * 16807) % 2147483647;
  values[i] = seed / 2147483647;
}
const out = new Float64Array(n);

process.stdout.write(
  `\n## Array kernels over ${n.toLocaleString('en')} float64 values (zero-copy)\n\n`,
);
process.stdout.write(
  `${table(
    compare(
      [
        { name: 'sum: TS', ops: n, run: () => tsKernels.sumFloat64(values) },
        { name: 'sum: Rust', ops: n, run: () => rust.sumFloat64(values) },
        { name: 'sum: Rust via facade', ops: n, run: () => sumFloat64(values) },
      ],
      { rounds: 7 },
    ),
    { label: 'values/s', perOp: 1 },
  )}\n\n`,
);
process.stdout.write(
  `${table(
    compare(
      [
        {
          name: 'rolling mean (20): TS',
          ops: n,
          run: () => {
            tsKernels.rollingMeanInto(values, 20, out);
            return out[n - 1];
          },
        },
        {
          name: 'rolling mean (20): Rust',
          ops: n,
          run: () => {
            rust.rollingMeanInto(values, 20, out);
            return out[n - 1];
          },
        },
        {
          name: 'rolling mean (20): Rust via facade',
          ops: n,
          run: () => rollingMean(values, 20, out)[n - 1],
        },
      ],
      { rounds: 7 },
    ),
    { label: 'values/s', perOp: 1 },
  )}\n`,
);
