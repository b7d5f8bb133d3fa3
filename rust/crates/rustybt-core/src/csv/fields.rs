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
    let mut record = |at: usize| {
        if count < bounds.len() {
            bounds[count] = (start, at);
        }
        count += 1;
        start = at + 1;
    };
    // Eight bytes at a time: the bytes equal to the delimiter, found exactly (no carries
    // between bytes), lowest first.
    let pattern = u64::from_ne_bytes([delimiter; 8]);
    let mut i = 0;
    while i + 8 <= end {
        let mut word = [0u8; 8];
        word.copy_from_slice(&line[i..i + 8]);
        let x = u64::from_le_bytes(word) ^ pattern;
        const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        let mut matches = !(((x & LOW7) + LOW7) | x | LOW7);
        while matches != 0 {
            record(i + (matches.trailing_zeros() / 8) as usize);
            matches &= matches - 1;
        }
        i += 8;
    }
    for (k, &byte) in line[i..end].iter().enumerate() {
        if byte == delimiter {
            record(i + k);
        }
    }
    record(end);
    count
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
        let line = b"2024-01-02T14:30:00Z,-1.5,,2,\x80,|,,;,,,\r";
        assert_eq!(split_fields(line, b',', &mut bounds), 11);
        assert_eq!(bounds, [(0, 20), (21, 25), (26, 26)]);
        let mut all = [(0, 0); 16];
        split_fields(line, b',', &mut all);
        let expected: Vec<(usize, usize)> = {
            let body = &line[..line.len() - 1];
            let mut at = 0;
            body.split(|&b| b == b',')
                .map(|field| {
                    let bound = (at, at + field.len());
                    at += field.len() + 1;
                    bound
                })
                .collect()
        };
        assert_eq!(&all[..expected.len()], &expected[..]);
    }
}
