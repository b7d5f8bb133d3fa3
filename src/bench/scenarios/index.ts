export {
  scenario,
  scenarioStrategy,
  prepareScenario,
  runScenario,
  twinBundleName,
  SCENARIO_NAMES,
  type Scenario,
  type ScenarioName,
  type ScenarioStrategy,
  type ScenarioRun,
} from './scenarios.js';
export { smaCrossover, type SmaCrossoverOptions } from './sma-crossover.js';
export { indicatorRotation, type IndicatorRotationOptions } from './indicator-rotation.js';
export { smaSignals, smaHistory } from './sma-signals.js';
