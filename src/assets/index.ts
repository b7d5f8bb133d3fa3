export {
  isTrading,
  type Asset,
  type AssetSpec,
  type Equity,
  type Crypto,
  type ForexPair,
} from './asset.js';
export { AssetFinder } from './asset-finder.js';
export { sessionFromDate, sessionOf, checkCalendarDate } from './session-date.js';
export { nearSymbols, describeUnknownSymbols } from './symbol-suggestions.js';
