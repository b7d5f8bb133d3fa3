// Module hooks (node:module register) that load a user's strategy files as ES
// modules whatever their package.json says. Runs in Node's hooks thread.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Extensions always read as ES modules when they live outside node_modules. */
const TYPESCRIPT = new Set(['.ts', '.tsx', '.mts', '.cts']);
/** Extensions read as ES modules outside node_modules when they use import or export. */
const JAVASCRIPT = new Set(['.js', '.jsx']);
const ESM_SYNTAX = /^\s*(?:import\s*[\w{*'"]|export\s*[\w{*]|export\s+default\b)/m;

interface ResolveResult {
  url: string;
  format?: string | null;
  [key: string]: unknown;
}
type NextResolve = (specifier: string, context: unknown) => Promise<ResolveResult>;

/**
 * Resolve hook: a project file (outside `node_modules`) written in
 * TypeScript, or in JavaScript with `import`/`export`, is given the `module`
 * format, so that its `import 'rustybt'` is an ES import. Without this, a
 * `.ts` file in a project whose package.json lacks `"type": "module"` is
 * compiled to CommonJS and its imports become `require` calls, which the
 * package's ESM-only exports refuse.
 */
export async function resolve(
  specifier: string,
  context: unknown,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  const resolved = await nextResolve(specifier, context);
  return isProjectSource(resolved) ? { ...resolved, format: 'module' } : resolved;
}

function isProjectSource(resolved: ResolveResult): boolean {
  if (!resolved.url.startsWith('file:')) return false;
  if (resolved.format === 'module' || resolved.format === 'module-typescript') return false;
  const url = new URL(resolved.url);
  url.search = '';
  const path = fileURLToPath(url);
  if (path.includes('/node_modules/') || path.includes('\\node_modules\\')) return false;
  const extension = extname(path).toLowerCase();
  if (TYPESCRIPT.has(extension)) return true;
  if (!JAVASCRIPT.has(extension)) return false;
  try {
    return ESM_SYNTAX.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}
