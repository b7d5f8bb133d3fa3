import type { Asset } from '../assets/asset.js';
import type { AssetFinder } from '../assets/asset-finder.js';
import type { OrderOptions } from '../engine/broker/broker.js';
import type { Ledger } from '../engine/ledger/ledger.js';
import { OrderEntry } from '../engine/orders/order-entry.js';
import { decimalNumeric } from '../numeric/decimal-numeric.js';
import type { LiveOrder } from './live-order.js';

/**
 * The order family (`order`, `orderValue`, `orderTarget`...) sized exactly as
 * in a backtest (`OrderEntry`), from the live account's ledger and open
 * orders; placing is the live broker's.
 */
export class LiveOrderEntry extends OrderEntry<LiveOrder> {
  readonly numeric = decimalNumeric;
  readonly assets: AssetFinder;

  constructor(
    assets: AssetFinder,
    private readonly ledger: Ledger,
    private readonly broker: {
      place(asset: Asset, quantity: number, options: OrderOptions): LiveOrder;
      openQuantity(asset: Asset): number;
    },
  ) {
    super();
    this.assets = assets;
  }

  protected tradableAsset(asset: Asset | string): Asset {
    const found = this.asset(asset);
    this.ledger.checkTradable(found);
    return found;
  }

  protected submit(asset: Asset, quantity: number, options: OrderOptions): LiveOrder {
    return this.broker.place(asset, quantity, options);
  }

  protected heldAndOpen(asset: Asset): number {
    return this.ledger.quantity[asset.sid] + this.broker.openQuantity(asset);
  }

  protected lastPriceOf(asset: Asset): number {
    return this.ledger.lastPrice[asset.sid];
  }

  protected netLiquidationValue(): number {
    return this.ledger.netLiquidation();
  }

  protected moneyScaleOf(): number {
    return this.ledger.moneyScale;
  }
}
