export {
  TradingControls,
  type TradingControlsOptions,
  type SizeLimit,
  type ControlViolation,
  type ControlCheck,
} from './trading-controls.js';
