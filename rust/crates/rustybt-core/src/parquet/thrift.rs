//! The Thrift compact protocol, writing only: what Parquet's page headers and footer need.

/// Compact-protocol type ids.
pub const I32: u8 = 5;
pub const I64: u8 = 6;
pub const BINARY: u8 = 8;
pub const LIST: u8 = 9;
pub const STRUCT: u8 = 12;
const TRUE: u8 = 1;
const FALSE: u8 = 2;
const BYTE: u8 = 3;

/// Writes one Thrift struct (and the structs nested in it) into a byte vector.
pub struct CompactWriter<'a> {
    out: &'a mut Vec<u8>,
    last: Vec<i16>,
}

impl<'a> CompactWriter<'a> {
    /// Starts a top-level struct at the end of `out`.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        Self { out, last: vec![0] }
    }

    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.out.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.out.push(value as u8);
    }

    fn zigzag(&mut self, value: i64) {
        self.varint(((value << 1) ^ (value >> 63)) as u64);
    }

    fn header(&mut self, id: i16, kind: u8) {
        let last = self.last.last().copied().unwrap_or(0);
        let delta = id - last;
        if (1..=15).contains(&delta) {
            self.out.push(((delta as u8) << 4) | kind);
        } else {
            self.out.push(kind);
            self.zigzag(i64::from(id));
        }
        if let Some(slot) = self.last.last_mut() {
            *slot = id;
        }
    }

    pub fn i32(&mut self, id: i16, value: i32) {
        self.header(id, I32);
        self.zigzag(i64::from(value));
    }

    pub fn i64(&mut self, id: i16, value: i64) {
        self.header(id, I64);
        self.zigzag(value);
    }

    pub fn byte(&mut self, id: i16, value: i8) {
        self.header(id, BYTE);
        self.out.push(value as u8);
    }

    pub fn bool(&mut self, id: i16, value: bool) {
        self.header(id, if value { TRUE } else { FALSE });
    }

    pub fn binary(&mut self, id: i16, value: &[u8]) {
        self.header(id, BINARY);
        self.varint(value.len() as u64);
        self.out.extend_from_slice(value);
    }

    /// Opens a nested struct field; close it with [`Self::end`].
    pub fn begin(&mut self, id: i16) {
        self.header(id, STRUCT);
        self.last.push(0);
    }

    /// Closes the innermost open struct (or the top-level one).
    pub fn end(&mut self) {
        self.out.push(0);
        self.last.pop();
    }

    /// Starts a list field of `len` elements of `kind`.
    pub fn list(&mut self, id: i16, kind: u8, len: usize) {
        self.header(id, LIST);
        if len < 15 {
            self.out.push(((len as u8) << 4) | kind);
        } else {
            self.out.push(0xF0 | kind);
            self.varint(len as u64);
        }
    }

    /// A struct element of a list; close it with [`Self::end`].
    pub fn begin_element(&mut self) {
        self.last.push(0);
    }

    pub fn element_i32(&mut self, value: i32) {
        self.zigzag(i64::from(value));
    }

    pub fn element_binary(&mut self, value: &[u8]) {
        self.varint(value.len() as u64);
        self.out.extend_from_slice(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_fields_with_deltas_and_long_ids() {
        let mut out = Vec::new();
        let mut w = CompactWriter::new(&mut out);
        w.i32(1, -1);
        w.i64(3, 300);
        w.binary(20, b"ab");
        w.begin(21);
        w.bool(1, true);
        w.end();
        w.end();
        assert_eq!(
            out,
            vec![
                0x15, 0x01, 0x26, 0xd8, 0x04, 0x08, 0x28, 0x02, b'a', b'b', 0x1c, 0x11, 0x00, 0x00
            ]
        );
    }

    #[test]
    fn encodes_long_lists() {
        let mut out = Vec::new();
        let mut w = CompactWriter::new(&mut out);
        w.list(1, I32, 20);
        assert_eq!(out, vec![0x19, 0xF5, 20]);
    }
}
