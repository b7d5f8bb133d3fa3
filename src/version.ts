import { readFileSync } from 'node:fs';

interface PackageManifest {
  version: string;
}

// src/version.ts and dist/version.js both sit one level below the package root.
const manifest = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PackageManifest;

/** The version of the installed rustybt package. */
export const VERSION: string = manifest.version;
