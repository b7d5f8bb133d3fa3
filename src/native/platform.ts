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
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } };
  return !report?.header?.glibcVersionRuntime;
}
