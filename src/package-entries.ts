/**
 * The package's entry points: each export subpath and the module under `src/` (`dist/`)
 * it names. The published entry points are the bundle that `scripts/bundle.mjs` builds from
 * `dist/` at build time (`dist/bundle/<name>.js`, one file per entry, shared chunks beside
 * them): one module graph for the CLI and every subpath, loaded from a few files.
 */
export const PACKAGE_ENTRIES: Readonly<Record<string, string>> = {
  '.': 'index',
  './indicators': 'indicators/index',
  './redis': 'optimize/redis',
  './bench': 'bench/index',
};

/** The CLI's module (the `rustybt` command); in the bundle it is `cli.js`. */
export const CLI_ENTRY = 'cli/main';

/** Folder of the bundle under `dist/`. */
export const BUNDLE_DIRECTORY = 'bundle';

/**
 * True when this module runs inside the bundle: the bundle script rewrites this line.
 * False from `dist/`'s separate modules and from the sources.
 */
export const IN_BUNDLE: boolean = false;

/** The bundle file (under `dist/bundle/`) of an export subpath: `index`, `indicators`, ... */
export function bundleName(subpath: string): string {
  return subpath === '.' ? 'index' : subpath.slice(2);
}
