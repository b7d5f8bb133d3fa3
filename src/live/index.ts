export { runLive, type LiveRunOptions, type LiveStatus } from './run-live.js';
export type { LiveResults } from './live-results.js';
export { PaperBroker } from './paper-broker.js';
export { LiveBroker, type LiveBrokerOptions } from './live-broker.js';
export {
  CcxtExchange,
  type CcxtExchangeOptions,
  type ExchangeOrder,
  type ExchangeTrade,
  type OrderRequest,
  type SendOutcome,
} from './exchange/ccxt-exchange.js';
export {
  exchangeKeysFromEnv,
  keyVariablePrefix,
  type ExchangeKeys,
} from './exchange/exchange-keys.js';
export {
  Journal,
  type JournalSession,
  type JournalStatus,
  type JournalState,
  type JournalOrder,
  type JournalEvent,
  type JournalBar,
  type JournalTrade,
} from './journal.js';
export { LiveClock, BAR_LENGTH_MS, type ClosedBarTime } from './live-clock.js';
export { LiveMarket } from './live-market.js';
export { AcceleratedClock } from './accelerated-clock.js';
export { ReplayFeed } from './replay-feed.js';
export { SafetyGuard, type SafetyLimits } from './safety-guard.js';
export { formingBarStart, historyStartBefore } from './history-window.js';
