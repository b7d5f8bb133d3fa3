import type { Kernels } from './kernels.js';
import { loadBackend, type BackendInfo, type LoadedBackend } from './loader.js';

let active: LoadedBackend | undefined;

function activeBackend(): LoadedBackend {
  if (active === undefined) {
    const loaded = loadBackend();
    if (loaded.warning !== undefined) process.stderr.write(`${loaded.warning}\n`);
    active = loaded;
  }
  return active;
}

/**
 * The backend in use by this process: `{ backend, reason, version }`. Chosen
 * once, on first use, from `RUSTYBT_BACKEND` and the presence of the addon.
 *
 * @throws NativeBackendError when `RUSTYBT_BACKEND=rust` and the addon cannot load.
 */
export function backendInfo(): BackendInfo {
  return { ...activeBackend().info };
}

/** The kernels of the active backend (internal: used by the facades). */
export function kernels(): Kernels {
  return activeBackend().kernels;
}
