//! The CSV reader alone, for profiling (`valgrind --tool=callgrind`, `perf`):
//! reads every file of a directory of minute CSV files (`Date,Open,High,Low,Close,Volume`,
//! ISO UTC times, as `npm run bench -- startup` writes them) `PASSES` times.
//! `cargo run --release -p rustybt-core --example csv_profile -- DIR` (`FILES=4 PASSES=1` for callgrind).

use rustybt_core::csv::{read_bars, CsvPlan};

fn setting(name: &str, fallback: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(fallback)
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".to_owned());
    let mut files = std::fs::read_dir(&dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    files.sort();
    files.truncate(setting("FILES", usize::MAX));
    let data = files
        .iter()
        .map(std::fs::read)
        .collect::<std::io::Result<Vec<_>>>()?;
    let plan = CsvPlan {
        delimiter: b',',
        width: 6,
        date: 0,
        prices: [1, 2, 3, 4],
        volume: Some(5),
        price_scale: None,
        volume_scale: None,
        daily: false,
        utc: true,
        start: f64::NEG_INFINITY,
        end: f64::INFINITY,
    };
    let passes = setting("PASSES", 5);
    let started = std::time::Instant::now();
    let mut rows = 0;
    for _ in 0..passes {
        for file in &data {
            rows += read_bars(file, &plan).at.len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let bytes = data.iter().map(Vec::len).sum::<usize>() * passes;
    println!(
        "{rows} rows, {:.0} MB/s, {:.1} ns/row (wall)",
        bytes as f64 / 1e6 / seconds,
        seconds * 1e9 / rows.max(1) as f64
    );
    Ok(())
}
