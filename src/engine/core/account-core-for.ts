import { backendInfo } from '../../native/backend.js';
import { SimulatedAccount, type SimulatedAccountOptions } from '../simulated-account.js';
import type { AccountCore } from './account-core.js';
import { modelsRunNatively } from './core-config.js';
import { RustAccountCore } from './rust-account-core.js';

/**
 * The engine core a run uses: the Rust core when the active backend is Rust
 * and every model is a built-in one (described as data the core runs), the
 * TypeScript `SimulatedAccount` otherwise. A user-written slippage or
 * commission model is a JS object the core cannot call, so such a run uses the
 * TypeScript core (`backend` says which ran); both give identical results.
 */
export function accountCoreFor(options: SimulatedAccountOptions): AccountCore {
  if (
    backendInfo().backend === 'rust' &&
    modelsRunNatively(options.assets, options.slippage, options.commission)
  ) {
    return new RustAccountCore(options);
  }
  return new SimulatedAccount(options);
}
