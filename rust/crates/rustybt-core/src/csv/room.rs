//! Room for a file's bar columns in memory the caller owns (a JavaScript scratch
//! reused file after file): the reader moves each piece's rows there as it goes,
//! so its own columns only ever hold one piece's rows, and the bars exist once.

use super::CsvBars;

/// Number of bar columns a room holds: `at`, `open`, `high`, `low`, `close`, `volume`, `line`.
pub const ROOM_COLUMNS: usize = 7;

/// Seven columns of equal room laid end to end in borrowed memory, filled from the front.
/// When a file's rows outgrow the room, the rows already there move back into the reader's
/// own columns (in front of the rest) and the room takes no more: see [`ColumnRoom::rows`].
pub struct ColumnRoom<'a> {
    memory: &'a mut [f64],
    room: usize,
    rows: usize,
    outgrown: bool,
}

impl<'a> ColumnRoom<'a> {
    /// A room over `memory`, `memory.len() / 7` rows per column (any remainder unused).
    pub fn new(memory: &'a mut [f64]) -> Self {
        let room = memory.len() / ROOM_COLUMNS;
        ColumnRoom {
            memory,
            room,
            rows: 0,
            outgrown: false,
        }
    }

    /// Rows each column has room for.
    pub fn room(&self) -> usize {
        self.room
    }

    /// The rows held, or `None` once the file outgrew the room (its bars are then all in
    /// the reader's columns).
    pub fn rows(&self) -> Option<usize> {
        (!self.outgrown).then_some(self.rows)
    }

    /// Moves the rows of `bars`' columns after those held, leaving `bars`' columns empty
    /// (their memory kept for the next piece). If they do not fit, the rows held move in
    /// front of `bars`' instead and the room is done with.
    pub(super) fn take_rows(&mut self, bars: &mut CsvBars) {
        if self.outgrown {
            return;
        }
        let (room, held) = (self.room, self.rows);
        let added = bars.at.len();
        if held + added > room {
            self.outgrown = true;
            self.rows = 0;
            for (k, column) in bars.columns_mut().into_iter().enumerate() {
                let start = k * room;
                column.splice(0..0, self.memory[start..start + held].iter().copied());
            }
            return;
        }
        for (k, column) in bars.columns_mut().into_iter().enumerate() {
            let start = k * room + held;
            self.memory[start..start + added].copy_from_slice(column);
            column.clear();
        }
        self.rows = held + added;
    }

    /// The held rows of each column, `at` to `line`, to change.
    pub(super) fn columns_mut(&mut self) -> [&mut [f64]; ROOM_COLUMNS] {
        let (room, rows) = (self.room, self.rows);
        let mut rest: &mut [f64] = self.memory;
        std::array::from_fn(|_| {
            let (column, after) = std::mem::take(&mut rest).split_at_mut(room);
            rest = after;
            &mut column[..rows]
        })
    }

    /// Keeps the first `rows` rows held.
    pub(super) fn truncate(&mut self, rows: usize) {
        self.rows = self.rows.min(rows);
    }
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
        let mut memory = vec![0.0; 7 * 10];
        let mut room = ColumnRoom::new(&mut memory);
        let mut piece = bars_with(0..4);
        room.take_rows(&mut piece);
        assert!(piece.at.is_empty() && piece.at.capacity() >= 4);
        room.take_rows(&mut bars_with(4..10));
        assert_eq!(room.rows(), Some(10));
        let columns = room.columns_mut();
        assert_eq!(columns[0][9], 9.0);
        assert_eq!(columns[6][3], 6003.0);
    }

    #[test]
    fn hands_every_row_back_in_order_when_outgrown() {
        let mut memory = vec![0.0; 7 * 5 + 3];
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
    fn truncates_the_rows_held() {
        let mut memory = vec![0.0; 7 * 4];
        let mut room = ColumnRoom::new(&mut memory);
        room.take_rows(&mut bars_with(0..4));
        room.truncate(2);
        assert_eq!(room.rows(), Some(2));
        assert!(room.columns_mut().iter().all(|c| c.len() == 2));
    }
}
