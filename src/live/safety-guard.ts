import { existsSync } from 'node:fs';
import type { SizeLimit, TradingControlsOptions } from '../engine/controls/index.js';
import { ConfigError } from '../errors/index.js';
import { parseDecimal } from '../numeric/index.js';
import type { JournalState } from './journal.js';

/** Limits a live or paper run enforces on top of the strategy's own controls. */
export interface SafetyLimits {
  /** Largest single order (quantity and/or value in the account currency). */
  maxOrderSize?: SizeLimit;
  /** Largest position per asset, counting open orders. */
  maxPositionSize?: SizeLimit;
  /** Largest gross leverage an order may lead to. */
  maxLeverage?: number;
  /** Stop (cancelling open orders) once the session's P&L reaches minus this amount. */
  dailyLossLimit?: string | number;
  /** Stop (cancelling open orders) as soon as this file exists. */
  killSwitchFile?: string;
}

const SCALE = 18;

/**
 * Applies the safety limits: size, position and leverage limits join the
 * strategy's trading controls (the stricter of both wins, and a violation
 * always refuses the order); the daily loss limit and the kill switch stop
 * the run and cancel its open orders.
 */
export class SafetyGuard {
  private readonly limits: SafetyLimits;
  private readonly lossLimit: bigint | undefined;
  private reason: string | undefined;
  private cancel = false;

  /** @throws ConfigError for a loss limit that is not a positive decimal amount. */
  constructor(limits: SafetyLimits) {
    this.limits = limits;
    if (limits.dailyLossLimit !== undefined) {
      const text = String(limits.dailyLossLimit);
      let units: bigint;
      try {
        units = parseDecimal(text, SCALE);
      } catch {
        throw new ConfigError(`The daily loss limit must be a decimal amount, got ${text}.`);
      }
      if (units <= 0n) throw new ConfigError(`The daily loss limit must be positive, got ${text}.`);
      this.lossLimit = units;
    }
  }

  /** The strategy's controls joined with the safety limits. */
  controls(strategy: TradingControlsOptions): TradingControlsOptions {
    const { maxOrderSize, maxPositionSize, maxLeverage } = this.limits;
    if (maxOrderSize === undefined && maxPositionSize === undefined && maxLeverage === undefined) {
      return strategy;
    }
    return {
      ...strategy,
      onViolation: 'raise',
      maxOrderSize: stricter(strategy.maxOrderSize, maxOrderSize),
      maxPositionSize: stricter(strategy.maxPositionSize, maxPositionSize),
      maxLeverage: minOf(strategy.maxLeverage, maxLeverage),
    };
  }

  /** Checks the account after a bar against the daily loss limit. */
  afterBar(state: JournalState): void {
    if (this.lossLimit === undefined || this.reason !== undefined) return;
    if (parseDecimal(state.sessionPnl, SCALE) <= -this.lossLimit) {
      this.trip(
        `daily loss limit hit: session P&L ${state.sessionPnl} reached -${String(this.limits.dailyLossLimit)}`,
      );
    }
  }

  /** Trips the guard (a kill switch, a refused order): the run stops and cancels. */
  trip(reason: string, cancel = true): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.cancel = cancel;
  }

  /** Why the run must stop now, or undefined; checks the kill switch file. */
  tripped(): string | undefined {
    const file = this.limits.killSwitchFile;
    if (this.reason === undefined && file !== undefined && existsSync(file)) {
      this.trip(`kill switch: ${file} exists`);
    }
    return this.reason;
  }

  /** True when the stop must cancel the open orders. */
  cancelsOnStop(): boolean {
    return this.cancel;
  }
}

function minOf(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function stricter(a: SizeLimit | undefined, b: SizeLimit | undefined): SizeLimit | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return {
    quantity: minText(a.quantity, b.quantity),
    value: minText(a.value, b.value),
  };
}

function minText(
  a: number | string | undefined,
  b: number | string | undefined,
): number | string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return parseDecimal(String(a), SCALE) <= parseDecimal(String(b), SCALE) ? a : b;
}
