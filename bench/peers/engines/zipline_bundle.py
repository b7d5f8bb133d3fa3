"""A zipline-reloaded data bundle over a peer workload's CSV files.

zipline reads bars only from an ingested bundle. Its csvdir bundle takes the files as they are,
but zipline stamps a minute bar at the end of its minute (09:31 New York for the first) while
the CSV files stamp it at its start (09:30, as rustybt does), so this bundle shifts minute bars
by one minute on the way in and writes daily bars beside them (zipline's minute runs read the
daily reader too). Bundles live in WORKLOAD_DIR/zipline (ZIPLINE_ROOT).
"""

from __future__ import annotations

import os

import pandas as pd
from zipline.data import bundles

from common import read_bars


def bundle_name(description: dict) -> str:
    return f"peers-{description['name']}"


def zipline_root(description: dict) -> str:
    return str(description["dir"] / "zipline")


def register(description: dict) -> str:
    """Registers the workload's bundle (ingest and load both need it); returns its name."""
    name = bundle_name(description)
    minute = description["frequency"] == "minute"

    def ingest(
        environ, asset_db_writer, minute_bar_writer, daily_bar_writer, adjustment_writer,
        calendar, start_session, end_session, cache, show_progress, output_dir,
    ):
        frames = read_bars(description)
        columns = ["open", "high", "low", "close", "volume"]
        sessions = calendar.sessions_in_range(start_session, end_session)
        rows = []
        daily = {}
        for sid, (symbol, frame) in enumerate(frames.items()):
            if minute:
                bars = frame[columns].copy()
                bars.index = bars.index + pd.Timedelta(minutes=1)
                minute_bar_writer.write([(sid, bars)], show_progress=False)
                session = frame.index.tz_convert("America/New_York").normalize().tz_localize(None)
                days = frame[columns].groupby(session).agg(
                    {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
                )
            else:
                days = frame[columns].copy()
                days.index = days.index.tz_localize(None)
            daily[sid] = days.reindex(sessions)
            first, last = days.index[0], days.index[-1]
            rows.append((symbol, symbol, first, last, first, last + pd.Timedelta(days=1), "XNYS"))
        daily_bar_writer.write(daily.items(), show_progress=False)
        metadata = pd.DataFrame(
            rows,
            columns=["symbol", "asset_name", "start_date", "end_date", "first_traded",
                     "auto_close_date", "exchange"],
        )
        exchanges = pd.DataFrame(
            {"exchange": ["XNYS"], "canonical_name": ["XNYS"], "country_code": ["US"]}
        )
        asset_db_writer.write(equities=metadata, exchanges=exchanges)
        adjustment_writer.write()

    bundles.register(
        name,
        ingest,
        calendar_name="XNYS",
        start_session=pd.Timestamp(description["start"]),
        end_session=pd.Timestamp(description["end"]),
        minutes_per_day=390,
    )
    return name


def environ_for(description: dict) -> dict:
    return {**os.environ, "ZIPLINE_ROOT": zipline_root(description)}
