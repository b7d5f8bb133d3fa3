import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AlgorithmStrategy } from '../engine/algorithm/run-options.js';
import { importStrategyModule, strategyFromModule } from '../engine/algorithm/strategy-loader.js';
import { ParameterError, StrategyError } from '../errors/index.js';
import { checkSpace, type Constraint, type ParameterSpace } from './parameter-space.js';

/**
 * A strategy file as a sweep uses it: loaded once, a fresh strategy built for
 * every run (so a class's fields never leak from one run into the next), its
 * declared parameter space and constraint, and the hash of its content that
 * names it in stored results and in jobs sent to other machines.
 */
export interface SweepStrategy {
  /** Absolute path of the file. */
  readonly path: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly hash: string;
  /** `export const params = { … }`, when the module declares one. */
  readonly space: ParameterSpace | undefined;
  /** `export function constraint(p)` (or `export const constraint`), when declared. */
  readonly constraint: Constraint | undefined;
  /** A new strategy object (hooks bound; a class instantiated anew). */
  create(): AlgorithmStrategy;
}

/**
 * SHA-256 of a strategy file's bytes (hex): the file itself, not the modules it imports.
 *
 * @throws StrategyError when the file cannot be read.
 */
export function strategyHash(file: string): string {
  try {
    return createHash('sha256')
      .update(readFileSync(resolve(file)))
      .digest('hex');
  } catch (error) {
    throw new StrategyError(
      `Strategy file ${resolve(file)} cannot be read: ${(error as Error).message}`,
    );
  }
}

/**
 * Loads a strategy file for a sweep.
 *
 * @throws StrategyError when it is missing, fails to load or lacks hooks;
 *   ParameterError when its `params` or `constraint` export is malformed.
 */
export async function loadSweepStrategy(file: string): Promise<SweepStrategy> {
  const path = resolve(file);
  const module = await importStrategyModule(path);
  const hash = strategyHash(path);
  const exports = exportsOf(module);
  strategyFromModule(module, path);
  const declared = exports.params;
  const space = declared === undefined ? undefined : checkSpace(declared, path);
  const constraint = exports.constraint;
  if (constraint !== undefined && typeof constraint !== 'function') {
    throw new ParameterError(
      `Strategy ${path} exports constraint, but not as a function; export function constraint(p) { return p.fast < p.slow; }.`,
    );
  }
  return {
    path,
    hash,
    space,
    constraint: constraint as Constraint | undefined,
    create: () => strategyFromModule(module, path),
  };
}

/** A `.ts` file compiled as CommonJS arrives as `{ default: module.exports }`. */
function exportsOf(module: Record<string, unknown>): Record<string, unknown> {
  if ('params' in module || 'constraint' in module) return module;
  const inner = module.default;
  if (typeof inner === 'object' && inner !== null) return inner as Record<string, unknown>;
  return module;
}
