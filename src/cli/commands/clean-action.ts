import { catalogPath, rustybtHome } from '../../data/bundles/bundle-home.js';
import { bundleDirectory, listVersions } from '../../data/bundles/bundle-layout.js';
import { pruneVersions } from '../../data/bundles/bundle-versions.js';
import { sweepAbandonedIngests } from '../../data/bundles/bundle-writer.js';
import { recordMissingVersions } from '../../data/catalog/catalog-reconcile.js';
import { UnifiedCatalog } from '../../data/catalog/index.js';
import { ConfigError } from '../../errors/index.js';
import { crashPoint } from '../../faults/crash-point.js';

/** The options of `rustybt clean`. */
export interface CleanFlags {
  bundle: string;
  keepLast?: string;
}

/** Runs `rustybt clean` once commander has parsed it. */
export function runCleanCommand(flags: CleanFlags): void {
  const home = rustybtHome();
  if (listVersions(home, flags.bundle).length === 0) {
    throw new ConfigError(
      `Bundle ${JSON.stringify(flags.bundle)} has no versions under ${home}; see rustybt bundles.`,
    );
  }
  if (flags.keepLast === undefined) {
    const abandoned = sweepAbandonedIngests(bundleDirectory(home, flags.bundle));
    process.stdout.write(
      `${flags.bundle}: removed ${abandoned} leftover(s) of crashed ingests; kept all ${listVersions(home, flags.bundle).length} version(s) (use --keep-last N to prune).\n`,
    );
    return;
  }
  if (!/^\d+$/.test(flags.keepLast)) {
    throw new ConfigError(`--keep-last must be a non-negative integer, got ${flags.keepLast}.`);
  }
  // Opened first: with a damaged catalog nothing is removed that it could not then mark.
  const catalog = UnifiedCatalog.open(catalogPath(home));
  let result: ReturnType<typeof pruneVersions>;
  try {
    recordMissingVersions(catalog, home, flags.bundle);
    result = pruneVersions(home, flags.bundle, Number(flags.keepLast));
    // With the versions removed now, those a killed clean removed before it could mark them.
    const onDisk = new Set(listVersions(home, flags.bundle));
    const gone = catalog
      .bundleVersions(flags.bundle)
      .filter((v) => v.prunedAt === null && !onDisk.has(v.version))
      .map((v) => v.version);
    catalog.markPruned(flags.bundle, [...new Set([...result.removed, ...gone])]);
    crashPoint('clean.recorded');
  } finally {
    catalog.close();
  }
  const spared =
    result.keptWithRows === undefined
      ? ''
      : ` (also kept ${result.keptWithRows}: the newest version with bars, as every newer one is empty)`;
  process.stdout.write(
    `${flags.bundle}: removed ${result.removed.length} version(s)${result.removed.length > 0 ? ` (${result.removed.join(', ')})` : ''}, kept ${result.kept.length}${spared}; removed ${result.abandoned} leftover(s) of crashed ingests.\n`,
  );
}
