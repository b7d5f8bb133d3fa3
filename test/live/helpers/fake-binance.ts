import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  sendJson,
  startLoopback,
  type Loopback,
} from '../../data/sources/helpers/loopback-server.js';
import { binanceExchangeInfo } from './loopback-binance.js';

/** What the fake exchange does with a new order. */
export type OrderPlan =
  | { kind: 'fill'; price: string }
  | { kind: 'partial'; price: string; qty: string }
  | { kind: 'rest' }
  | { kind: 'reject'; code: number; msg: string }
  /** Takes the order (filled at `price` when given), then drops the connection without answering. */
  | { kind: 'drop'; price?: string }
  /** Drops the connection without taking the order. */
  | { kind: 'lose' };

interface FakeOrder {
  orderId: number;
  clientOrderId: string;
  side: 'BUY' | 'SELL';
  type: string;
  price: string;
  origQty: bigint;
  executed: bigint;
  cumQuote: bigint;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED';
  time: number;
}

/** One recorded trade, units: qty 1e-8, price 1e-2, commission 1e-8. */
export interface FakeTrade {
  id: number;
  orderId: number;
  isBuyer: boolean;
  qty: bigint;
  price: bigint;
  commission: bigint;
  commissionAsset: 'BTC' | 'USDT';
}

const QTY = 100_000_000n;
const PRICE = 100n;

const text = (units: bigint, scale: number) => {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
};
const units = (value: string, scale: number) => {
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
};

/**
 * A loopback Binance spot exchange (REST on 127.0.0.1) for the endpoints the
 * live broker uses, answering in Binance's documented formats: exchangeInfo,
 * order placement (FULL response), order query by id or client id, cancel,
 * open orders, account balances and myTrades. Each new order follows a plan
 * (fill, partial fill, rest, reject, or a connection dropped after or before
 * taking it); fees are 0.1 %, in BTC on a buy and USDT on a sell, as
 * Binance's default. Every request is recorded with its API key header.
 */
export class FakeBinance {
  readonly orders: FakeOrder[] = [];
  readonly trades: FakeTrade[] = [];
  /** The parameters of every order placement received. */
  readonly placements: URLSearchParams[] = [];
  /** Every cancel received (order ids). */
  readonly cancels: number[] = [];
  /** Every `X-MBX-APIKEY` header and query string received. */
  readonly seen: string[] = [];
  /** Requests the fake does not know (method and path). */
  readonly unhandled: string[] = [];
  /** Balances in units of 1e-8. */
  readonly balances = new Map<string, bigint>([
    ['USDT', 100_000n * QTY],
    ['BTC', 0n],
  ]);
  plan: (params: URLSearchParams) => OrderPlan = () => ({ kind: 'rest' });
  /** Signed requests to fail with 503 before answering again. */
  failSigned = 0;
  private server!: Loopback;
  private nextOrderId = 1000;
  private nextTradeId = 5000;

  /** Starts the server. */
  static async start(): Promise<FakeBinance> {
    const fake = new FakeBinance();
    fake.server = await startLoopback((url, response, request) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => fake.handle(url, body, request, response));
    });
    return fake;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** Fills `qty` of an open order at `price` (a resting order trading later). */
  fill(orderId: number, qty: string, price: string): void {
    const order = this.orders.find((o) => o.orderId === orderId)!;
    this.trade(order, units(qty, 8), units(price, 2));
  }

  private trade(order: FakeOrder, qty: bigint, price: bigint): void {
    const quote = (qty * price) / PRICE;
    const buy = order.side === 'BUY';
    const commission = buy ? qty / 1000n : quote / 1000n;
    this.trades.push({
      id: this.nextTradeId++,
      orderId: order.orderId,
      isBuyer: buy,
      qty,
      price,
      commission,
      commissionAsset: buy ? 'BTC' : 'USDT',
    });
    order.executed += qty;
    order.cumQuote += quote;
    order.status = order.executed === order.origQty ? 'FILLED' : 'PARTIALLY_FILLED';
    const add = (asset: string, delta: bigint) =>
      this.balances.set(asset, (this.balances.get(asset) ?? 0n) + delta);
    if (buy) {
      add('BTC', qty - commission);
      add('USDT', -quote);
    } else {
      add('BTC', -qty);
      add('USDT', quote - commission);
    }
  }

  private handle(url: URL, body: string, request: IncomingMessage, response: ServerResponse) {
    const params = new URLSearchParams(url.search);
    for (const [key, value] of new URLSearchParams(body)) params.set(key, value);
    this.seen.push(`${String(request.headers['x-mbx-apikey'] ?? '')} ${url.search} ${body}`);
    const path = url.pathname;
    if (path === '/api/v3/exchangeInfo') return sendJson(response, 200, binanceExchangeInfo(0));
    if (this.failSigned > 0 && params.has('signature')) {
      this.failSigned--;
      if (request.method === 'POST') return this.place(params, response, true);
      return sendJson(response, 503, '<html>503 Service Unavailable</html>');
    }
    if (path === '/api/v3/order' && request.method === 'POST') return this.place(params, response);
    if (path === '/api/v3/order' && request.method === 'GET') {
      const order = this.find(params);
      if (order === undefined)
        return sendJson(response, 400, { code: -2013, msg: 'Order does not exist.' });
      return sendJson(response, 200, this.query(order));
    }
    if (path === '/api/v3/order' && request.method === 'DELETE') {
      const order = this.find(params);
      if (order === undefined || order.status === 'FILLED' || order.status === 'CANCELED') {
        return sendJson(response, 400, { code: -2011, msg: 'Unknown order sent.' });
      }
      order.status = 'CANCELED';
      this.cancels.push(order.orderId);
      return sendJson(response, 200, {
        ...this.query(order),
        origClientOrderId: order.clientOrderId,
        clientOrderId: `cancel${order.orderId}`,
        transactTime: Date.now(),
      });
    }
    if (path === '/api/v3/openOrders') {
      return sendJson(
        response,
        200,
        this.orders
          .filter((o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')
          .map((o) => this.query(o)),
      );
    }
    if (path === '/api/v3/myTrades') {
      const orderId = Number(params.get('orderId'));
      return sendJson(
        response,
        200,
        this.trades
          .filter((t) => Number.isNaN(orderId) || t.orderId === orderId)
          .map((t) => this.tradeJson(t)),
      );
    }
    if (path === '/api/v3/account') {
      return sendJson(response, 200, {
        makerCommission: 10,
        takerCommission: 10,
        buyerCommission: 0,
        sellerCommission: 0,
        commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0', seller: '0' },
        canTrade: true,
        canWithdraw: false,
        canDeposit: true,
        brokered: false,
        requireSelfTradePrevention: false,
        preventSor: false,
        updateTime: 0,
        accountType: 'SPOT',
        balances: [...this.balances].map(([asset, free]) => ({
          asset,
          free: text(free, 8),
          locked: '0.00000000',
        })),
        permissions: ['SPOT'],
        uid: 354937868,
      });
    }
    this.unhandled.push(`${request.method} ${path}`);
    return sendJson(response, 404, { code: -1121, msg: 'Invalid symbol.' });
  }

  private place(params: URLSearchParams, response: ServerResponse, failing = false): void {
    this.placements.push(params);
    const plan: OrderPlan = failing ? { kind: 'lose' } : this.plan(params);
    if (plan.kind === 'reject') return sendJson(response, 400, { code: plan.code, msg: plan.msg });
    if (plan.kind === 'lose') {
      response.socket?.destroy();
      return;
    }
    const order: FakeOrder = {
      orderId: this.nextOrderId++,
      clientOrderId: params.get('newClientOrderId') ?? `x-${this.nextOrderId}`,
      side: params.get('side') === 'SELL' ? 'SELL' : 'BUY',
      type: params.get('type') ?? 'MARKET',
      price: params.get('price') ?? '0.00000000',
      origQty: units(params.get('quantity') ?? '0', 8),
      executed: 0n,
      cumQuote: 0n,
      status: 'NEW',
      time: Date.now(),
    };
    this.orders.push(order);
    const first = this.trades.length;
    if (plan.kind === 'fill') this.trade(order, order.origQty, units(plan.price, 2));
    if (plan.kind === 'partial') this.trade(order, units(plan.qty, 8), units(plan.price, 2));
    if (plan.kind === 'drop') {
      if (plan.price !== undefined) this.trade(order, order.origQty, units(plan.price, 2));
      response.socket?.destroy();
      return;
    }
    sendJson(response, 200, {
      ...this.query(order),
      transactTime: order.time,
      fills: this.trades.slice(first).map((t) => ({
        price: text(t.price, 2),
        qty: text(t.qty, 8),
        commission: text(t.commission, 8),
        commissionAsset: t.commissionAsset,
        tradeId: t.id,
      })),
    });
  }

  private find(params: URLSearchParams): FakeOrder | undefined {
    const id = params.get('orderId');
    const client = params.get('origClientOrderId');
    return this.orders.find((o) =>
      id !== null ? String(o.orderId) === id : o.clientOrderId === client,
    );
  }

  private query(order: FakeOrder): Record<string, unknown> {
    return {
      symbol: 'BTCUSDT',
      orderId: order.orderId,
      orderListId: -1,
      clientOrderId: order.clientOrderId,
      price: order.price,
      origQty: text(order.origQty, 8),
      executedQty: text(order.executed, 8),
      cummulativeQuoteQty: text(order.cumQuote, 8),
      status: order.status,
      timeInForce: 'GTC',
      type: order.type,
      side: order.side,
      stopPrice: '0.00000000',
      icebergQty: '0.00000000',
      time: order.time,
      updateTime: order.time,
      isWorking: true,
      workingTime: order.time,
      origQuoteOrderQty: '0.00000000',
      selfTradePreventionMode: 'NONE',
    };
  }

  private tradeJson(t: FakeTrade): Record<string, unknown> {
    return {
      symbol: 'BTCUSDT',
      id: t.id,
      orderId: t.orderId,
      orderListId: -1,
      price: text(t.price, 2),
      qty: text(t.qty, 8),
      quoteQty: text((t.qty * t.price) / PRICE, 8),
      commission: text(t.commission, 8),
      commissionAsset: t.commissionAsset,
      time: 1678406400000,
      isBuyer: t.isBuyer,
      isMaker: false,
      isBestMatch: true,
    };
  }
}
