//! Parquet's DELTA_BINARY_PACKED encoding of integers: blocks of 128 deltas in four
//! miniblocks of 32, each bit-packed at the width its largest delta (above the block's
//! smallest) needs. Regular series (minute stamps, prices that move a few ticks) shrink
//! to a few bits a value before compression.

const BLOCK: usize = 128;
const MINIBLOCKS: usize = 4;
const MINI: usize = BLOCK / MINIBLOCKS;

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn zigzag(out: &mut Vec<u8>, value: i64) {
    varint(out, ((value << 1) ^ (value >> 63)) as u64);
}

/// Appends the DELTA_BINARY_PACKED encoding of `values` to `out`.
pub fn encode_delta(values: &[i64], out: &mut Vec<u8>) {
    varint(out, BLOCK as u64);
    varint(out, MINIBLOCKS as u64);
    varint(out, values.len() as u64);
    zigzag(out, values.first().copied().unwrap_or(0));
    if values.len() < 2 {
        return;
    }
    let mut deltas = [0i64; BLOCK];
    let mut at = 1;
    while at < values.len() {
        let n = BLOCK.min(values.len() - at);
        let mut min = i64::MAX;
        for (k, delta) in deltas[..n].iter_mut().enumerate() {
            *delta = values[at + k].wrapping_sub(values[at + k - 1]);
            min = min.min(*delta);
        }
        zigzag(out, min);
        let minis = n.div_ceil(MINI);
        let mut widths = [0u8; MINIBLOCKS];
        for (m, width) in widths.iter_mut().enumerate().take(minis) {
            let end = ((m + 1) * MINI).min(n);
            let mut bits = 0u64;
            for &delta in &deltas[m * MINI..end] {
                bits |= delta.wrapping_sub(min) as u64;
            }
            *width = (64 - bits.leading_zeros()) as u8;
        }
        out.extend_from_slice(&widths);
        for (m, &width) in widths.iter().enumerate().take(minis) {
            let end = ((m + 1) * MINI).min(n);
            pack(&deltas[m * MINI..end], min, width, out);
        }
        at += n;
    }
}

/// Bit-packs 32 values (padded with zeros) of `width` bits, least significant bit first.
fn pack(deltas: &[i64], min: i64, width: u8, out: &mut Vec<u8>) {
    if width == 0 {
        return;
    }
    let width = u32::from(width);
    let mut buffer: u128 = 0;
    let mut filled = 0u32;
    for k in 0..MINI {
        let value = deltas.get(k).map_or(0, |&d| d.wrapping_sub(min) as u64);
        buffer |= u128::from(value) << filled;
        filled += width;
        while filled >= 8 {
            out.push(buffer as u8);
            buffer >>= 8;
            filled -= 8;
        }
    }
    // 32 values of any width fill whole bytes: nothing is left over.
    debug_assert_eq!(filled, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A straightforward reader of the encoding, to check the writer against.
    fn decode(bytes: &[u8]) -> Vec<i64> {
        fn uvar(bytes: &[u8], at: &mut usize) -> u64 {
            let mut value = 0u64;
            let mut shift = 0;
            loop {
                let b = bytes[*at];
                *at += 1;
                value |= u64::from(b & 0x7f) << shift;
                if b < 0x80 {
                    return value;
                }
                shift += 7;
            }
        }
        let unzig = |v: u64| ((v >> 1) as i64) ^ -((v & 1) as i64);
        let mut at = 0;
        let block = uvar(bytes, &mut at) as usize;
        let minis = uvar(bytes, &mut at) as usize;
        let total = uvar(bytes, &mut at) as usize;
        let first = unzig(uvar(bytes, &mut at));
        if total == 0 {
            return Vec::new();
        }
        let mut values = vec![first];
        let per_mini = block / minis;
        while values.len() < total {
            let min = unzig(uvar(bytes, &mut at));
            let widths: Vec<u32> = (0..minis).map(|k| u32::from(bytes[at + k])).collect();
            at += minis;
            for width in widths {
                if values.len() >= total {
                    break;
                }
                let mut buffer: u128 = 0;
                let mut have = 0u32;
                for _ in 0..per_mini {
                    while have < width {
                        buffer |= u128::from(bytes[at]) << have;
                        at += 1;
                        have += 8;
                    }
                    let mask = if width == 64 {
                        u64::MAX
                    } else {
                        (1u64 << width) - 1
                    };
                    let delta = (buffer as u64) & mask;
                    buffer >>= width;
                    have -= width;
                    if values.len() < total {
                        let last = *values.last().unwrap_or(&0);
                        values.push(last.wrapping_add(min).wrapping_add(delta as i64));
                    }
                }
            }
        }
        values
    }

    #[test]
    fn round_trips_series_of_every_shape() {
        let mut seed = 7u64;
        let mut random = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as i64
        };
        let cases: Vec<Vec<i64>> = vec![
            vec![],
            vec![5],
            vec![5, 5],
            (0..1000)
                .map(|k| 1_700_000_000_000_000 + k * 60_000_000)
                .collect(),
            (0..129).map(|_| random() % 1000 - 500).collect(),
            (0..300).map(|_| random()).collect(),
            vec![i64::MIN, i64::MAX, 0, -1, i64::MAX, i64::MIN],
            (0..257)
                .map(|k| {
                    if k % 2 == 0 {
                        9_007_199_254_740_991
                    } else {
                        -9_007_199_254_740_991
                    }
                })
                .collect(),
        ];
        for values in cases {
            let mut out = Vec::new();
            encode_delta(&values, &mut out);
            assert_eq!(decode(&out), values);
        }
    }
}
