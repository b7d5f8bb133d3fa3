export {
  ROUNDING_MODES,
  DEFAULT_ROUNDING,
  parseRoundingMode,
  divideRounded,
  type RoundingMode,
} from './rounding.js';
export { parseDecimal, formatDecimal, unitsFromNumber, pow10 } from './decimal-text.js';
export {
  roundingCode,
  divideUnits,
  roundPow10Half,
  roundHalfTie,
  mulShiftUnits,
  mulShiftWide,
  mulDivUnits,
  roundToStepUnits,
  scaleUnits,
  checkUnits,
  pow10Number,
  type RoundingCode,
} from './unit-arithmetic.js';
export {
  NUMERIC_MODES,
  type Numeric,
  type NumericMode,
  type Price,
  type Quantity,
  type Money,
  type Rate,
} from './numeric.js';
export { markDecimal, markFloat, type MarkKernel } from './mark-kernels.js';
export { decimalNumeric, decimalPlaces } from './decimal-numeric.js';
export { floatNumeric } from './float-numeric.js';
export { numericFor } from './numeric-for.js';
export {
  ASSET_CLASSES,
  ROUNDING_POINTS,
  DEFAULT_CLASS_SCALES,
  DEFAULT_CURRENCY_SCALES,
  decimalConfigSchema,
  decimalConfig,
  loadDecimalConfig,
  currencyScale,
  type AssetClass,
  type RoundingPoint,
  type ClassScales,
  type DecimalConfig,
  type DecimalConfigInput,
} from './decimal-config.js';
