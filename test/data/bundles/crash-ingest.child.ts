// Child process of the crash test: writes a bundle, announces on stdout once
// `PAUSE_AFTER` files of the new version are on disk, then blocks so the parent
// can kill it with SIGKILL in the middle of the ingest.
import { writeBundle } from '../../../src/data/bundles/index.js';
import { sampleFrame } from './sample-frames.js';

const [home, name, pauseAfter] = process.argv.slice(2);
const frames = Array.from({ length: 40 }, (_, i) =>
  sampleFrame(`S${String(i).padStart(2, '0')}`, '1m', 5_000, { base: 90_000 + i }),
);
let written = 0;
await writeBundle(
  name,
  { frames },
  {
    home,
    onFileWritten: (path) => {
      written++;
      if (written === Number(pauseAfter)) {
        process.stdout.write(`paused after ${path}\n`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      }
    },
  },
);
process.stdout.write('finished\n');
