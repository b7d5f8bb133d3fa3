"""The peer benchmark's strategy on zipline-reloaded: python zipline_sma.py WORKLOAD_DIR

Reads the workload's ingested bundle (zipline_ingest.py). zipline fills an order on the bar
after it is placed at that bar's close, less volume-share slippage, plus a per-share
commission; here a slippage model fills the whole order at that bar's open and commissions are
zero, which is next-bar-open with no costs. The means come from data.history, the way zipline
strategies read past prices. The engine's time is run_algorithm().
"""

import sys
import warnings

import pandas as pd
from zipline import run_algorithm
from zipline.api import order, order_target, set_commission, set_slippage, symbol
from zipline.finance import commission, slippage
from zipline.utils.calendar_utils import get_calendar

from common import Stopwatch, cross, relation, report, workload
from zipline_bundle import environ_for, register


class NextBarOpen(slippage.SlippageModel):
    """Fills the whole order at the open of the bar it is processed on (the next bar)."""

    @staticmethod
    def process_order(data, order):
        return data.current(order.asset, "open"), order.amount


def strategy(description: dict):
    frequency = "1m" if description["frequency"] == "minute" else "1d"
    fast_n, slow_n, shares = description["fast"], description["slow"], description["shares"]

    def initialize(context):
        context.assets = [symbol(s) for s in description["symbols"]]
        set_slippage(us_equities=NextBarOpen())
        set_commission(us_equities=commission.PerShare(cost=0.0, min_trade_cost=0.0))
        context.bars = 0

    def handle_data(context, data):
        # zipline refuses a window reaching before the data; before bar slow_n + 1 no mean
        # has a previous value, so no cross is possible in any engine.
        context.bars += 1
        if context.bars <= slow_n:
            return
        closes = data.history(context.assets, "close", slow_n + 1, frequency).to_numpy()
        fast_now = closes[-fast_n:].mean(axis=0)
        fast_before = closes[-fast_n - 1 : -1].mean(axis=0)
        slow_now = closes[-slow_n:].mean(axis=0)
        slow_before = closes[:-1].mean(axis=0)
        for k, asset in enumerate(context.assets):
            signal = cross(
                relation(fast_before[k], slow_before[k]), relation(fast_now[k], slow_now[k])
            )
            if signal > 0:
                order(asset, shares)
            elif signal < 0:
                order_target(asset, 0)

    return initialize, handle_data


def main(directory: str) -> None:
    description = workload(directory)
    warnings.filterwarnings("ignore")
    name = register(description)
    initialize, handle_data = strategy(description)
    calendar = get_calendar("XNYS")
    start, end = pd.Timestamp(description["start"]), pd.Timestamp(description["end"])
    sessions = calendar.sessions_in_range(start, end)
    with Stopwatch() as watch:
        performance = run_algorithm(
            start=start,
            end=end,
            initialize=initialize,
            handle_data=handle_data,
            capital_base=description["capitalBase"],
            data_frequency=description["frequency"],
            bundle=name,
            trading_calendar=calendar,
            benchmark_returns=pd.Series(0.0, index=sessions.tz_localize("UTC")),
            environ=environ_for(description),
        )
    fills = int(performance["transactions"].map(len).sum())
    report(watch, fills, float(performance["portfolio_value"].iloc[-1]))


if __name__ == "__main__":
    main(sys.argv[1])
