import { KERNEL_CODES } from '../kernel.js';
import { demaLanes, emaLanes, kamaLanes, smmaLanes, temaLanes, wmaLanes } from './averages.js';
import { registerDeclaredTwins, type LaneLoop } from '../../native/declared-twins.js';
import {
  adxLanes,
  cciLanes,
  macdLanes,
  momLanes,
  rocLanes,
  rsiLanes,
  stochLanes,
  willrLanes,
} from './oscillators.js';
import {
  atrLanes,
  bbandsLanes,
  donchianLanes,
  highestLanes,
  lowestLanes,
  obvLanes,
  stddevLanes,
  trueRangeLanes,
  vwapLanes,
} from './volatility.js';

/**
 * The TypeScript twins of rustybt-core's declared-indicator kernels, by
 * kernel code ({@link KERNEL_CODES}); SMA has its own (`declaredSmaInto`).
 * Registered with the TypeScript kernels on load.
 */
export const LANE_LOOPS: readonly (LaneLoop | undefined)[] = (() => {
  const loops: (LaneLoop | undefined)[] = [];
  const C = KERNEL_CODES;
  loops[C.ema] = emaLanes;
  loops[C.smma] = smmaLanes;
  loops[C.dema] = demaLanes;
  loops[C.tema] = temaLanes;
  loops[C.wma] = wmaLanes;
  loops[C.kama] = kamaLanes;
  loops[C.rsi] = rsiLanes;
  loops[C.macd] = macdLanes;
  loops[C.bbands] = bbandsLanes;
  loops[C.stddev] = stddevLanes;
  loops[C.atr] = atrLanes;
  loops[C.trueRange] = trueRangeLanes;
  loops[C.mom] = momLanes;
  loops[C.roc] = rocLanes;
  loops[C.highest] = highestLanes;
  loops[C.lowest] = lowestLanes;
  loops[C.donchian] = donchianLanes;
  loops[C.stoch] = stochLanes;
  loops[C.willr] = willrLanes;
  loops[C.cci] = cciLanes;
  loops[C.adx] = adxLanes;
  loops[C.obv] = obvLanes;
  loops[C.vwap] = vwapLanes;
  return loops;
})();

registerDeclaredTwins(LANE_LOOPS);
