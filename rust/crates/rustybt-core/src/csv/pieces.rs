//! A CSV file read in pieces: the same bars as [`crate::csv::read_bars_reusing`] over the whole
//! file, holding only the scale sample and then one piece (plus a partial line) of
//! the file at a time instead of all of it.

use std::io::{ErrorKind, Read};

use super::bars::{
    body_of, check_rows, columns_for, nth_line_end, rows_to_expect, scales_of, RowReader,
};
use super::{ColumnRoom, CsvBars, CsvPlan, SCALE_SAMPLE_ROWS};
use crate::quality::OutlierScratch;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// Where a read in pieces works: the bytes of the piece being read (kept between
/// files), the columns to fill and the outlier scan's buffers.
pub struct PieceBuffers<'a> {
    pub bytes: &'a mut Vec<u8>,
    pub outliers: &'a mut OutlierScratch,
}

/// [`crate::csv::read_bars_reusing`] over `source`, read `piece` bytes at a time (more at first if
/// the header and the scale sample need it). `file_len` is the file's size, from which
/// the rows to expect are estimated as from the whole file; `columns` is given the rows
/// the reader's columns should have room for and returns them (cleared, with that room).
/// The bars are the same as the whole file's; a file that is not ASCII stops the read at
/// once.
///
/// With a `room`, each piece's rows move there as soon as they are read: the columns then
/// need room for a piece's rows only, and the bars are returned in the room (their columns
/// in the returned bars empty) unless the file outgrew it (see [`ColumnRoom::rows`]).
pub fn read_bars_in_pieces<R: Read>(
    source: &mut R,
    file_len: usize,
    plan: &CsvPlan,
    buffers: PieceBuffers<'_>,
    piece: usize,
    columns: impl FnOnce(usize) -> CsvBars,
    mut room: Option<&mut ColumnRoom<'_>>,
) -> std::io::Result<CsvBars> {
    let PieceBuffers { bytes, outliers } = buffers;
    let piece = piece.max(1);
    bytes.clear();
    // The header and the scale sample (or the whole file) first.
    let mut ended = false;
    let mut breaks = 0;
    while breaks <= SCALE_SAMPLE_ROWS {
        let from = bytes.len();
        if read_piece(source, bytes, piece)? == 0 {
            ended = true;
            break;
        }
        breaks += memchr::memchr_iter(b'\n', &bytes[from..]).count();
    }
    let skipped = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    if !bytes[skipped..].is_ascii() {
        return Ok(CsvBars::default());
    }
    let text = &bytes[skipped..];
    let body = body_of(text);
    let body_start = skipped + (text.len() - body.len());
    let (sample_end, sample_lines) = nth_line_end(body, SCALE_SAMPLE_ROWS);
    let body_len = if ended {
        body.len()
    } else {
        file_len.saturating_sub(body_start).max(body.len())
    };
    let (price_scale, volume_scale) = scales_of(plan, &body[..sample_end]);
    let expected = rows_to_expect(body_len, sample_end, sample_lines);
    // With a room, the columns hold what the bytes held at once (the first read, then pieces).
    let reserved = match room {
        Some(_) if sample_lines > 0 => rows_to_expect(
            (bytes.len() - body_start).max(piece),
            sample_end,
            sample_lines,
        )
        .min(expected),
        _ => expected,
    };
    let mut bars = columns_for(columns(reserved), reserved);
    let mut rows = RowReader::new(plan, price_scale, volume_scale, true);
    let mut start = body_start;
    let mut read = bytes.len() - body_start;
    while !ended {
        // The whole lines read so far, then the partial last one carried to the front.
        if let Some(at) = memchr::memrchr(b'\n', &bytes[start..]) {
            rows.read(&bytes[start..start + at + 1], &mut bars);
            if let Some(room) = room.as_deref_mut() {
                room.take_rows(&mut bars);
            }
            start += at + 1;
        }
        bytes.drain(..start);
        start = 0;
        let from = bytes.len();
        let got = read_piece(source, bytes, piece)?;
        if got == 0 {
            ended = true;
        } else if !bytes[from..].is_ascii() {
            return Ok(CsvBars::default());
        }
        read += got;
    }
    rows.read(&bytes[start..], &mut bars);
    bars.ascii = true;
    bars.sampled = sample_end < read;
    bars.price_scale = price_scale;
    bars.volume_scale = volume_scale;
    if let Some(room) = room {
        room.take_rows(&mut bars);
        if room.rows().is_some() {
            if bars.other.is_empty() {
                room.check(plan, outliers).mark(&mut bars);
            }
            return Ok(bars);
        }
    }
    check_rows(&mut bars, plan, outliers);
    Ok(bars)
}

/// Appends up to `piece` bytes of `source` to `bytes`; returns how many (0 at its end).
fn read_piece<R: Read>(
    source: &mut R,
    bytes: &mut Vec<u8>,
    piece: usize,
) -> std::io::Result<usize> {
    let from = bytes.len();
    // Exactly the room asked for: a piece plus the partial line carried over would
    // otherwise double the buffer (the vector's growth), held for every file after.
    bytes.reserve_exact(piece);
    bytes.resize(from + piece, 0);
    let got = loop {
        match source.read(&mut bytes[from..]) {
            Ok(got) => break got,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => {
                bytes.truncate(from);
                return Err(e);
            }
        }
    };
    bytes.truncate(from + got);
    Ok(got)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::test_support::{self, Lcg};
    use crate::csv::{read_bars, BarLines};

    fn plan() -> CsvPlan {
        test_support::plan(false)
    }

    /// The bars read in pieces of `piece` bytes, into `room` when given.
    fn read(text: &[u8], plan: &CsvPlan, piece: usize, room: Option<&mut ColumnRoom>) -> CsvBars {
        let mut bytes = Vec::new();
        let mut outliers = OutlierScratch::default();
        let buffers = PieceBuffers {
            bytes: &mut bytes,
            outliers: &mut outliers,
        };
        let mut source = text;
        read_bars_in_pieces(
            &mut source,
            text.len(),
            plan,
            buffers,
            piece,
            |_| CsvBars::default(),
            room,
        )
        .expect("a slice reads without error")
    }

    fn in_pieces(text: &[u8], plan: &CsvPlan, piece: usize) -> CsvBars {
        read(text, plan, piece, None)
    }

    /// [`in_pieces`] with a room of `room_rows` rows: the bars as the reader returns them,
    /// their columns taken from the room when they went there, and whether they did.
    fn in_room(text: &[u8], plan: &CsvPlan, piece: usize, room_rows: usize) -> (CsvBars, bool) {
        let mut memory = vec![f64::NAN; room_rows * crate::csv::ROOM_COLUMNS];
        let mut room = ColumnRoom::new(&mut memory);
        let mut bars = read(text, plan, piece, Some(&mut room));
        let held = room.rows().filter(|_| bars.ascii);
        if let Some(rows) = held {
            assert!(
                bars.at.is_empty(),
                "bars both in the room and in the columns"
            );
            for (column, held) in bars.columns_mut().into_iter().zip(room.columns_mut()) {
                column.extend_from_slice(held);
            }
            bars.line = match room.take_lines() {
                BarLines::Run { first, count } => {
                    assert_eq!(count, rows);
                    (0..count).map(|i| first + i as f64).collect()
                }
                BarLines::Listed(lines) => lines,
            };
        }
        (bars, held.is_some())
    }

    #[test]
    fn reads_the_same_bars_whatever_the_size_of_the_pieces() {
        let mut lcg = Lcg(17);
        let mut next = move |below: usize| lcg.below(below);
        let rows = [
            &b"2024-01-02T14:30:00Z,20.00,20.01,19.99,20.00,698715"[..],
            b"2024-01-02T14:31:00Z,20.125,20.5,19.5,20.25,12",
            b"2024-01-02T14:32:00Z,20,20.5,19.5,20.25,",
            b"2024-01-03,7,7.5,6.25,7,0",
            b"",
            b"2024-01-02T14:33:00Z,1e1,20.5,19.5,20.25,3\r",
        ];
        for round in 0..400 {
            let mut text = if next(3) == 0 {
                BOM.to_vec()
            } else {
                Vec::new()
            };
            text.extend_from_slice(b"Date,Open,High,Low,Close,Volume");
            // Around the scale sample: fewer rows than it, as many, and more.
            let count = [
                next(40),
                SCALE_SAMPLE_ROWS,
                SCALE_SAMPLE_ROWS + 1 + next(300),
            ][round % 3];
            for k in 0..count {
                text.push(b'\n');
                // Mostly plain rows; a longer price after the sample changes nothing read.
                let row = if next(10) < 8 {
                    rows[0]
                } else {
                    rows[next(rows.len())]
                };
                text.extend_from_slice(row);
                if k > SCALE_SAMPLE_ROWS && next(50) == 0 {
                    text.extend_from_slice(b"1");
                }
            }
            if next(2) == 0 {
                text.push(b'\n');
            }
            if round % 50 == 7 {
                let at = text.len() / 2;
                text.insert(at, 0xe9);
            }
            let mut p = plan();
            if next(2) == 0 {
                p.start = 1_704_205_860_000.0;
            }
            let whole = read_bars(&text, &p);
            for piece in [1, 7, 64, 4096, 1 << 20] {
                assert_eq!(
                    in_pieces(&text, &p, piece),
                    whole,
                    "round {round}, piece {piece}"
                );
            }
            // Straight into a room: ample, exact, and one row (or more) short.
            let rows = whole.at.len() + whole.other.len() / 3;
            for (room_rows, piece) in [(rows + 50, 4096), (rows, 64), (rows.saturating_sub(1), 7)] {
                let (bars, in_room) = in_room(&text, &p, piece, room_rows);
                assert_eq!(
                    bars, whole,
                    "round {round}, room {room_rows}, piece {piece}"
                );
                if whole.ascii && whole.at.len() + 10 <= room_rows {
                    assert!(
                        in_room,
                        "round {round}: {} rows fit {room_rows}",
                        whole.at.len()
                    );
                }
            }
        }
    }

    #[test]
    fn estimates_the_rows_as_from_the_whole_file() {
        let mut text = b"d,o,h,l,c,v".to_vec();
        for _ in 0..3 * SCALE_SAMPLE_ROWS {
            text.extend_from_slice(b"\n2024-01-02,1.5,2,1,1,1");
        }
        let mut asked = 0;
        let mut bytes = Vec::new();
        let mut outliers = OutlierScratch::default();
        let buffers = PieceBuffers {
            bytes: &mut bytes,
            outliers: &mut outliers,
        };
        let mut source = &text[..];
        read_bars_in_pieces(
            &mut source,
            text.len(),
            &plan(),
            buffers,
            4096,
            |rows| {
                asked = rows;
                CsvBars::default()
            },
            None,
        )
        .expect("a slice reads without error");
        assert_eq!(asked, crate::csv::expected_rows(&text));
        // Only the sample and a piece were held, not the file.
        assert!(bytes.capacity() < text.len() / 2, "{}", bytes.capacity());
    }
}
