"""What every Python engine script of the peer benchmark shares: the workload's description,
its bars as pandas frames, the crossover rule and the one result line the runner reads.

The crossover rule is the one rustybt's indicator batch applies: on bar t the fast mean crosses
up when fast > slow on bar t and fast <= slow on bar t-1, both defined (down: the mirror).
Each engine computes the means with its own indicator, in binary floats; prices are whole
cents, so the true difference of SMA(10) and SMA(30) is a multiple of 1/3000 and rounding it to
1e-6 decides an exact tie as a tie, as rustybt's exact means do. Without that, a tie would come
out +-1e-14 in one engine and 0 in another, and the fill counts would differ for no reason
but summation order.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import pandas as pd


def workload(directory: str) -> dict:
    """The workload.json written by export-bars.ts, with its directory."""
    path = Path(directory)
    description = json.loads((path / "workload.json").read_text())
    description["dir"] = path
    return description


def read_bars(description: dict) -> dict[str, pd.DataFrame]:
    """Every symbol's bars, indexed by UTC timestamp (bar open for minutes, session for days)."""
    frames = {}
    for symbol in description["symbols"]:
        frame = pd.read_csv(description["dir"] / "csv" / f"{symbol}.csv")
        frame.index = pd.DatetimeIndex(pd.to_datetime(frame.pop("date"), utc=True), name="date")
        frames[symbol] = frame
    return frames


def relation(fast: float, slow: float) -> int:
    """+1 above, -1 below, 0 tie; None while either mean is still warming up."""
    if fast is None or slow is None:
        return None
    fast, slow = float(fast), float(slow)
    if math.isnan(fast) or math.isnan(slow):
        return None
    difference = round(fast - slow, 6)
    return 1 if difference > 0 else -1 if difference < 0 else 0


def cross(previous: int | None, current: int | None) -> int:
    """+1 on a cross up, -1 on a cross down, 0 otherwise (relations from `relation`)."""
    if previous is None or current is None:
        return 0
    if current > 0 and previous <= 0:
        return 1
    if current < 0 and previous >= 0:
        return -1
    return 0


class Stopwatch:
    """Wall and CPU time (the process's, every thread) of the engine's own run call; adds up
    over several uses."""

    seconds = 0.0
    cpu_seconds = 0.0

    def __enter__(self) -> "Stopwatch":
        self.start = time.perf_counter()
        self.cpu_start = time.process_time()
        return self

    def __exit__(self, *_exc) -> None:
        self.seconds += time.perf_counter() - self.start
        self.cpu_seconds += time.process_time() - self.cpu_start


def report(watch: Stopwatch, fills: int, final_value: float, **extra) -> None:
    """The line the runner parses (stderr, like rustybt's)."""
    line = {
        "engineSeconds": watch.seconds,
        "engineCpuSeconds": watch.cpu_seconds,
        "fills": fills,
        "finalValue": round(final_value, 4),
    }
    line.update(extra)
    sys.stderr.write(f"PEERS_RESULT {json.dumps(line)}\n")
    sys.stderr.flush()
