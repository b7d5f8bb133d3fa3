export { Blotter, type BlotterOptions, type OrderRequest, type BracketExits } from './blotter.js';
export { allocateBarInput, toEngineBar, type BarInput, type EngineBar } from './bar-input.js';
export { executionPrice, type FillReference } from './fill-rules.js';
