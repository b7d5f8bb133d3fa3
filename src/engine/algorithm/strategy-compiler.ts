import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Loader, Message, Plugin } from 'esbuild';
import { StrategyError } from '../../errors/index.js';
import { BUNDLE_DIRECTORY, IN_BUNDLE, PACKAGE_ENTRIES, bundleName } from '../../package-entries.js';
import { VERSION } from '../../version.js';

/** Bumped whenever the compiled output for the same input would change. */
const COMPILER_REVISION = 1;
const TYPESCRIPT_LOADERS: Readonly<Record<string, Loader>> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
};
const META_URL = '__rustybt_import_meta_url';
const META_FILENAME = '__rustybt_import_meta_filename';
const META_DIRNAME = '__rustybt_import_meta_dirname';
const RESOLVING = Symbol('rustybt-resolving');
const OWN_NAMESPACE = 'rustybt-instance';
let ownExports: Record<string, string> | undefined;

/** One compiled strategy in the cache: the ESM file to import and what it was built from. */
export interface CompiledStrategy {
  /** Path of the compiled module (in `<RUSTYBT_HOME>/strategy-cache`). */
  file: string;
  /** True when the cache held it: the strategy was only read and hashed. */
  cached: boolean;
}

interface Manifest {
  entry: string;
  /** Every other file the output depends on, with its SHA-256 (null: absent). */
  inputs: Record<string, string | null>;
}

/** Where compiled strategies are kept under a rustybt home directory. */
export function strategyCacheDirectory(home: string): string {
  return join(home, 'strategy-cache');
}

/**
 * Compiles a TypeScript strategy to one ESM file in the cache, keyed by the
 * SHA-256 of its source. An unchanged strategy costs a file read and a hash.
 * Local TypeScript files it imports are bundled in (and checked on every hit);
 * packages stay external, resolved from the strategy's folder as Node would,
 * except `rustybt` and its subpaths, which point at the running instance so
 * that the strategy and the engine share one copy of every module.
 *
 * @throws StrategyError with the file, line and column of a syntax or
 *   resolution error.
 */
export async function compileStrategy(
  entry: string,
  home: string,
  options: { force?: boolean } = {},
): Promise<CompiledStrategy> {
  const source = readFileSync(entry);
  const directory = cacheDirectory(home);
  // One entry per strategy file and rustybt installation (bundle or separate modules): a new
  // version replaces the old one.
  const stem = `${digest(ownRoot(), String(IN_BUNDLE), entry).slice(0, 16)}-${digest(fingerprint(), entry, source).slice(0, 32)}`;
  const file = join(directory, `${stem}.mjs`);
  if (options.force !== true && isFresh(join(directory, `${stem}.json`), entry)) {
    return { file, cached: true };
  }
  const { code, manifest } = await build(entry, source, file);
  writeEntry(directory, stem, code, manifest);
  return { file, cached: false };
}

function cacheDirectory(home: string): string {
  const preferred = strategyCacheDirectory(home);
  try {
    mkdirSync(preferred, { recursive: true });
    return preferred;
  } catch {
    // A read-only home still runs strategies: compile into a scratch folder.
    const scratch = join(tmpdir(), `rustybt-strategy-cache-${process.getuid?.() ?? 'user'}`);
    mkdirSync(scratch, { recursive: true });
    return scratch;
  }
}

function fingerprint(): string {
  // The compiled module names the entry files of the running copy (bundle or separate modules).
  ownExports ??= ownEntryFiles();
  return `rev ${COMPILER_REVISION}; rustybt ${VERSION} at ${ownRoot()}; node ${process.versions.node}; ${JSON.stringify(ownExports)}`;
}

function digest(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

function isFresh(manifestPath: string, entry: string): boolean {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return false;
  }
  if (manifest.entry !== entry) return false;
  return Object.entries(manifest.inputs).every(([path, hash]) => hashOf(path) === hash);
}

function hashOf(path: string): string | null {
  try {
    return digest(readFileSync(path));
  } catch {
    return null;
  }
}

function writeEntry(directory: string, stem: string, code: string, manifest: Manifest): void {
  const prefix = `${stem.slice(0, 16)}-`;
  for (const name of readdirSync(directory)) {
    if (name.startsWith(prefix) && !name.startsWith(stem))
      rmSync(join(directory, name), { force: true });
  }
  // The module first, its manifest last: a manifest only ever names a complete module.
  atomicWrite(join(directory, `${stem}.mjs`), code);
  atomicWrite(join(directory, `${stem}.json`), JSON.stringify(manifest));
}

function atomicWrite(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

async function build(
  entry: string,
  source: Buffer,
  outfile: string,
): Promise<{ code: string; manifest: Manifest }> {
  const esbuild = await import('esbuild');
  const inputs: Record<string, string | null> = {};
  let usesRequire = false;
  const plugin: Plugin = {
    name: 'rustybt-strategy',
    setup(context) {
      context.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === RESOLVING) return undefined;
        if (isBuiltin(args.path) || args.path.startsWith('file:'))
          return { path: args.path, external: true };
        const own = ownTarget(args.path);
        const resolved =
          own ??
          (
            await context.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              importer: args.importer,
              pluginData: RESOLVING,
            })
          ).path;
        if (resolved === '') return undefined; // let esbuild report what it could not resolve
        if (own === undefined && isLocalTypeScript(resolved)) return { path: resolved };
        // require('rustybt') gets the namespace of the running ESM instance.
        if (own !== undefined && args.kind === 'require-call')
          return { path: own, namespace: OWN_NAMESPACE };
        if (args.kind === 'require-call') {
          usesRequire = true;
          return { path: resolved, external: true };
        }
        return { path: pathToFileURL(resolved).href, external: true };
      });
      context.onLoad({ filter: /.*/, namespace: OWN_NAMESPACE }, (args) => ({
        contents: `export * from ${JSON.stringify(pathToFileURL(args.path).href)};`,
        loader: 'js',
      }));
      context.onLoad({ filter: /\.(c|m)?tsx?$/ }, (args) => {
        const text =
          args.path === entry ? source.toString('utf8') : readFileSync(args.path, 'utf8');
        if (args.path !== entry) inputs[args.path] = digest(Buffer.from(text));
        return {
          contents: withModuleLocals(text, args.path),
          loader: TYPESCRIPT_LOADERS[extname(args.path)] ?? 'ts',
        };
      });
    },
  };
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      conditions: [],
      mainFields: ['main'],
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
      define: {
        'import.meta.url': META_URL,
        'import.meta.filename': META_FILENAME,
        'import.meta.dirname': META_DIRNAME,
      },
      plugins: [plugin],
    });
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (messages === undefined || messages.length === 0) throw error;
    // Not chained: esbuild's own stack says nothing about the user's file.
    throw new StrategyError(
      `Strategy ${entry} failed to compile:\n${messages.map(describeMessage).join('\n')}`,
    );
  }
  for (const tsconfig of tsconfigCandidates(entry)) inputs[tsconfig] = hashOf(tsconfig);
  const output = result.outputFiles?.[0]?.text ?? '';
  const requireShim = usesRequire
    ? `import { createRequire as __rustybtCreateRequire } from 'node:module';\nconst require = __rustybtCreateRequire(${JSON.stringify(pathToFileURL(entry).href)});\n`
    : '';
  return { code: requireShim + output, manifest: { entry, inputs } };
}

/**
 * Each bundled file keeps its own `import.meta.url`, `__filename` and
 * `__dirname` (esbuild renames these per file when it joins them).
 */
function withModuleLocals(text: string, path: string): string {
  const locals = [
    `const ${META_URL} = ${JSON.stringify(pathToFileURL(path).href)};`,
    `const ${META_FILENAME} = ${JSON.stringify(path)};`,
    `const ${META_DIRNAME} = ${JSON.stringify(dirname(path))};`,
  ];
  if (!/\b(?:const|let|var|function)\s+__filename\b/.test(text))
    locals.push(`const __filename = ${JSON.stringify(path)};`);
  if (!/\b(?:const|let|var|function)\s+__dirname\b/.test(text))
    locals.push(`const __dirname = ${JSON.stringify(dirname(path))};`);
  // On the first line, so the user's lines keep their numbers in the source map.
  return `${locals.join(' ')}${text}`;
}

function describeMessage(message: Message): string {
  const location = message.location;
  if (location === null) return `  ${message.text}`;
  const pointer = `${' '.repeat(location.column)}^`;
  return `  ${location.file}:${location.line}:${location.column + 1}: ${message.text}\n    ${location.lineText}\n    ${pointer}`;
}

function isLocalTypeScript(path: string): boolean {
  return TYPESCRIPT_LOADERS[extname(path)] !== undefined && !path.includes('/node_modules/');
}

function tsconfigCandidates(entry: string): string[] {
  const found: string[] = [];
  let directory = dirname(entry);
  for (;;) {
    found.push(join(directory, 'tsconfig.json'));
    const parent = dirname(directory);
    if (parent === directory || basename(directory) === 'node_modules') return found;
    directory = parent;
  }
}

/** The file of the running rustybt that `rustybt` or `rustybt/<subpath>` names. */
function ownTarget(specifier: string): string | undefined {
  if (specifier !== 'rustybt' && !specifier.startsWith('rustybt/')) return undefined;
  ownExports ??= ownEntryFiles();
  const key = specifier === 'rustybt' ? '.' : `./${specifier.slice('rustybt/'.length)}`;
  const target = ownExports[key];
  if (target === undefined) {
    throw new StrategyError(
      `Strategies can import ${Object.keys(ownExports)
        .map((subpath) => (subpath === '.' ? 'rustybt' : `rustybt/${subpath.slice(2)}`))
        .join(', ')}; "${specifier}" is not one of them.`,
    );
  }
  return target;
}

/**
 * The file of each entry point in the copy of rustybt that is running: the bundle's
 * (`dist/bundle/`), dist's separate modules, or, run from the sources, the `.ts` files.
 */
function ownEntryFiles(): Record<string, string> {
  const root = ownRoot();
  const fromSources = import.meta.url.endsWith('.ts');
  const targets: Record<string, string> = {};
  for (const [subpath, module] of Object.entries(PACKAGE_ENTRIES)) {
    targets[subpath] = IN_BUNDLE
      ? join(root, 'dist', BUNDLE_DIRECTORY, `${bundleName(subpath)}.js`)
      : fromSources
        ? join(root, 'src', `${module}.ts`)
        : join(root, 'dist', `${module}.js`);
  }
  return targets;
}

function ownRoot(): string {
  // dist/engine/algorithm/ (or src/engine/algorithm/) sits three levels below the package root.
  return fileURLToPath(new URL('../../../', import.meta.url));
}
