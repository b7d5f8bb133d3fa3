"""The peer benchmark's strategy on NautilusTrader: python nautilus_sma.py WORKLOAD_DIR

One equity per symbol on a simulated XNYS venue with a cash account and zero fees; bars
wrangled from the pandas frames (minute bars stamped at their close, as Nautilus expects).
Nautilus fills a market order at once against the market the last bar left: the close of the
bar that raised the signal. These bars open where the previous bar closed (the generator's
random walk is continuous), so that close is the next bar's open to the cent: the prices match
next-bar-open, only the fill time is one bar earlier (and a signal on the very last bar fills).
The engine's time is engine.run(), after the bars are wrangled and added.
"""

import sys
import warnings
from decimal import Decimal

from nautilus_trader.backtest.engine import BacktestEngine, BacktestEngineConfig
from nautilus_trader.config import LoggingConfig, StrategyConfig
from nautilus_trader.indicators import SimpleMovingAverage
from nautilus_trader.model.currencies import USD
from nautilus_trader.model.data import Bar, BarType
from nautilus_trader.model.enums import AccountType, OmsType, OrderSide
from nautilus_trader.model.identifiers import InstrumentId, Symbol, Venue
from nautilus_trader.model.instruments import Equity
from nautilus_trader.model.objects import Money, Price, Quantity
from nautilus_trader.persistence.wranglers import BarDataWrangler
from nautilus_trader.trading.strategy import Strategy

import pandas as pd

from common import Stopwatch, cross, read_bars, relation, report, workload

VENUE = Venue("XNYS")


class SmaCrossConfig(StrategyConfig, frozen=True):
    bar_types: tuple
    fast: int = 10
    slow: int = 30
    shares: int = 10


class SmaCross(Strategy):
    def __init__(self, config: SmaCrossConfig):
        super().__init__(config)
        self.means = {
            bar_type: (SimpleMovingAverage(config.fast), SimpleMovingAverage(config.slow))
            for bar_type in config.bar_types
        }
        self.previous = {bar_type: None for bar_type in config.bar_types}
        self.fills = 0

    def on_start(self):
        for bar_type, (fast, slow) in self.means.items():
            self.register_indicator_for_bars(bar_type, fast)
            self.register_indicator_for_bars(bar_type, slow)
            self.subscribe_bars(bar_type)

    def on_bar(self, bar: Bar):
        bar_type = bar.bar_type
        fast, slow = self.means[bar_type]
        now = relation(fast.value, slow.value) if slow.initialized else None
        signal = cross(self.previous[bar_type], now)
        self.previous[bar_type] = now
        instrument_id = bar_type.instrument_id
        if signal > 0:
            order = self.order_factory.market(
                instrument_id, OrderSide.BUY, Quantity.from_int(self.config.shares)
            )
            self.submit_order(order)
        elif signal < 0 and self.portfolio.is_net_long(instrument_id):
            self.close_all_positions(instrument_id)

    def on_order_filled(self, event):
        self.fills += 1


def equity(symbol: str) -> Equity:
    return Equity(
        instrument_id=InstrumentId(Symbol(symbol), VENUE),
        raw_symbol=Symbol(symbol),
        currency=USD,
        price_precision=2,
        price_increment=Price.from_str("0.01"),
        lot_size=Quantity.from_int(1),
        ts_event=0,
        ts_init=0,
    )


def main(directory: str) -> None:
    description = workload(directory)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    frames = read_bars(description)
    minute = description["frequency"] == "minute"
    engine = BacktestEngine(
        BacktestEngineConfig(logging=LoggingConfig(log_level="ERROR"), run_analysis=False)
    )
    engine.add_venue(
        venue=VENUE,
        oms_type=OmsType.NETTING,
        account_type=AccountType.CASH,
        base_currency=USD,
        starting_balances=[Money(description["capitalBase"], USD)],
    )
    bar_types = []
    last_close = {}
    for symbol, frame in frames.items():
        instrument = equity(symbol)
        engine.add_instrument(instrument)
        step = "1-MINUTE" if minute else "1-DAY"
        bar_type = BarType.from_str(f"{instrument.id}-{step}-LAST-EXTERNAL")
        bars = frame[["open", "high", "low", "close", "volume"]]
        if minute:
            bars = bars.set_axis(bars.index + pd.Timedelta(minutes=1))
        engine.add_data(BarDataWrangler(bar_type, instrument).process(bars), sort=False)
        bar_types.append(bar_type)
        last_close[instrument.id] = Decimal(str(frame["close"].iloc[-1]))
    engine.sort_data()
    strategy = SmaCross(SmaCrossConfig(bar_types=tuple(bar_types), shares=description["shares"]))
    engine.add_strategy(strategy)
    with Stopwatch() as watch:
        engine.run()
    account = engine.cache.account_for_venue(VENUE)
    value = account.balance_total(USD).as_decimal()
    for position in engine.cache.positions_open():
        value += position.signed_decimal_qty() * last_close[position.instrument_id]
    report(watch, strategy.fills, float(value))
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
