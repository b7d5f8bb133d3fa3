import { ExchangeError, JournalError } from '../errors/index.js';
import { parseDecimal, formatDecimal } from '../numeric/decimal-text.js';
import type { CcxtExchange, ExchangeOrder } from './exchange/ccxt-exchange.js';
import type { Journal, JournalOrder, JournalTrade } from './journal.js';
import type { LiveBroker } from './live-broker.js';
import { LiveOrder, type LiveOrderSpec } from './live-order.js';

const FINAL = new Set(['filled', 'rejected']);

/**
 * Restarts a live session from its journal and the exchange: every journaled
 * order is rebuilt and every journaled trade booked again (the account comes
 * back as it was), then each order not known to be final is looked up on the
 * exchange — by its exchange id, or by its client order id when the process
 * stopped between sending it and hearing back. An order the exchange never
 * received is marked rejected and never sent again; one it did receive is
 * acknowledged; trades that arrived while the process was down are booked at
 * the first bar. Every difference is written as a `reconcile` event and returned.
 *
 * @throws ExchangeError when the exchange cannot be asked (nothing is sent meanwhile).
 */
export async function reconcileLive(
  journal: Journal,
  broker: LiveBroker,
  exchange: CcxtExchange,
  at: number,
): Promise<string[]> {
  broker.setBar(at);
  const sessionId = journal.session().id;
  const trades = new Map<string, JournalTrade[]>();
  for (const trade of journal.trades()) {
    const list = trades.get(trade.clientId) ?? [];
    list.push(trade);
    trades.set(trade.clientId, list);
  }
  const known = new Set(journal.trades().map((trade) => trade.tradeId));
  const restored: { entry: JournalOrder; order: LiveOrder }[] = [];
  for (const entry of journal.orders()) {
    const order = rebuild(entry, sessionId, broker);
    for (const trade of trades.get(entry.clientId) ?? []) rebook(broker, order, trade, exchange);
    order.exchangeFilled = formatDecimal(BigInt(Math.abs(order.booked)), order.asset.quantityScale);
    broker.restoreOrder(order);
    restored.push({ entry, order });
  }

  const differences: string[] = [];
  for (const { entry, order } of restored) {
    if (FINAL.has(entry.status)) continue;
    let state: ExchangeOrder | undefined;
    try {
      state =
        order.exchangeId === undefined
          ? await exchange.fetchOrderByClientId(order.clientId, order.asset.symbol)
          : await exchange.fetchOrder(order.exchangeId, order.asset.symbol);
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error;
      throw new ExchangeError(
        `Cannot reconcile order ${order.clientId} with ${exchange.id} on restart: ${error.message} Try again when the exchange answers; nothing was sent.`,
        { cause: error },
      );
    }
    if (state === undefined) {
      order.status = 'rejected';
      order.reason = `${exchange.id} never received it (the process stopped before or while sending it); not sent again`;
      journal.ack(order.clientId, at, {
        brokerId: '',
        amount: order.spec.amount,
        status: 'rejected',
        reason: order.reason,
      });
      differences.push(`order ${order.clientId} (${entry.request}): ${order.reason}`);
      continue;
    }
    if (order.exchangeId === undefined) {
      order.exchangeId = state.id;
      journal.ack(order.clientId, at, {
        brokerId: state.id,
        amount: order.spec.amount,
        status: 'open',
        reason: '',
      });
      differences.push(
        `order ${order.clientId} (${entry.request}) reached ${exchange.id} as order ${state.id} though its answer was lost; acknowledged, not sent again`,
      );
    }
    const statusBefore = order.status;
    const found = await broker.desk.update(order, state, known);
    for (const id of found) {
      differences.push(
        `order ${order.clientId}: trade ${id} happened while the session was down; booked at the first bar`,
      );
    }
    if (order.status !== statusBefore) {
      broker.desk.writeStatus(order);
      differences.push(
        `order ${order.clientId}: journal ${statusBefore}, exchange ${order.status}`,
      );
    }
  }
  for (const difference of differences) journal.note(at, 'reconcile', difference);
  return differences;
}

function rebuild(entry: JournalOrder, sessionId: string, broker: LiveBroker): LiveOrder {
  const id = Number(entry.clientId.slice(sessionId.length + 1));
  const asset = broker.assets.lookup(entry.symbol);
  if (
    !entry.clientId.startsWith(`${sessionId}-`) ||
    !Number.isSafeInteger(id) ||
    asset === undefined
  ) {
    throw new JournalError(
      `Journal order ${entry.clientId} (${entry.symbol}) does not belong to this session; use a new --journal.`,
    );
  }
  const spec: LiveOrderSpec =
    entry.spec === ''
      ? { amount: '0', type: 'market', limitPrice: '', stopPrice: '' }
      : (JSON.parse(entry.spec) as LiveOrderSpec);
  const price = (text: string) =>
    text === '' ? NaN : Number(parseDecimal(text, asset.priceScale));
  const order = new LiveOrder({
    id,
    asset,
    quantity: Number(parseDecimal(spec.amount, asset.quantityScale)),
    type: spec.type,
    limitPrice: price(spec.limitPrice),
    stopPrice: price(spec.stopPrice),
    placedAt: entry.barStart,
    clientId: entry.clientId,
    spec,
  });
  order.exchangeId = entry.brokerId === null || entry.brokerId === '' ? undefined : entry.brokerId;
  order.status = entry.status === 'intent' ? 'open' : (entry.status as LiveOrder['status']);
  order.reason = entry.reason;
  return order;
}

/** Books a journaled trade again into the rebuilt account (no event: it was handed over before). */
function rebook(
  broker: LiveBroker,
  order: LiveOrder,
  trade: JournalTrade,
  exchange: CcxtExchange,
): void {
  const ledger = broker.ledger;
  const asset = order.asset;
  const net = parseDecimal(trade.amount, asset.quantityScale);
  const price = Number(parseDecimal(trade.price, asset.priceScale));
  const commission = Number(parseDecimal(trade.commission, ledger.moneyScale));
  ledger.applyFill(asset.sid, Number(net), price, commission);
  const [cost = '0', currency = ''] = trade.fee.split(' ');
  const inAsset = currency === exchange.marketRules(asset.symbol).base;
  const gross = inAsset ? net + parseDecimal(cost, asset.quantityScale) : net;
  order.booked += Number(gross);
  order.commission = (order.commission + commission) as typeof order.commission;
}
