import { readFileSync } from 'node:fs';

/**
 * The napi-rs platform suffix of the addon built for this machine, e.g.
 * `linux-x64-gnu` in `rustybt.linux-x64-gnu.node`.
 */
export function platformSuffix(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  switch (platform) {
    case 'linux':
      return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
    case 'win32':
      return `win32-${arch}-msvc`;
    default:
      return `${platform}-${arch}`;
  }
}

let musl: boolean | undefined;

/**
 * Whether the C library is musl: from `ldd`'s text when it can be read (a
 * file read), else from Node's process report (tens of milliseconds).
 */
function isMusl(): boolean {
  if (musl !== undefined) return musl;
  try {
    musl = readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } };
    musl = !report?.header?.glibcVersionRuntime;
  }
  return musl;
}
