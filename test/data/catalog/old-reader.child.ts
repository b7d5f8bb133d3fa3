// Reads a catalog through the deprecated BundleCatalog twice in one process and
// prints what it read as JSON; the test checks stdout and the warnings on stderr.
import { BundleCatalog } from '../../../src/data/catalog/index.js';

const path = process.argv[2];
const first = BundleCatalog.open(path, { notice: () => undefined });
const ingestions = first.ingestions();
first.close();
const second = BundleCatalog.open(path);
const pairs = second.ingestions('pairs');
second.close();
process.stdout.write(JSON.stringify({ ingestions, pairs }));
