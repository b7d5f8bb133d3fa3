//! Field boundaries of one line, as `CsvFields.scanRange` finds them.

/// Splits `line` at `delimiter` (no quoting; one trailing `\r` is not part of
/// the last field), writing the first `bounds.len()` fields' `(start, end)`
/// offsets into `bounds`; returns the number of fields, counting all of them.
#[inline]
pub fn split_fields(line: &[u8], delimiter: u8, bounds: &mut [(usize, usize)]) -> usize {
    let end = if line.last() == Some(&b'\r') {
        line.len() - 1
    } else {
        line.len()
    };
    let mut count = 0usize;
    let mut start = 0usize;
    for (i, &byte) in line[..end].iter().enumerate() {
        if byte == delimiter {
            if count < bounds.len() {
                bounds[count] = (start, i);
            }
            count += 1;
            start = i + 1;
        }
    }
    if count < bounds.len() {
        bounds[count] = (start, end);
    }
    count + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_delimiter_and_drops_one_carriage_return() {
        let mut bounds = [(0, 0); 3];
        assert_eq!(split_fields(b"a,bc,,d\r", b',', &mut bounds), 4);
        assert_eq!(bounds, [(0, 1), (2, 4), (5, 5)]);
        assert_eq!(split_fields(b"", b',', &mut bounds), 1);
        assert_eq!(bounds[0], (0, 0));
    }
}
