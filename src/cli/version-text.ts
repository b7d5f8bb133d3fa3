import { RustybtError } from '../errors/index.js';
import { backendInfo } from '../native/backend.js';
import { VERSION } from '../version.js';

/**
 * What `rustybt --version` prints: the package version, then the active
 * backend with its version and the reason it was chosen.
 */
export function versionText(): string {
  try {
    const info = backendInfo();
    return `rustybt ${VERSION}\nbackend: ${info.backend} ${info.version} (${info.reason})\n`;
  } catch (error) {
    if (!(error instanceof RustybtError)) throw error;
    return `rustybt ${VERSION}\nbackend: unavailable (${error.message})\n`;
  }
}
