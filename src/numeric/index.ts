export {
  ROUNDING_MODES,
  DEFAULT_ROUNDING,
  parseRoundingMode,
  divideRounded,
  type RoundingMode,
} from './rounding.js';
export { parseDecimal, formatDecimal, unitsFromNumber, pow10 } from './decimal-text.js';
