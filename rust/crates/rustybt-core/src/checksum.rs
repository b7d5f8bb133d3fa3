//! The load-time checksum of bundle and cache files: CRC-32 (IEEE 802.3, the
//! polynomial of zlib, gzip and PNG), continued across chunks. `crc32fast`
//! folds 64 bytes at a time with carry-less multiplication (PCLMULQDQ) when
//! the CPU has it, several times the speed of a table-driven CRC; the value is
//! the standard one, so Node's `zlib.crc32` computes the same number.

/// CRC-32 of `bytes` continuing from `crc` (0 to start): the CRC of the
/// concatenation of everything passed so far.
pub fn crc32_update(crc: u32, bytes: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new_with_initial(crc);
    hasher.update(bytes);
    hasher.finalize()
}

#[cfg(test)]
mod tests {
    use super::crc32_update;

    #[test]
    fn standard_check_value() {
        // The CRC-32 catalogue's check value: CRC of the ASCII digits 1 to 9.
        assert_eq!(crc32_update(0, b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32_update(0, b""), 0);
    }

    #[test]
    fn chunks_continue_the_same_crc() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i * 31 % 251) as u8).collect();
        let whole = crc32_update(0, &bytes);
        for split in [0, 1, 63, 64, 65, 4096, 9_999, 10_000] {
            let (a, b) = bytes.split_at(split);
            assert_eq!(
                crc32_update(crc32_update(0, a), b),
                whole,
                "split at {split}"
            );
        }
    }
}
