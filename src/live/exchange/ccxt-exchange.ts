import type * as CcxtModule from 'ccxt';
import type { Exchange, Order as CcxtOrder, Trade as CcxtTrade } from 'ccxt';
import { ConfigError, ExchangeError } from '../../errors/index.js';
import { exact, toText } from '../../numeric/exact-decimal.js';
import type { ExchangeKeys } from './exchange-keys.js';
import { redactor } from './exchange-keys.js';
import { marketRules, type CcxtMarketLike, type MarketRules } from './market-rules.js';

/** An order as the exchange reports it, amounts as exact decimal text. */
export interface ExchangeOrder {
  /** The exchange's order id. */
  readonly id: string;
  /** Our client order id, when the exchange echoes it. */
  readonly clientId: string | undefined;
  /** ccxt's unified status: `open`, `closed` (filled), `canceled`, `rejected`, `expired`. */
  readonly status: string;
  /** Unsigned amount ordered and filled so far. */
  readonly amount: string;
  readonly filled: string;
}

/** One execution as the exchange reports it, amounts as exact decimal text. */
export interface ExchangeTrade {
  readonly id: string;
  readonly orderId: string;
  readonly side: 'buy' | 'sell';
  /** Unsigned amount of the base currency traded. */
  readonly amount: string;
  readonly price: string;
  /** The fee, when the exchange states one. */
  readonly fee: { readonly cost: string; readonly currency: string } | undefined;
}

/** What an order sends: unsigned amount and prices already rounded to the market's precision. */
export interface OrderRequest {
  readonly symbol: string;
  readonly clientId: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  readonly amount: string;
  /** Limit price (limit and stop-limit). */
  readonly price?: string;
  /** Trigger price of a stop or stop-limit. */
  readonly stopPrice?: string;
}

/** How an order's sending ended. */
export type SendOutcome =
  | { readonly kind: 'accepted'; readonly order: ExchangeOrder }
  | { readonly kind: 'rejected'; readonly error: ExchangeError }
  /** The request failed on the network: the order may or may not be at the exchange. */
  | { readonly kind: 'unknown'; readonly error: ExchangeError };

/** How to reach the exchange. */
export interface CcxtExchangeOptions {
  /** ccxt exchange id, e.g. `binance`. */
  exchange: string;
  /** The API keys (from the environment). */
  keys: ExchangeKeys;
  /** Use the exchange's testnet/sandbox (`setSandboxMode(true)`). */
  sandbox?: boolean;
  /** Extra ccxt constructor options (`urls` to point it at a gateway or a test server, `timeout`...). */
  config?: Record<string, unknown>;
}

/**
 * The exchange a live broker trades on, through ccxt: markets and their rules,
 * create/cancel/fetch orders by exchange or client order id, an order's
 * trades, balances. Every ccxt error leaves as an `ExchangeError` with the
 * keys redacted; `send` says whether a failed order is known not to be at the
 * exchange (rejected) or of unknown fate (a network failure after sending).
 */
export class CcxtExchange {
  /** ccxt exchange id. */
  readonly id: string;
  /** Removes the keys from any text. */
  readonly redact: (text: string) => string;
  private readonly exchange: Exchange;
  private readonly ccxt: typeof CcxtModule;
  private readonly rules = new Map<string, MarketRules>();

  private constructor(id: string, exchange: Exchange, ccxt: typeof CcxtModule, keys: ExchangeKeys) {
    this.id = id;
    this.exchange = exchange;
    this.ccxt = ccxt;
    this.redact = redactor(keys);
  }

  /**
   * Creates the ccxt exchange with the keys, switches it to its sandbox when
   * asked, and loads its markets.
   *
   * @throws ConfigError for an unknown exchange or one without a sandbox when `sandbox` is set;
   *   ExchangeError when the markets cannot be loaded (keys redacted).
   */
  static async connect(options: CcxtExchangeOptions): Promise<CcxtExchange> {
    const ccxt = await import('ccxt');
    const constructors = ccxt as unknown as Record<
      string,
      (new (config: object) => Exchange) | undefined
    >;
    const Constructor = Object.hasOwn(ccxt.exchanges, options.exchange)
      ? constructors[options.exchange]
      : undefined;
    if (Constructor === undefined) {
      throw new ConfigError(
        `Unknown ccxt exchange '${options.exchange}': use an id from ccxt.exchanges, e.g. binance, kraken, coinbase.`,
      );
    }
    const defaults =
      options.exchange === 'binance'
        ? {
            options: {
              fetchMarkets: { types: ['spot'] },
              fetchCurrencies: false,
              fetchMargins: false,
            },
          }
        : {};
    const exchange = new Constructor({
      enableRateLimit: true,
      ...defaults,
      ...options.config,
      apiKey: options.keys.apiKey,
      secret: options.keys.secret,
      ...(options.keys.password === undefined ? {} : { password: options.keys.password }),
    });
    if (options.sandbox === true) {
      const urls = exchange.urls as { test?: unknown };
      if (urls.test === undefined) {
        throw new ConfigError(
          `ccxt exchange '${options.exchange}' has no sandbox/testnet; drop --sandbox only if you mean real money.`,
        );
      }
      exchange.setSandboxMode(true);
    }
    const live = new CcxtExchange(options.exchange, exchange, ccxt, options.keys);
    await live.call('loading markets', () => exchange.loadMarkets());
    return live;
  }

  /**
   * The trading rules of `symbol` (precision and limits).
   *
   * @internal
   * @throws ConfigError when the exchange has no such market.
   */
  marketRules(symbol: string): MarketRules {
    let rules = this.rules.get(symbol);
    if (rules !== undefined) return rules;
    const markets = (this.exchange.markets ?? {}) as Record<string, CcxtMarketLike | undefined>;
    const market = markets[symbol];
    if (market === undefined) {
      throw new ConfigError(
        `${this.id} has no market '${symbol}'; use the unified form BASE/QUOTE, e.g. BTC/USDT.`,
      );
    }
    const mode =
      this.exchange.precisionMode === this.ccxt.functions.DECIMAL_PLACES
        ? 'decimalPlaces'
        : 'tickSize';
    if (this.exchange.precisionMode === this.ccxt.functions.SIGNIFICANT_DIGITS) {
      throw new ConfigError(
        `${this.id} states precision in significant digits; rustybt trades live only on exchanges with tick sizes or decimal places.`,
      );
    }
    rules = marketRules(market, mode);
    this.rules.set(symbol, rules);
    return rules;
  }

  /** Whether the exchange takes stop (trigger) orders through ccxt. */
  supportsStops(): boolean {
    const has = this.exchange.has;
    return has.createStopOrder === true || has.createTriggerOrder === true;
  }

  /**
   * Sends an order with its client order id. A refusal by the exchange
   * (invalid order, insufficient funds, bad symbol) is `rejected`; a network
   * failure is `unknown`: the order may be at the exchange, look it up by
   * client id before doing anything else.
   */
  async send(request: OrderRequest): Promise<SendOutcome> {
    const params: Record<string, unknown> = { clientOrderId: request.clientId };
    if (request.stopPrice !== undefined) params.triggerPrice = Number(request.stopPrice);
    try {
      const order = await this.exchange.createOrder(
        request.symbol,
        request.type,
        request.side,
        Number(request.amount),
        request.price === undefined ? undefined : Number(request.price),
        params,
      );
      return { kind: 'accepted', order: orderOf(order, request.clientId) };
    } catch (error) {
      const wrapped = this.error(`sending order ${request.clientId}`, error);
      return error instanceof this.ccxt.NetworkError
        ? { kind: 'unknown', error: wrapped }
        : { kind: 'rejected', error: wrapped };
    }
  }

  /** The order with exchange id `id`. @throws ExchangeError */
  async fetchOrder(id: string, symbol: string): Promise<ExchangeOrder> {
    const order = await this.call(`fetching order ${id}`, () =>
      this.exchange.fetchOrder(id, symbol),
    );
    return orderOf(order, undefined);
  }

  /**
   * The order sent with client id `clientId`, or undefined when the exchange
   * has none (it never arrived). @throws ExchangeError when the exchange cannot say.
   */
  async fetchOrderByClientId(clientId: string, symbol: string): Promise<ExchangeOrder | undefined> {
    try {
      if (this.exchange.has.fetchOrder === true) {
        const order = await this.exchange.fetchOrder('', symbol, { clientOrderId: clientId });
        return orderOf(order, clientId);
      }
    } catch (error) {
      if (error instanceof this.ccxt.OrderNotFound) return undefined;
      throw this.error(`looking up order ${clientId}`, error);
    }
    const open = await this.call(`looking up order ${clientId}`, () =>
      this.exchange.fetchOpenOrders(symbol),
    );
    const found = open.find((order) => order.clientOrderId === clientId);
    return found === undefined ? undefined : orderOf(found, clientId);
  }

  /** Cancels an order; false when the exchange no longer has it open. @throws ExchangeError */
  async cancel(id: string, symbol: string): Promise<boolean> {
    try {
      await this.exchange.cancelOrder(id, symbol);
      return true;
    } catch (error) {
      if (error instanceof this.ccxt.OrderNotFound) return false;
      throw this.error(`cancelling order ${id}`, error);
    }
  }

  /** The trades of order `id`. @throws ExchangeError */
  async orderTrades(id: string, symbol: string): Promise<ExchangeTrade[]> {
    const trades = await this.call(`fetching the trades of order ${id}`, () =>
      this.exchange.has.fetchOrderTrades === true
        ? this.exchange.fetchOrderTrades(id, symbol)
        : this.exchange.fetchMyTrades(symbol, undefined, undefined, { orderId: id }),
    );
    return trades.filter((trade) => trade.order === id).map(tradeOf);
  }

  /** Free and total balance per currency, exact text. @throws ExchangeError */
  async balances(): Promise<Map<string, { free: string; total: string }>> {
    const balance = await this.call('fetching balances', () => this.exchange.fetchBalance());
    const out = new Map<string, { free: string; total: string }>();
    const free = (balance.free ?? {}) as unknown as Record<string, number | undefined>;
    const total = (balance.total ?? {}) as unknown as Record<string, number | undefined>;
    for (const currency of Object.keys(total)) {
      out.set(currency, { free: text(free[currency] ?? 0), total: text(total[currency] ?? 0) });
    }
    return out;
  }

  /** Closes any socket ccxt holds. */
  async close(): Promise<void> {
    await this.exchange.close();
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.error(what, error);
    }
  }

  private error(what: string, error: unknown): ExchangeError {
    const name = error instanceof Error ? error.constructor.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    const hint =
      error instanceof this.ccxt.AuthenticationError
        ? ' Check the API keys in the environment and their trading permission.'
        : error instanceof this.ccxt.NetworkError
          ? ' The exchange did not answer; the journal lets a restart reconcile.'
          : '';
    return new ExchangeError(
      this.redact(`${this.id}: ${what} failed: ${name}: ${message.slice(0, 400)}.${hint}`),
    );
  }
}

/** Decimal text of a number ccxt parsed from the exchange's text (its shortest round trip). */
function text(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '0';
  return toText(exact(String(value)));
}

function orderOf(order: CcxtOrder, clientId: string | undefined): ExchangeOrder {
  return {
    id: String(order.id),
    clientId: order.clientOrderId ?? clientId,
    status: order.status ?? 'open',
    amount: text(order.amount),
    filled: text(order.filled),
  };
}

function tradeOf(trade: CcxtTrade): ExchangeTrade {
  const fee = trade.fee;
  return {
    id: String(trade.id),
    orderId: String(trade.order),
    side: trade.side === 'sell' ? 'sell' : 'buy',
    amount: text(trade.amount),
    price: text(trade.price),
    fee:
      fee === undefined || fee.cost === undefined || fee.currency === undefined
        ? undefined
        : { cost: text(fee.cost), currency: fee.currency },
  };
}
