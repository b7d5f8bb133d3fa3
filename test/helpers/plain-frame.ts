import type { BarFrame } from '../../src/data/bar-frame.js';

/**
 * A frame's contents as plain data, its columns copied into arrays: comparable with
 * `deepEqual`, and kept as they were when a streamed frame's columns are reused.
 */
export function plainFrame(frame: BarFrame): unknown {
  return {
    ...frame,
    timestamps: [...frame.timestamps],
    open: [...frame.open],
    high: [...frame.high],
    low: [...frame.low],
    close: [...frame.close],
    volume: [...frame.volume],
  };
}
