//! Room for a file's bar columns in memory the caller owns (a JavaScript scratch
//! reused file after file): the reader moves each piece's rows there as it goes,
//! so its own columns only ever hold one piece's rows, and the bars exist once.
//! The lines the bars came from are kept as a run (first line and count) while they
//! follow one another, as they do in a file without blank lines: a column only when
//! they do not.

use super::bars::{all_in_range, check_columns, CheckedRows};
use super::{CsvBars, CsvPlan};
use crate::quality::OutlierScratch;

/// Number of bar columns a room holds: `at`, `open`, `high`, `low`, `close`, `volume`.
pub const ROOM_COLUMNS: usize = 6;

/// The lines (the header is line 1) the bars in a room came from.
#[derive(Debug, Clone, PartialEq)]
pub enum BarLines {
    /// Bar `i` came from line `first + i`.
    Run { first: f64, count: usize },
    /// Bar `i` came from line `lines[i]`.
    Listed(Vec<f64>),
}

impl BarLines {
    fn extend(&mut self, more: &[f64]) {
        for &line in more {
            match self {
                BarLines::Run { first, count } if *count == 0 || line == *first + *count as f64 => {
                    if *count == 0 {
                        *first = line;
                    }
                    *count += 1;
                }
                _ => self.listed().push(line),
            }
        }
    }

    /// The lines as a column (written out once, if they were a run).
    fn listed(&mut self) -> &mut Vec<f64> {
        if let BarLines::Run { first, count } = *self {
            *self = BarLines::Listed((0..count).map(|i| first + i as f64).collect());
        }
        match self {
            BarLines::Listed(lines) => lines,
            BarLines::Run { .. } => unreachable!("listed just above"),
        }
    }

    fn truncate(&mut self, rows: usize) {
        match self {
            BarLines::Run { count, .. } => *count = (*count).min(rows),
            BarLines::Listed(lines) => lines.truncate(rows),
        }
    }
}

/// Six columns of equal room laid end to end in borrowed memory, filled from the front.
/// When a file's rows outgrow the room, the rows already there move back into the reader's
/// own columns (in front of the rest) and the room takes no more: see [`ColumnRoom::rows`].
pub struct ColumnRoom<'a> {
    memory: &'a mut [f64],
    room: usize,
    rows: usize,
    lines: BarLines,
    outgrown: bool,
}

impl<'a> ColumnRoom<'a> {
    /// A room over `memory`, `memory.len() / 6` rows per column (any remainder unused).
    pub fn new(memory: &'a mut [f64]) -> Self {
        let room = memory.len() / ROOM_COLUMNS;
        ColumnRoom {
            memory,
            room,
            rows: 0,
            lines: BarLines::Run {
                first: 0.0,
                count: 0,
            },
            outgrown: false,
        }
    }

    /// Rows each column has room for.
    pub fn room(&self) -> usize {
        self.room
    }

    /// The rows held, or `None` once the file outgrew the room (its bars and their lines
    /// are then all in the reader's columns).
    pub fn rows(&self) -> Option<usize> {
        (!self.outgrown).then_some(self.rows)
    }

    /// The lines of the rows held.
    pub fn lines(&self) -> &BarLines {
        &self.lines
    }

    /// Takes the lines of the rows held, leaving an empty run.
    pub fn take_lines(&mut self) -> BarLines {
        std::mem::replace(
            &mut self.lines,
            BarLines::Run {
                first: 0.0,
                count: 0,
            },
        )
    }

    /// Moves the rows of `bars`' columns after those held, leaving `bars`' columns empty
    /// (their memory kept for the next piece). If they do not fit, the rows held (and their
    /// lines) move in front of `bars`' instead and the room is done with.
    pub(super) fn take_rows(&mut self, bars: &mut CsvBars) {
        if self.outgrown {
            return;
        }
        let (room, held) = (self.room, self.rows);
        let added = bars.at.len();
        let [at, open, high, low, close, volume, line] = bars.columns_mut();
        let columns = [at, open, high, low, close, volume];
        if held + added > room {
            self.outgrown = true;
            self.rows = 0;
            for (k, column) in columns.into_iter().enumerate() {
                let start = k * room;
                column.splice(0..0, self.memory[start..start + held].iter().copied());
            }
            let lines = std::mem::take(self.lines.listed());
            line.splice(0..0, lines);
            return;
        }
        for (k, column) in columns.into_iter().enumerate() {
            let start = k * room + held;
            self.memory[start..start + added].copy_from_slice(column);
            column.clear();
        }
        self.lines.extend(line);
        line.clear();
        self.rows = held + added;
    }

    /// The held rows of each column, `at` to `volume`, to change.
    pub fn columns_mut(&mut self) -> [&mut [f64]; ROOM_COLUMNS] {
        held_columns(self.memory, self.room, self.rows)
    }

    /// [`crate::csv::read_bars_reusing`]'s range and checks over the rows held: the bars in
    /// `[plan.start, plan.end]` kept at the front (a run of lines written out first if some
    /// are dropped, as the lines kept no longer follow one another).
    pub(super) fn check(&mut self, plan: &CsvPlan, outliers: &mut OutlierScratch) -> CheckedRows {
        let (room, rows) = (self.room, self.rows);
        if !all_in_range(&self.memory[..rows], plan.start, plan.end) {
            self.lines.listed();
        }
        let line = match &mut self.lines {
            BarLines::Listed(lines) => Some(lines.as_mut_slice()),
            BarLines::Run { .. } => None,
        };
        let columns = held_columns(self.memory, room, rows);
        let checked = check_columns(columns, line, plan, outliers);
        self.rows = checked.rows;
        self.lines.truncate(checked.rows);
        checked
    }
}

/// The first `rows` of each of the six columns of `room` rows laid end to end in `memory`.
fn held_columns(memory: &mut [f64], room: usize, rows: usize) -> [&mut [f64]; ROOM_COLUMNS] {
    let mut rest = memory;
    std::array::from_fn(|_| {
        let (column, after) = std::mem::take(&mut rest).split_at_mut(room);
        rest = after;
        &mut column[..rows]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars_with(rows: std::ops::Range<usize>) -> CsvBars {
        let mut bars = CsvBars::default();
        for (k, column) in bars.columns_mut().into_iter().enumerate() {
            column.extend(rows.clone().map(|r| (k * 1000 + r) as f64));
        }
        bars
    }

    #[test]
    fn takes_pieces_in_order_and_leaves_the_readers_columns_empty() {
        let mut memory = vec![0.0; 6 * 10];
        let mut room = ColumnRoom::new(&mut memory);
        let mut piece = bars_with(0..4);
        room.take_rows(&mut piece);
        assert!(piece.at.is_empty() && piece.line.is_empty() && piece.at.capacity() >= 4);
        room.take_rows(&mut bars_with(4..10));
        assert_eq!(room.rows(), Some(10));
        assert_eq!(
            room.lines(),
            &BarLines::Run {
                first: 6000.0,
                count: 10
            }
        );
        let columns = room.columns_mut();
        assert_eq!(columns[0][9], 9.0);
        assert_eq!(columns[5][3], 5003.0);
    }

    #[test]
    fn lists_the_lines_once_they_stop_following_one_another() {
        let mut memory = vec![0.0; 6 * 10];
        let mut room = ColumnRoom::new(&mut memory);
        room.take_rows(&mut bars_with(0..3));
        // A blank line between the pieces: the next bar's line is one further on.
        room.take_rows(&mut bars_with(4..6));
        assert_eq!(
            room.lines(),
            &BarLines::Listed(vec![6000.0, 6001.0, 6002.0, 6004.0, 6005.0])
        );
    }

    #[test]
    fn hands_every_row_and_line_back_in_order_when_outgrown() {
        let mut memory = vec![0.0; 6 * 5 + 3];
        let mut room = ColumnRoom::new(&mut memory);
        assert_eq!(room.room(), 5);
        room.take_rows(&mut bars_with(0..3));
        let mut rest = bars_with(3..7);
        room.take_rows(&mut rest);
        assert_eq!(room.rows(), None);
        assert_eq!(rest, bars_with(0..7));
        // Later pieces stay with the reader.
        let mut more = bars_with(7..8);
        room.take_rows(&mut more);
        assert_eq!(more.at, vec![7.0]);
    }

    #[test]
    fn keeps_the_range_and_lists_the_lines_kept() {
        let mut memory = vec![0.0; 6 * 6];
        let mut room = ColumnRoom::new(&mut memory);
        let mut bars = bars_with(0..6);
        // Prices that hold together, so the check runs through.
        bars.low.fill(1.0);
        bars.open.fill(2.0);
        bars.close.fill(2.0);
        bars.high.fill(3.0);
        room.take_rows(&mut bars);
        let mut plan = crate::csv::test_support::plan(true);
        (plan.start, plan.end) = (2.0, 4.0);
        let checked = room.check(&plan, &mut OutlierScratch::default());
        assert_eq!((checked.rows, room.rows()), (3, Some(3)));
        assert_eq!(room.columns_mut()[0], &[2.0, 3.0, 4.0][..]);
        assert_eq!(
            room.lines(),
            &BarLines::Listed(vec![6002.0, 6003.0, 6004.0])
        );
    }
}
