export type { SlippageModel, SlippageInput } from './slippage-model.js';
export { NoSlippage } from './no-slippage.js';
export { FixedBasisPointsSlippage, type FixedBasisPointsOptions } from './fixed-basis-points.js';
export { VolumeShareSlippage, type VolumeShareOptions } from './volume-share.js';
export { FixedSpreadSlippage } from './fixed-spread.js';
