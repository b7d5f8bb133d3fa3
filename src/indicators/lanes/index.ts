import { KERNEL_CODES, KERNEL_SHAPES, type KernelKind } from '../kernel.js';
import { registerDeclaredTwins, type LaneLoop } from '../../native/declared-twins.js';
import { laneLoop } from './lane-loop.js';
import { LANE_STEPS } from './lane-steps.js';

/**
 * The TypeScript twins of rustybt-core's declared-indicator kernels, by
 * kernel code ({@link KERNEL_CODES}): each kernel's lane step in its own
 * compiled lane loop. Registered with the TypeScript kernels on load.
 */
export const LANE_LOOPS: readonly LaneLoop[] = (() => {
  const loops: LaneLoop[] = [];
  for (const kind of Object.keys(KERNEL_CODES) as KernelKind[]) {
    const [inputs, outputs] = KERNEL_SHAPES[kind];
    loops[KERNEL_CODES[kind]] = laneLoop(kind, LANE_STEPS[kind], inputs, outputs);
  }
  return loops;
})();

registerDeclaredTwins(LANE_LOOPS);
