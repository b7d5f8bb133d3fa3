import type { HeapProfileNode } from './inspector-types.js';
import { classify, relativeScript, type ProfileModule } from './module-map.js';

/** Sampled allocation bytes of one function. */
export interface AllocationStats {
  id: string;
  name: string;
  script: string;
  module: ProfileModule;
  bytes: number;
}

/** Allocations of a sampling heap profile by function and by module, largest first. */
export interface HeapAnalysis {
  totalBytes: number;
  functions: AllocationStats[];
  modules: { name: string; bytes: number }[];
}

/**
 * Sums the self sizes of a sampling heap profile per function (`script#name`)
 * and per module. With the GC-inclusive flags the worker sets, the bytes are
 * all sampled allocations of the run, not only the ones still alive.
 */
export function analyzeHeapProfile(head: HeapProfileNode): HeapAnalysis {
  const functions = new Map<string, AllocationStats>();
  const modules = new Map<string, number>();
  let totalBytes = 0;
  const visit = (node: HeapProfileNode) => {
    if (node.selfSize > 0) {
      const script = relativeScript(node.callFrame.url);
      const name = node.callFrame.functionName === '' ? '(anonymous)' : node.callFrame.functionName;
      const id = `${script}#${name}`;
      const { module } = classify(script, node.callFrame.functionName);
      const stats = functions.get(id) ?? { id, name, script, module, bytes: 0 };
      stats.bytes += node.selfSize;
      functions.set(id, stats);
      modules.set(module, (modules.get(module) ?? 0) + node.selfSize);
      totalBytes += node.selfSize;
    }
    for (const child of node.children) visit(child);
  };
  visit(head);
  return {
    totalBytes,
    functions: [...functions.values()].sort((a, b) => b.bytes - a.bytes),
    modules: [...modules.entries()]
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}
