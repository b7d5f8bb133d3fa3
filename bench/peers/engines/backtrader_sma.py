"""The peer benchmark's strategy on backtrader: python backtrader_sma.py WORKLOAD_DIR

One data feed per symbol; market orders fill at the next bar's open (backtrader's default);
no commission, no slippage. The engine's time is cerebro.run() (feeding the bars from the
pandas frames included), after the CSV files are read.
"""

import sys

import backtrader as bt

from common import Stopwatch, cross, read_bars, relation, report, workload


class SmaCross(bt.Strategy):
    params = dict(fast=10, slow=30, shares=10)

    def __init__(self):
        self.means = [
            (bt.ind.SMA(d.close, period=self.p.fast), bt.ind.SMA(d.close, period=self.p.slow))
            for d in self.datas
        ]
        self.previous = [None] * len(self.datas)
        self.fills = 0

    def notify_order(self, order):
        if order.status == order.Completed:
            self.fills += 1

    def next(self):
        for k, d in enumerate(self.datas):
            fast, slow = self.means[k]
            now = relation(fast[0], slow[0])
            signal = cross(self.previous[k], now)
            self.previous[k] = now
            if signal > 0:
                self.buy(data=d, size=self.p.shares)
            elif signal < 0 and self.getposition(d).size != 0:
                self.close(data=d)


def main(directory: str) -> None:
    description = workload(directory)
    frames = read_bars(description)
    minute = description["frequency"] == "minute"
    cerebro = bt.Cerebro(stdstats=False)
    for symbol, frame in frames.items():
        frame.index = frame.index.tz_localize(None)
        cerebro.adddata(
            bt.feeds.PandasData(
                dataname=frame,
                name=symbol,
                timeframe=bt.TimeFrame.Minutes if minute else bt.TimeFrame.Days,
                compression=1,
            )
        )
    cerebro.addstrategy(SmaCross, shares=description["shares"])
    cerebro.broker.setcash(description["capitalBase"])
    cerebro.broker.setcommission(commission=0.0)
    with Stopwatch() as watch:
        (strategy,) = cerebro.run()
    report(watch, strategy.fills, cerebro.broker.getvalue())


if __name__ == "__main__":
    main(sys.argv[1])
