// Bundles the compiled modules (dist/) into dist/bundle/: one file per package entry point
// (index.js, indicators.js, redis.js, bench.js) and the CLI (cli.js), with the code they share
// in chunks beside them. Node then loads a run's code from a few files instead of ~200
// modules (resolving, reading and linking each), which is a third of a small run's start.
// Packages stay external; each module keeps its own import.meta.url (its file under dist/),
// so paths computed from it (package.json, the addon, worker files) are unchanged.
// Writes dist/bundle/modules.json: for each bundle file, the dist/ modules it holds.
// Run after tsc: `node scripts/bundle.mjs` (the build and `npm run build:ts` do).
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const META_URL = '__rustybt_module_url';
// Packages stay outside the bundle (loaded from node_modules as they are), except commander,
// which every command loads: inlined, it is compiled with the CLI instead of loaded as
// CommonJS module by module.
const INLINED = new Set(['commander']);

/** Builds dist/bundle/ of the package at `root` (its dist/ already compiled). */
export async function bundleDist(root) {
  const dist = join(root, 'dist');
  const entries = await import(pathToFileURL(join(dist, 'package-entries.js')).href);
  const entryPoints = [
    { in: join(dist, `${entries.CLI_ENTRY}.js`), out: 'cli' },
    ...Object.entries(entries.PACKAGE_ENTRIES).map(([subpath, module]) => ({
      in: join(dist, `${module}.js`),
      out: entries.bundleName(subpath),
    })),
  ];
  const target = join(dist, entries.BUNDLE_DIRECTORY);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const EXTERNAL = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })
    .filter((name) => !INLINED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
  // Built beside, then swapped in: a failed build leaves the previous bundle whole.
  const staging = `${target}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const entriesModule = join(dist, 'package-entries.js');
  const plugin = moduleUrls(dist, target, entriesModule, 'esm');
  const result = await esbuild.build({
    entryPoints,
    absWorkingDir: root,
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.17',
    external: EXTERNAL,
    chunkNames: 'chunk-[hash]',
    // The inlined CommonJS (commander) requires Node's built-ins.
    banner: {
      js: "import { createRequire as __rustybtCreateRequire } from 'node:module'; const require = __rustybtCreateRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [plugin],
  });
  // `rustybt --version` alone: one self-contained CommonJS file, required synchronously by the
  // command (see versionOutput in src/cli/main.ts) instead of the chunks the ES module loader
  // would fetch one by one. It holds its own copy of the backend loader, used by no other command.
  const version = await esbuild.build({
    entryPoints: [{ in: join(dist, 'cli/version-text.js'), out: 'version' }],
    absWorkingDir: root,
    outdir: staging,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.17',
    external: EXTERNAL,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [moduleUrls(dist, target, entriesModule, 'cjs')],
  });
  const modules = {};
  const outputs = { ...result.metafile.outputs, ...version.metafile.outputs };
  for (const [file, output] of Object.entries(outputs)) {
    if (!file.endsWith('.js') && !file.endsWith('.cjs')) continue;
    modules[relative(staging, join(root, file))] = Object.keys(output.inputs)
      .map((input) => relative(dist, join(root, input)))
      .sort();
  }
  chmodSync(join(staging, 'cli.js'), 0o755);
  // The package's command: a CommonJS launcher (src/cli/bin.cts) that answers `--version` from
  // version.cjs without starting the ES module loader, and imports cli.js for everything else.
  const launcher = readFileSync(join(dist, 'cli/bin.cjs'), 'utf8').replace(
    /\n\/\/# sourceMappingURL=.*\n?$/,
    '\n',
  );
  writeFileSync(join(staging, 'rustybt.cjs'), launcher, { mode: 0o755 });
  modules['rustybt.cjs'] = ['cli/bin.cjs'];
  writeFileSync(join(staging, 'modules.json'), `${JSON.stringify(modules, null, 1)}\n`);
  // The inlined packages' licences travel with the code copied from them.
  for (const name of INLINED) {
    const license = join(root, 'node_modules', name, 'LICENSE');
    writeFileSync(join(staging, `${name}.LICENSE`), readFileSync(license));
  }
  const previous = `${target}.${process.pid}.old`;
  if (existsSync(target)) renameSync(target, previous);
  renameSync(staging, target);
  rmSync(previous, { recursive: true, force: true });
}

/**
 * An esbuild plugin that gives each dist/ module its own `import.meta.url` (its file under
 * dist/, computed from the bundle file's location: all bundle files sit in `target`) and marks
 * `IN_BUNDLE`. `format` is the output's: an ES module reads its own URL, CommonJS its __filename.
 */
function moduleUrls(dist, target, entriesModule, format) {
  return {
    name: 'rustybt-module-urls',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(`${dist}/`)) return undefined;
        let text = readFileSync(args.path, 'utf8');
        if (args.path === entriesModule) {
          const marked = text.replace(
            'export const IN_BUNDLE = false;',
            'export const IN_BUNDLE = true;',
          );
          if (marked === text) throw new Error(`${args.path}: no IN_BUNDLE line to mark`);
          text = marked;
        }
        if (text.includes('import.meta.url')) {
          // The module's own URL, from the bundle file's: all bundle files sit in one folder.
          const own = relative(target, args.path);
          const base =
            format === 'esm'
              ? 'import.meta.url'
              : "require('node:url').pathToFileURL(__filename).href";
          const local = `const ${META_URL} = new URL(${JSON.stringify(own)}, ${base}).href; `;
          // On the module's first line, so its lines keep their numbers in the source map.
          // The expression only: not the text in a string ('import.meta.url' as a define key).
          const body = text.replace(/(?<![\w.'"`])import\.meta\.url(?![\w'"`])/g, META_URL);
          text = body.startsWith('#!') ? body.replace('\n', `\n${local}`) : `${local}${body}`;
        }
        // Any other import.meta property would name the bundle file instead of the module's.
        const other = /(?<![\w.'"`])import\.meta\.(?!url\b)\w+/.exec(text);
        if (other !== null)
          throw new Error(`${args.path}: ${other[0]} cannot be bundled; use import.meta.url`);
        return { contents: text, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleDist(join(dirname(fileURLToPath(import.meta.url)), '..'));
}
