"""The peer benchmark's strategy on backtesting.py: python backtesting_sma.py WORKLOAD_DIR

backtesting.py runs one instrument per backtest, so each symbol is its own Backtest on the
workload's starting cash; the portfolio's final value is that cash plus the sum of the
symbols' profits (no costs, and the cash is never short, so the runs do not interact).
Market orders fill at the next bar's open (trade_on_close=False, the default). The engine's
time is the sum of the Backtest(...).run() calls, after the CSV files are read.
"""

import os
import sys
import warnings

os.environ.setdefault("TQDM_DISABLE", "1")  # its progress bar, read when tqdm is imported

import pandas as pd  # noqa: E402
from backtesting import Backtest, Strategy  # noqa: E402

from common import Stopwatch, cross, read_bars, relation, report, workload  # noqa: E402


def rolling_mean(values, window):
    return pd.Series(values).rolling(window).mean().to_numpy()


class SmaCross(Strategy):
    fast = 10
    slow = 30
    shares = 10

    def init(self):
        self.fast_mean = self.I(rolling_mean, self.data.Close, self.fast)
        self.slow_mean = self.I(rolling_mean, self.data.Close, self.slow)

    def next(self):
        # backtesting.py first calls next() on the bar after the indicators' warm-up, so the
        # previous relation is read from the arrays, not remembered from the last call.
        if len(self.slow_mean) < 2:
            return
        before = relation(self.fast_mean[-2], self.slow_mean[-2])
        signal = cross(before, relation(self.fast_mean[-1], self.slow_mean[-1]))
        if signal > 0:
            self.buy(size=self.shares)
        elif signal < 0 and self.position:
            self.position.close()


def main(directory: str) -> None:
    description = workload(directory)
    frames = read_bars(description)
    capital = description["capitalBase"]
    warnings.filterwarnings("ignore")
    value = capital
    fills = 0
    watch = Stopwatch()
    for frame in frames.values():
        frame = frame.rename(columns=str.capitalize)
        frame.index = frame.index.tz_localize(None)
        with watch:
            backtest = Backtest(
                frame, SmaCross, cash=capital, commission=0.0, trade_on_close=False,
                finalize_trades=False,
            )
            stats = backtest.run(shares=description["shares"])
        strategy = stats._strategy
        # A tie then a rise crosses up again while long: a second trade, closed by the same
        # order as the first. Fills are orders: one per entry bar, one per exit bar.
        trades = list(strategy.closed_trades) + list(strategy.trades)
        fills += len({t.entry_bar for t in trades})
        fills += len({t.exit_bar for t in strategy.closed_trades})
        value += stats["Equity Final [$]"] - capital
    report(watch, fills, value)


if __name__ == "__main__":
    main(sys.argv[1])
