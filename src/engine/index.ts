export {
  SimulatedAccount,
  type SimulatedAccountOptions,
  type ModelChoice,
  type DividendEvent,
  type SplitEvent,
  type SessionRecord,
} from './simulated-account.js';
export type { Broker, OrderOptions, OcoLeg, FillEvent, AccountSnapshot } from './broker/broker.js';
export { SimulatedBroker } from './broker/simulated-broker.js';
export { defaultSlippage, defaultCommission } from './default-models.js';
export { ModelConstant } from './model-constant.js';
export {
  Blotter,
  allocateBarInput,
  toEngineBar,
  executionPrice,
  type BlotterOptions,
  type OrderRequest,
  type BracketExits,
  type BarInput,
  type EngineBar,
  type FillReference,
} from './blotter/index.js';
export { Ledger, accountingScale, type LedgerOptions, type PositionView } from './ledger/index.js';
export {
  MARKET_ORDER,
  limitOrder,
  stopOrder,
  stopLimitOrder,
  trailingStopAmountOrder,
  trailingStopPercentOrder,
  isLive,
  orderQuantity,
  quantityForValue,
  type Order,
  type OrderRecord,
  type OrderStatus,
  type OrderStyleInput,
  type OrderType,
  type TimeInForce,
  type Fill,
} from './orders/index.js';
export {
  NoSlippage,
  FixedBasisPointsSlippage,
  VolumeShareSlippage,
  FixedSpreadSlippage,
  type SlippageModel,
  type SlippageInput,
  type FixedBasisPointsOptions,
  type VolumeShareOptions,
} from './slippage/index.js';
export {
  PerShareCommission,
  PerTradeCommission,
  PerDollarCommission,
  PercentageCommission,
  MakerTakerCommission,
  TieredCommission,
  type CommissionModel,
  type CommissionInput,
  type CommissionTier,
} from './commission/index.js';
export {
  TradingControls,
  type TradingControlsOptions,
  type SizeLimit,
  type ControlViolation,
  type ControlCheck,
} from './controls/index.js';
