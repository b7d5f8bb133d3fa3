export { Ledger, accountingScale, type LedgerOptions } from './ledger.js';
export type { PositionView } from './position-view.js';
