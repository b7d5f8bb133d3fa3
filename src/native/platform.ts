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

function isMusl(): boolean {
  // ldd names its C library: one small file read, where the process report (the fallback)
  // gathers the whole process's state and costs 5–10 ms of every start.
  try {
    const ldd = readFileSync('/usr/bin/ldd', 'latin1');
    if (ldd.includes('musl')) return true;
    if (ldd.includes('GNU C Library') || ldd.includes('GLIBC')) return false;
  } catch {
    // No ldd (a minimal image): ask the process report.
  }
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } };
  return !report?.header?.glibcVersionRuntime;
}
