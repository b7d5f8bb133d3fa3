import type { Asset } from '../../assets/asset.js';
import { ConfigError, TradingControlError } from '../../errors/index.js';
import type { Numeric } from '../../numeric/numeric.js';
import { roundingCode } from '../../numeric/unit-arithmetic.js';
import type { Ledger } from '../ledger/ledger.js';

/** A size limit in quantity (units of the asset) and/or value (account currency). */
export interface SizeLimit {
  /** Largest |quantity|, in units of the asset. */
  quantity?: number | string;
  /** Largest |quantity × price|, in the account currency. */
  value?: number | string;
}

/** The trading controls of a simulation; every control is off unless set. */
export interface TradingControlsOptions {
  /** What a violation does: `raise` a TradingControlError (default; the order is not placed) or `log` it and place the order. */
  onViolation?: 'raise' | 'log';
  /** Largest gross leverage (gross exposure / net liquidation) the order may lead to. */
  maxLeverage?: number;
  /** No order may leave a short position (counting open orders). */
  longOnly?: boolean;
  /** Per-order size limit. */
  maxOrderSize?: SizeLimit;
  /** Per-position size limit, counting open orders. */
  maxPositionSize?: SizeLimit;
  /** Largest number of orders placed per session. */
  maxOrdersPerDay?: number;
  /** Symbols that may not be ordered. */
  doNotOrder?: readonly string[];
  /** Called with every violation (in `log` mode the order still goes through). */
  logger?: (violation: ControlViolation) => void;
}

/** One broken control. */
export interface ControlViolation {
  /** Control name: `maxLeverage`, `longOnly`, `maxOrderSize`, `maxPositionSize`, `maxOrdersPerDay`, `doNotOrder`. */
  readonly control: string;
  readonly symbol: string;
  readonly message: string;
  /** Clock when it happened (epoch ms). */
  readonly timestamp: number;
}

/** A prospective order as the controls see it (engine representation). */
export interface ControlCheck {
  asset: Asset;
  /** Signed quantity. */
  quantity: number;
  /** Price estimate (limit price or last price); NaN when unknown: value limits are then skipped. */
  price: number;
  /** Signed quantity of the asset's live orders. */
  openQuantity: number;
  /** Orders placed so far this session. */
  ordersToday: number;
  timestamp: number;
}

/**
 * Pre-trade checks (zipline's trading controls). `check` runs every
 * configured control on an order before it reaches the blotter.
 */
export class TradingControls {
  readonly onViolation: 'raise' | 'log';
  /** Every violation seen, in order. */
  readonly violations: ControlViolation[] = [];
  private readonly options: TradingControlsOptions;
  private readonly doNotOrder: Set<string>;

  /**
   * @param options - the controls to enforce
   * @throws ConfigError for a negative or non-numeric limit
   */
  constructor(options: TradingControlsOptions = {}) {
    this.options = options;
    const mode = options.onViolation ?? 'raise';
    if (mode !== 'raise' && mode !== 'log') {
      throw new ConfigError(`onViolation must be "raise" or "log", got ${JSON.stringify(mode)}.`);
    }
    this.onViolation = mode;
    for (const [name, value] of [
      ['maxLeverage', options.maxLeverage],
      ['maxOrdersPerDay', options.maxOrdersPerDay],
      ['maxOrderSize.quantity', options.maxOrderSize?.quantity],
      ['maxOrderSize.value', options.maxOrderSize?.value],
      ['maxPositionSize.quantity', options.maxPositionSize?.quantity],
      ['maxPositionSize.value', options.maxPositionSize?.value],
    ] as const) {
      if (value !== undefined && !(Number(value) >= 0)) {
        throw new ConfigError(
          `Trading control ${name} must be a number >= 0, got ${JSON.stringify(value)}.`,
        );
      }
    }
    this.doNotOrder = new Set(options.doNotOrder ?? []);
  }

  /** Whether any control is set (an order then needs the account's state to be checked). */
  get active(): boolean {
    const o = this.options;
    return (
      o.maxLeverage !== undefined ||
      o.longOnly === true ||
      o.maxOrderSize !== undefined ||
      o.maxPositionSize !== undefined ||
      o.maxOrdersPerDay !== undefined ||
      this.doNotOrder.size > 0
    );
  }

  /**
   * Checks an order against every control. In `raise` mode the first
   * violation throws; in `log` mode all are recorded and returned.
   *
   * @throws TradingControlError in `raise` mode
   */
  check(order: ControlCheck, ledger: Ledger): ControlViolation[] {
    const found: ControlViolation[] = [];
    const o = this.options;
    const num = ledger.numeric;
    const { asset } = order;
    const flag = (control: string, message: string): void => {
      const violation = { control, symbol: asset.symbol, message, timestamp: order.timestamp };
      this.violations.push(violation);
      o.logger?.(violation);
      if (this.onViolation === 'raise') {
        throw new TradingControlError(
          control,
          `${message} (set onViolation: "log" to only record it).`,
        );
      }
      found.push(violation);
    };
    const abs = (x: number): number => (x < 0 ? -x : x);
    const held = ledger.quantity[asset.sid] ?? 0;
    const after = held + order.openQuantity + order.quantity;
    const hasPrice = order.price === order.price;
    const value = (q: number): number =>
      hasPrice ? abs(ledger.notional(asset.sid, order.price, q)) : Number.NaN;
    if (this.doNotOrder.has(asset.symbol))
      flag('doNotOrder', `${asset.symbol} is on the do-not-order list`);
    if (o.maxOrdersPerDay !== undefined && order.ordersToday + 1 > o.maxOrdersPerDay) {
      flag('maxOrdersPerDay', `More than ${o.maxOrdersPerDay} orders in one session`);
    }
    if (o.longOnly === true && after < 0) {
      flag('longOnly', `Order for ${asset.symbol} would leave a short position (long-only)`);
    }
    this.checkSize(
      'maxOrderSize',
      o.maxOrderSize,
      abs(order.quantity),
      value(order.quantity),
      num,
      asset,
      ledger,
      flag,
    );
    this.checkSize(
      'maxPositionSize',
      o.maxPositionSize,
      abs(after),
      value(after),
      num,
      asset,
      ledger,
      flag,
    );
    if (o.maxLeverage !== undefined && hasPrice) {
      const nav = ledger.netLiquidation();
      const current = abs(ledger.marketValue[asset.sid] ?? 0);
      const gross = ledger.grossExposure() - current + value(held + order.quantity);
      const leverage = nav > 0 ? gross / nav : Number.POSITIVE_INFINITY;
      if (leverage > o.maxLeverage) {
        flag(
          'maxLeverage',
          `Order for ${asset.symbol} would take gross leverage to ${leverage.toFixed(4)} > ${o.maxLeverage}`,
        );
      }
    }
    return found;
  }

  private checkSize(
    control: string,
    limit: SizeLimit | undefined,
    quantity: number,
    value: number,
    num: Numeric,
    asset: Asset,
    ledger: Ledger,
    flag: (control: string, message: string) => void,
  ): void {
    if (limit === undefined) return;
    const down = roundingCode('DOWN');
    if (limit.quantity !== undefined) {
      const max = num.fromInput(limit.quantity, asset.quantityScale, down);
      if (quantity > max)
        flag(control, `${control}: ${asset.symbol} quantity exceeds ${limit.quantity}`);
    }
    if (limit.value !== undefined && value === value) {
      const max = num.fromInput(limit.value, ledger.moneyScale, down);
      if (value > max)
        flag(
          control,
          `${control}: ${asset.symbol} value exceeds ${limit.value} ${ledger.currency}`,
        );
    }
  }
}
