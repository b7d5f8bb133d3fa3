"""Runs the peer benchmark: every engine on every workload, interleaved over rounds, one child
process per run; prints a Markdown table per workload with ratios against rustybt.

    bash bench/peers/setup.sh             # once: the peers' venv in ~/.cache/rustybt-peers/venv
    npm run build:ts                      # the CLI rustybt runs through
    ~/.cache/rustybt-peers/venv/bin/python bench/peers/run.py [--rounds 5]
        [--workloads daily-50,minute-10] [--engines rustybt,backtrader,...] [--timeout 600]
        [--no-warmup] [--data DIR] [--json FILE]

Per run: wall time of the whole process (spawn to exit), its CPU time (user + system, from
wait4: every thread of the child), its peak RSS, and what the engine's script reports: the
engine's own run call, fills, final portfolio value. The data of a workload is exported on
first use (export-bars.ts, into $RUSTYBT_PEERS_HOME/data, default ~/.cache/rustybt-peers/data) and ingested into a zipline bundle (zipline_ingest.py, timed and
reported apart); neither is part of any run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ENGINES_DIR = HERE / "engines"
PEERS_HOME = Path(os.environ.get("RUSTYBT_PEERS_HOME", Path.home() / ".cache" / "rustybt-peers"))
WORKLOADS = ["daily-50", "minute-10", "daily-500", "minute-100"]
ENGINES = ["rustybt", "backtesting.py", "backtrader", "zipline-reloaded", "nautilus_trader"]
SCRIPTS = {
    "backtesting.py": "backtesting_sma.py",
    "backtrader": "backtrader_sma.py",
    "zipline-reloaded": "zipline_sma.py",
    "nautilus_trader": "nautilus_sma.py",
}
PACKAGES = {
    "backtesting.py": "backtesting",
    "backtrader": "backtrader",
    "zipline-reloaded": "zipline-reloaded",
    "nautilus_trader": "nautilus_trader",
}


def main() -> None:
    options = parse_arguments()
    if options.from_json is not None:
        reports = [json.loads(Path(f).read_text()) for f in options.from_json]
        print(markdown(merge(reports), options.workloads, options.engines))
        return
    check_ready()
    found = versions(options.engines)
    data = Path(options.data).resolve()
    prepared = {name: prepare(data, name, options.engines) for name in options.workloads}
    if options.warmup:
        print("warm-up round (not counted) ...", file=sys.stderr)
        for name in options.workloads:
            for engine in options.engines:
                run_once(engine, prepared[name], options.timeout)
    runs: list[dict] = []
    for round_number in range(options.rounds):
        for name in options.workloads:
            shift = round_number % len(options.engines)
            order = options.engines[shift:] + options.engines[:shift]
            for engine in order:
                result = run_once(engine, prepared[name], options.timeout)
                result.update(workload=name, engine=engine, round=round_number)
                runs.append(result)
                print(progress_line(result), file=sys.stderr)
    report = {
        "machine": machine(),
        "versions": found,
        "rounds": options.rounds,
        "timeout": options.timeout,
        "ingest": {name: prepared[name].get("ingestSeconds") for name in options.workloads},
        "runs": runs,
    }
    if options.json is not None:
        Path(options.json).write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report, options.workloads, options.engines))


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="rustybt against peer engines, side by side")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workloads", default="daily-50,minute-10")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false")
    parser.add_argument("--data", default=str(PEERS_HOME / "data"), help="where workloads are exported")
    parser.add_argument("--json", help="also write every run's figures to this file")
    parser.add_argument(
        "--from-json",
        nargs="+",
        help="print the tables of runs saved with --json (of several files, a later one's runs of an engine on a workload replace an earlier one's)",
    )
    options = parser.parse_args()
    options.workloads = split_choices(options.workloads, WORKLOADS, "workload")
    options.engines = split_choices(options.engines, ENGINES, "engine")
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    return options


def split_choices(text: str, valid: list[str], what: str) -> list[str]:
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in valid]
    if unknown or not chosen:
        sys.exit(f"run.py: unknown {what} {', '.join(unknown) or '(none)'}; use {', '.join(valid)}")
    return chosen


def check_ready() -> None:
    if not (ROOT / "dist" / "cli" / "main.js").exists():
        sys.exit("run.py: dist/cli/main.js is missing: run `npm run build:ts` first")


def prepare(data: Path, name: str, engines: list[str]) -> dict:
    directory = data / name
    if not (directory / "workload.json").exists():
        command = ["node", "--import", "tsx", "bench/peers/export-bars.ts", "--out", str(data), name]
        subprocess.run(command, cwd=ROOT, check=True)
    description = json.loads((directory / "workload.json").read_text())
    description["dir"] = directory
    if "zipline-reloaded" in engines and not (directory / "zipline").exists():
        started = time.perf_counter()
        command = [sys.executable, str(ENGINES_DIR / "zipline_ingest.py"), str(directory)]
        subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
        description["ingestSeconds"] = time.perf_counter() - started
    return description


def command_for(engine: str, description: dict) -> list[str]:
    if engine == "rustybt":
        command = [
            "node", str(ROOT / "dist" / "cli" / "main.js"), "run",
            "-f", str(ENGINES_DIR / "rustybt-sma.ts"),
            "--csv-dir", str(description["dir"] / "csv"),
            "--start", description["start"], "--end", description["end"],
            "--data-frequency", description["frequency"],
            "--calendar", description["calendar"],
            "--capital-base", str(description["capitalBase"]),
            "--commission", "none", "--slippage", "none", "-q",
        ]
        return command
    return [sys.executable, str(ENGINES_DIR / SCRIPTS[engine]), str(description["dir"])]


def run_once(engine: str, description: dict, timeout: float) -> dict:
    """One run in its own process: wall time, and CPU time and peak RSS from wait4 (the child's
    own, every thread of it), and what the engine's script reports."""
    with tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            command_for(engine, description), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.perf_counter() - started > timeout:
                child.kill()
                _, status, usage = os.wait4(child.pid, 0)
                timed_out = True
                break
            time.sleep(0.002)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read()
    result = {
        "wallSeconds": wall,
        "cpuSeconds": usage.ru_utime + usage.ru_stime,
        "peakRssMb": usage.ru_maxrss / 1024,
        "timedOut": timed_out,
        "exitCode": child.returncode,
    }
    for line in text.splitlines():
        if line.startswith("PEERS_RESULT "):
            result.update(json.loads(line[len("PEERS_RESULT ") :]))
    if "fills" not in result:
        last = text.strip().splitlines()[-1:] or [f"exit code {child.returncode}"]
        result["error"] = f"timed out after {timeout:.0f} s" if timed_out else last[0]
    return result


def progress_line(result: dict) -> str:
    figures = (
        f"wall {result['wallSeconds']:.2f} s, cpu {result['cpuSeconds']:.2f} s, "
        f"engine {result.get('engineSeconds', float('nan')):.2f} s "
        f"(cpu {result.get('engineCpuSeconds', float('nan')):.2f} s), "
        f"fills {result.get('fills')}, value {result.get('finalValue')}"
    )
    if "error" in result:
        figures = f"FAILED: {result['error']}"
    return f"  round {result['round'] + 1} {result['workload']:<10} {result['engine']:<16} {figures}"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "loadAverage": os.getloadavg(),
        "node": node,
        "python": platform.python_version(),
        "commit": commit,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def versions(engines: list[str]) -> dict:
    found = {}
    for engine in engines:
        if engine == "rustybt":
            package = json.loads((ROOT / "package.json").read_text())
            found[engine] = package["version"]
        else:
            try:
                found[engine] = version(PACKAGES[engine])
            except PackageNotFoundError:
                sys.exit(
                    f"run.py: {engine} is not installed in this Python ({sys.executable}): run "
                    "`bash bench/peers/setup.sh` and use ~/.cache/rustybt-peers/venv/bin/python"
                )
    return found


def markdown(report: dict, workloads: list[str], engines: list[str]) -> str:
    lines = []
    for name in workloads:
        runs = [r for r in report["runs"] if r["workload"] == name]
        base = summary([r for r in runs if r["engine"] == "rustybt"])
        rounds = len({r["round"] for r in runs})
        lines.append(f"\n### {name} ({rounds} round{'s' if rounds > 1 else ''}, medians, min–max)\n")
        lines.append(
            "| engine | process wall | process CPU | engine wall | engine CPU | peak RSS | fills "
            "| final value | ÷ rustybt: process wall | process CPU | engine CPU |"
        )
        lines.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for engine in engines:
            own = summary([r for r in runs if r["engine"] == engine])
            label = f"{engine} {report['versions'][engine]}"
            if own is None:
                failures = [r for r in runs if r["engine"] == engine]
                if not failures:
                    continue
                first = failures[0]
                why = first.get("error")
                if first.get("timedOut"):
                    why = (
                        f"stopped after {first['wallSeconds']:.0f} s wall "
                        f"({first['cpuSeconds']:.0f} s CPU) unfinished"
                    )
                lines.append(f"| {label} | {why} | | | | | | | | | |")
                continue
            lines.append(
                f"| {label} | {spread(own['wall'])} | {spread(own['cpu'])} "
                f"| {spread(own['engine'])} | {spread(own['engineCpu'])} | {own['rss']:.0f} MB "
                f"| {own['fills']} | {own['value']:,.2f} | {ratio(own, base, 'wall')} "
                f"| {ratio(own, base, 'cpu')} | {ratio(own, base, 'engineCpu')} |"
            )
    return "\n".join(lines)


def merge(reports: list[dict]) -> dict:
    """Saved reports as one, the first one's machine: where a later report ran an engine on a
    workload again, its runs replace the earlier ones."""
    merged = dict(reports[0])
    runs: dict[tuple, list] = {}
    for report in reports:
        fresh: dict[tuple, list] = {}
        for run in report["runs"]:
            fresh.setdefault((run["workload"], run["engine"]), []).append(run)
        runs.update(fresh)
    merged["runs"] = [run for group in runs.values() for run in group]
    merged["versions"] = {k: v for report in reports for k, v in report["versions"].items()}
    merged["rounds"] = max(report["rounds"] for report in reports)
    return merged


def summary(runs: list[dict]) -> dict | None:
    done = [r for r in runs if "fills" in r]
    if not done:
        return None
    return {
        "wall": [r["wallSeconds"] for r in done],
        "cpu": [r["cpuSeconds"] for r in done],
        "engine": [r["engineSeconds"] for r in done],
        "engineCpu": [r["engineCpuSeconds"] for r in done],
        "rss": max(r["peakRssMb"] or 0 for r in done),
        "fills": "/".join(sorted({str(r["fills"]) for r in done})),
        "value": done[-1]["finalValue"],
    }


def spread(values: list[float]) -> str:
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.2f} s"
    return f"{median:.2f} s ({min(values):.2f}–{max(values):.2f})"


def ratio(own: dict, base: dict | None, key: str) -> str:
    if base is None:
        return "–"
    return f"{statistics.median(own[key]) / statistics.median(base[key]):.2f}×"


if __name__ == "__main__":
    main()
