import type { Asset } from '../../assets/asset.js';
import type { AssetFinder } from '../../assets/asset-finder.js';
import { ConfigError, DataError, OrderError } from '../../errors/index.js';
import { currencyScale, type DecimalConfig } from '../../numeric/decimal-config.js';
import type { Money, Numeric, Price, Quantity } from '../../numeric/numeric.js';
import { roundingCode, type RoundingCode } from '../../numeric/unit-arithmetic.js';
import { HeldPosition, averageCostOf, type PositionView } from './position-view.js';

/**
 * Finest accounting scale the ledger raises money to: at 6 decimals amounts up to about 9·10^9
 * still fit in ±2^53 units. Currencies already finer (USDT at 8) are not raised.
 */
const MAX_ACCOUNTING_SCALE = 6;

/**
 * The accounting scale of a ledger in `currency`: the currency's scale, raised
 * to the finest price scale + quantity scale among the registered assets quoted
 * in it, up to 6 decimals, so their market values are exact.
 */
export function accountingScale(
  assets: AssetFinder,
  currency: string,
  currencyScale: number,
): number {
  let scale = currencyScale;
  for (const asset of assets.all()) {
    if (asset.quoteCurrency !== currency) continue;
    const exact = asset.priceScale + asset.quantityScale;
    if (exact > scale && exact <= MAX_ACCOUNTING_SCALE) scale = exact;
  }
  return scale;
}

/** How a Ledger is set up. */
export interface LedgerOptions {
  /** Arithmetic: `decimalNumeric` (exact) or `floatNumeric`. */
  numeric: Numeric;
  /** The asset registry; every traded asset must be quoted in `currency`. */
  assets: AssetFinder;
  /** Starting cash as decimal text (exact) or a number. */
  startingCash: string | number;
  /** Account currency, e.g. `USD` or `USDT`. */
  currency: string;
}

/** A dividend accrued on its ex-date and not yet paid. */
interface PendingDividend {
  sid: number;
  payDate: number;
  amount: number;
}

/**
 * The account: cash, positions and P&L, held column by column (one
 * Float64Array per field, indexed by sid) so that "apply these fills" and
 * "mark all positions to market" are loops over arrays that can move into
 * Rust whole.
 *
 * Every amount is in engine representation (see `Numeric`): in `decimal`
 * mode integer units (money at the account currency's scale, prices and
 * quantities at each asset's scales), exact; in `float` mode plain numbers.
 *
 * The accounting identity holds exactly in decimal mode after every operation:
 * `cash + Σ marketValue = startingCash + realized + unrealized − commissions + dividends`.
 */
export class Ledger {
  readonly numeric: Numeric;
  readonly assets: AssetFinder;
  readonly currency: string;
  /** Decimal places of the account currency: cash moves in whole units of this scale. */
  readonly currencyScale: number;
  /**
   * Accounting scale: decimal places of every Money value of this ledger
   * (cash, cost basis, market value, P&L). At least `currencyScale`, and fine
   * enough to hold price × quantity of the account's assets exactly (up to
   * 6 decimals), so marking them to market never rounds.
   */
  readonly moneyScale: number;
  /** 10^(moneyScale − currencyScale) in decimal mode, 1 in float mode: turns whole currency units into money. */
  readonly moneyFactor: number;
  readonly startingCash: Money;
  /** Cash balance. */
  cash: Money;
  /** Realized P&L of all positions, net of nothing (commissions are separate). */
  realized: Money;
  /** Commissions paid. */
  commissions: Money;
  /** Dividends paid into cash (positive) or charged on short positions (negative). */
  dividends: Money;
  /** Dividends accrued on ex-dates and not yet paid. */
  dividendsReceivable: Money;

  /** Signed quantity per sid (negative = short). */
  quantity: Float64Array;
  /** Total cost basis per sid (money; negative for shorts: the proceeds of the short sale). */
  costBasis: Float64Array;
  /** Last known price per sid (NaN before the first price). */
  lastPrice: Float64Array;
  /** Market value per sid at `lastPrice` (exact at the accounting scale when the asset's scales fit it, else rounded at the `notional` point). */
  marketValue: Float64Array;
  /** Realized P&L per sid. */
  realizedBySid: Float64Array;
  /** Per sid: price scale + quantity scale − currency scale (the shift of a cash notional). */
  private cashShift: Int32Array;
  /** Per sid: price scale + quantity scale − accounting scale (the shift of a valuation; ≤ 0 is exact). */
  private valueShift: Int32Array;
  private priceScale: Int32Array;
  private quantityScale: Int32Array;
  private readonly notionalMode: RoundingCode;
  private readonly costMode: RoundingCode;
  private readonly dividendMode: RoundingCode;
  private readonly splitMode: RoundingCode;
  private readonly priceMode: RoundingCode;
  private readonly pending: PendingDividend[] = [];
  private sessionStartValue: Money;

  /** @param options - arithmetic, assets, starting cash and account currency */
  constructor(options: LedgerOptions) {
    this.numeric = options.numeric;
    this.assets = options.assets;
    this.currency = options.currency;
    const config: DecimalConfig = options.assets.config;
    this.currencyScale = currencyScale(config, options.currency);
    this.moneyScale = accountingScale(options.assets, options.currency, this.currencyScale);
    this.moneyFactor =
      this.numeric.mode === 'decimal' ? 10 ** (this.moneyScale - this.currencyScale) : 1;
    const cash = this.numeric.fromInput(
      options.startingCash,
      this.currencyScale,
      roundingCode('DOWN'),
    );
    if (
      !Number.isFinite(cash) ||
      cash < 0 ||
      !this.numeric.fitsScale(options.startingCash, this.currencyScale)
    ) {
      throw new ConfigError(
        `Starting cash ${JSON.stringify(options.startingCash)} must be a non-negative amount with at most ${this.currencyScale} decimals in ${options.currency}.`,
      );
    }
    this.startingCash = this.numeric.check(cash * this.moneyFactor, 'starting cash') as Money;
    this.cash = this.startingCash;
    this.realized = 0 as Money;
    this.commissions = 0 as Money;
    this.dividends = 0 as Money;
    this.dividendsReceivable = 0 as Money;
    this.sessionStartValue = this.startingCash;
    this.notionalMode = roundingCode(config.roundingPoints.notional);
    this.costMode = roundingCode(config.roundingPoints.costBasis);
    this.dividendMode = roundingCode(config.roundingPoints.dividend);
    this.splitMode = roundingCode(config.roundingPoints.splitRemainder);
    this.priceMode = roundingCode(config.rounding);
    const n = Math.max(options.assets.count, 8);
    this.quantity = new Float64Array(n);
    this.costBasis = new Float64Array(n);
    this.lastPrice = new Float64Array(n).fill(Number.NaN);
    this.marketValue = new Float64Array(n);
    this.realizedBySid = new Float64Array(n);
    this.cashShift = new Int32Array(n);
    this.valueShift = new Int32Array(n);
    this.priceScale = new Int32Array(n);
    this.quantityScale = new Int32Array(n);
    this.syncAssets();
  }

  /** Number of sids the columns cover. */
  get size(): number {
    return this.assets.count;
  }

  /**
   * Picks up assets registered after the ledger was created, growing the columns.
   *
   * @throws OrderError when an asset is quoted in another currency than the account's.
   */
  syncAssets(): void {
    const count = this.assets.count;
    if (count > this.quantity.length) this.grow(Math.max(count, this.quantity.length * 2));
    for (let sid = 0; sid < count; sid++) {
      const asset = this.assets.retrieve(sid) as Asset;
      this.priceScale[sid] = asset.priceScale;
      this.quantityScale[sid] = asset.quantityScale;
      this.cashShift[sid] = asset.priceScale + asset.quantityScale - this.currencyScale;
      this.valueShift[sid] = asset.priceScale + asset.quantityScale - this.moneyScale;
    }
  }

  /** @throws OrderError when the asset cannot be held in this account. */
  checkTradable(asset: Asset): void {
    if (asset.quoteCurrency !== this.currency) {
      throw new OrderError(
        `${asset.symbol} is quoted in ${asset.quoteCurrency} but the account is in ${this.currency}; trade it in a ${asset.quoteCurrency} account.`,
      );
    }
    if (asset.sid >= this.assets.count || this.assets.retrieve(asset.sid) !== asset) {
      throw new OrderError(
        `Unknown asset ${asset.symbol}: register it with the AssetFinder first.`,
      );
    }
    if (asset.sid >= this.size || this.cashShift.length <= asset.sid) this.syncAssets();
  }

  private grow(n: number): void {
    const growF = (a: Float64Array, fill = 0): Float64Array => {
      const b = new Float64Array(n).fill(fill);
      b.set(a);
      return b;
    };
    const growI = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.quantity = growF(this.quantity);
    this.costBasis = growF(this.costBasis);
    this.lastPrice = growF(this.lastPrice, Number.NaN);
    this.marketValue = growF(this.marketValue);
    this.realizedBySid = growF(this.realizedBySid);
    this.cashShift = growI(this.cashShift);
    this.valueShift = growI(this.valueShift);
    this.priceScale = growI(this.priceScale);
    this.quantityScale = growI(this.quantityScale);
  }

  /** The cash `price × quantity` of `sid` moves: rounded to whole currency units at the `notional` point. */
  notional(sid: number, price: Price | number, quantity: Quantity | number): Money {
    return (this.numeric.mulShift(price, quantity, this.cashShift[sid], this.notionalMode) *
      this.moneyFactor) as Money;
  }

  /**
   * Books one fill: `quantity` (signed: positive buys, negative sells) of `sid`
   * at `price`, paying `commission`. Closing part of a position realizes P&L
   * against its average cost; a fill that crosses zero closes then reopens.
   * Returns the P&L it realized.
   */
  applyFill(sid: number, quantity: number, price: number, commission: number): Money {
    const num = this.numeric;
    const shift = this.cashShift[sid];
    const factor = this.moneyFactor;
    const q0 = this.quantity[sid];
    const c0 = this.costBasis[sid];
    let cash = this.cash - commission;
    let cost = c0;
    let realized = 0;
    if (q0 === 0 || q0 > 0 === quantity > 0) {
      const n = num.mulShift(price, quantity, shift, this.notionalMode) * factor;
      cash -= n;
      cost += n;
    } else {
      const closing = (quantity < 0 ? -quantity : quantity) <= (q0 < 0 ? -q0 : q0) ? quantity : -q0;
      const n = num.mulShift(price, closing, shift, this.notionalMode) * factor;
      const removed =
        closing === -q0
          ? c0
          : q0 > 0
            ? num.mulDiv(c0, -closing, q0, 0, this.costMode)
            : num.mulDiv(c0, closing, -q0, 0, this.costMode);
      realized = -n - removed;
      cash -= n;
      cost -= removed;
      const opening = quantity - closing;
      if (opening !== 0) {
        const n2 = num.mulShift(price, opening, shift, this.notionalMode) * factor;
        cash -= n2;
        cost += n2;
      }
    }
    const q1 = q0 + quantity;
    this.quantity[sid] = num.check(q1, 'position quantity');
    this.costBasis[sid] = q1 === 0 ? 0 : num.check(cost, 'cost basis');
    this.cash = num.check(cash, 'cash') as Money;
    this.commissions = (this.commissions + commission) as Money;
    if (realized !== 0) {
      this.realized = num.check(this.realized + realized, 'realized P&L') as Money;
      this.realizedBySid[sid] += realized;
    }
    // A fill is the latest trade: the position is valued at its price until the next mark.
    this.lastPrice[sid] = price;
    this.marketValue[sid] =
      q1 === 0 ? 0 : num.mulShift(price, q1, this.valueShift[sid], this.notionalMode);
    return realized as Money;
  }

  /**
   * Marks every position to `prices` (engine prices indexed by sid; NaN =
   * no price for that asset this bar, keep the last one).
   */
  markToMarket(prices: Float64Array): void {
    this.numeric.markToMarket(
      prices,
      this.quantity,
      this.lastPrice,
      this.marketValue,
      this.valueShift,
      Math.min(prices.length, this.assets.count),
      this.notionalMode,
    );
  }

  /** Σ market value of all positions. */
  positionsValue(): Money {
    let total = 0;
    const mv = this.marketValue;
    for (let sid = 0, n = this.assets.count; sid < n; sid++) total += mv[sid];
    return total as Money;
  }

  /** Σ (market value − cost basis): the unrealized P&L of all positions. */
  unrealized(): Money {
    let total = 0;
    for (let sid = 0, n = this.assets.count; sid < n; sid++) {
      if (this.quantity[sid] !== 0) total += this.marketValue[sid] - this.costBasis[sid];
    }
    return total as Money;
  }

  /** Unrealized P&L of one position. */
  unrealizedOf(sid: number): Money {
    return (this.quantity[sid] === 0 ? 0 : this.marketValue[sid] - this.costBasis[sid]) as Money;
  }

  /** Cash + positions at market + dividends receivable: what the account is worth. */
  netLiquidation(): Money {
    return (this.cash + this.positionsValue() + this.dividendsReceivable) as Money;
  }

  /** Σ |market value|. */
  grossExposure(): Money {
    let total = 0;
    const mv = this.marketValue;
    for (let sid = 0, n = this.assets.count; sid < n; sid++)
      total += mv[sid] < 0 ? -mv[sid] : mv[sid];
    return total as Money;
  }

  /** Σ market value (longs minus shorts). */
  netExposure(): Money {
    return this.positionsValue();
  }

  /** Gross exposure / net liquidation, as a JS number (a ratio, not money). */
  grossLeverage(): number {
    const nav = this.netLiquidation();
    return nav === 0 ? 0 : this.grossExposure() / nav;
  }

  /** Net exposure / net liquidation, as a JS number. */
  netLeverage(): number {
    const nav = this.netLiquidation();
    return nav === 0 ? 0 : this.netExposure() / nav;
  }

  /** Starts a session: its P&L is measured from the current net liquidation value. */
  startSession(): void {
    this.sessionStartValue = this.netLiquidation();
  }

  /** P&L since `startSession()`: change of net liquidation value. */
  sessionPnl(): Money {
    return (this.netLiquidation() - this.sessionStartValue) as Money;
  }

  /**
   * Both sides of the accounting identity: `cash + Σ market value` and
   * `startingCash + realized + unrealized − commissions + dividends`. Equal
   * exactly in decimal mode.
   */
  identity(): { assets: Money; sources: Money } {
    return {
      assets: (this.cash + this.positionsValue()) as Money,
      sources: (this.startingCash +
        this.realized +
        this.unrealized() -
        this.commissions +
        this.dividends) as Money,
    };
  }

  /** Average cost per unit of a position, at the asset's price scale (rounded at `costBasis`); 0 when flat. */
  averageCost(sid: number): Price {
    return averageCostOf(
      this.numeric,
      this.costBasis[sid],
      this.quantity[sid],
      this.valueShift[sid],
      this.costMode,
    );
  }

  /** A read-only snapshot of one position (its average cost computed when read). */
  position(sid: number): PositionView {
    const asset = this.assets.retrieve(sid);
    if (asset === undefined) throw new OrderError(`Unknown sid ${sid}.`);
    return new HeldPosition(
      asset,
      (this.quantity[sid] ?? 0) as Quantity,
      (this.costBasis[sid] ?? 0) as Money,
      (this.lastPrice[sid] ?? Number.NaN) as Price,
      (this.marketValue[sid] ?? 0) as Money,
      (this.realizedBySid[sid] ?? 0) as Money,
      this.unrealizedOf(sid),
      this.numeric,
      this.valueShift[sid] ?? 0,
      this.costMode,
    );
  }

  /** Snapshots of every open (non-zero) position, in sid order. */
  positions(): PositionView[] {
    const out: PositionView[] = [];
    for (let sid = 0, n = this.assets.count; sid < n; sid++) {
      if (this.quantity[sid] !== 0) out.push(this.position(sid));
    }
    return out;
  }

  /** The open position of `sid`, or undefined when its quantity is zero. */
  openPosition(sid: number): PositionView | undefined {
    return this.quantity[sid] === 0 || this.quantity[sid] === undefined
      ? undefined
      : this.position(sid);
  }

  /**
   * Accrues a cash dividend on its ex-date: the position held now (before
   * the ex-date's bars) earns `quantity × amountPerShare` (rounded at the
   * `dividend` point), paid into cash on `payDate` by `payDividends`. Short
   * positions owe it. Returns the accrued amount.
   *
   * @throws DataError when the amount is not a finite non-negative decimal.
   */
  accrueDividend(sid: number, amountPerShare: string | number, payDate: number): Money {
    const rate = this.numeric.rate(amountPerShare);
    if (!(rate.value >= 0))
      throw new DataError(`Dividend amount ${amountPerShare} must be non-negative.`);
    const q = this.quantity[sid];
    if (q === 0) return 0 as Money;
    const amount =
      this.numeric.mulShift(
        q,
        rate.value,
        this.quantityScale[sid] + rate.scale - this.currencyScale,
        this.dividendMode,
      ) * this.moneyFactor;
    this.pending.push({ sid, payDate, amount });
    this.dividendsReceivable = this.numeric.check(
      this.dividendsReceivable + amount,
      'dividends receivable',
    ) as Money;
    return amount as Money;
  }

  /** Pays every accrued dividend whose pay date is on or before `session` into cash. Returns the total paid. */
  payDividends(session: number): Money {
    let paid = 0;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const dividend = this.pending[i];
      if (dividend.payDate <= session) {
        paid += dividend.amount;
        this.pending.splice(i, 1);
      }
    }
    if (paid !== 0) {
      this.cash = this.numeric.check(this.cash + paid, 'cash') as Money;
      this.dividends = (this.dividends + paid) as Money;
      this.dividendsReceivable = (this.dividendsReceivable - paid) as Money;
    }
    return paid as Money;
  }

  /**
   * Applies a split of `numerator` new shares per `denominator` old ones
   * (2-for-1: 2, 1; 1-for-10 reverse: 1, 10). The quantity is multiplied and
   * rounded to the lot size at the `splitRemainder` point; the remainder is
   * paid in cash at the split-adjusted last price (realizing its share of
   * the cost basis); the total cost basis stays, so the cost per share is
   * divided by the ratio. Returns the cash paid for the remainder.
   *
   * @throws DataError when the ratio is not two positive integers.
   */
  applySplit(sid: number, numerator: number, denominator: number): Money {
    if (
      !Number.isSafeInteger(numerator) ||
      !Number.isSafeInteger(denominator) ||
      numerator <= 0 ||
      denominator <= 0
    ) {
      throw new DataError(`Split ratio ${numerator}:${denominator} must be two positive integers.`);
    }
    const num = this.numeric;
    const asset = this.assets.retrieve(sid) as Asset;
    const lot = num.fromUnits(asset.lotUnits, asset.quantityScale);
    const last = this.lastPrice[sid];
    const newPrice =
      last === last ? num.mulDiv(last, denominator, numerator, 0, this.priceMode) : last;
    const q = this.quantity[sid];
    let paid = 0;
    if (q !== 0) {
      const price = last === last ? last : this.averageCost(sid);
      const lots = num.roundToStep(
        num.mulDiv(q, numerator, denominator * lot, 0, this.splitMode),
        1,
        this.splitMode,
      );
      const kept = num.check(lots * lot, 'split quantity');
      // The remainder, in old-share units × numerator: q·n − kept·d.
      const excess = num.check(q * numerator - kept * denominator, 'split remainder');
      if (excess !== 0) {
        paid =
          num.mulDiv(price, excess, numerator, this.cashShift[sid], this.notionalMode) *
          this.moneyFactor;
        const whole = num.check(q * numerator, 'split quantity');
        const c0 = this.costBasis[sid];
        const removed =
          whole > 0
            ? num.mulDiv(c0, excess, whole, 0, this.costMode)
            : num.mulDiv(c0, -excess, -whole, 0, this.costMode);
        this.costBasis[sid] = kept === 0 ? 0 : c0 - removed;
        const realized = paid - removed;
        this.realized = (this.realized + realized) as Money;
        this.realizedBySid[sid] += realized;
        this.cash = num.check(this.cash + paid, 'cash') as Money;
      }
      this.quantity[sid] = kept;
    }
    this.lastPrice[sid] = newPrice;
    const q1 = this.quantity[sid];
    this.marketValue[sid] =
      q1 === 0 || newPrice !== newPrice
        ? 0
        : num.mulShift(newPrice, q1, this.valueShift[sid], this.notionalMode);
    return paid as Money;
  }
}
