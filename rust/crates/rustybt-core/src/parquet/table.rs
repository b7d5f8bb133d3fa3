//! A small Parquet table (the bundle's assets and adjustments): one row group,
//! every column OPTIONAL, PLAIN-encoded, uncompressed. The types follow what DuckDB
//! writes for the same SQL types, so either writer's files read back alike.

use super::thrift::{CompactWriter, BINARY, I32, STRUCT};

/// The SQL type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// INTEGER: INT32.
    Int32,
    /// TINYINT: INT32 annotated INT_8.
    Int8,
    /// DATE: INT32 days since 1970-01-01.
    Date,
    /// TIMESTAMP: INT64 microseconds, not adjusted to UTC (DuckDB's TIMESTAMP).
    Timestamp,
    /// VARCHAR: BYTE_ARRAY annotated UTF8.
    Utf8,
    /// DECIMAL(38, 18): FIXED_LEN_BYTE_ARRAY(16), big-endian two's complement units.
    Decimal38,
}

/// The values of one column; `None` is SQL NULL.
#[derive(Debug, Clone, PartialEq)]
pub enum TableValues {
    Int32(Vec<Option<i32>>),
    Int64(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
    Wide(Vec<Option<i128>>),
}

impl TableValues {
    fn len(&self) -> usize {
        match self {
            Self::Int32(v) => v.len(),
            Self::Int64(v) => v.len(),
            Self::Text(v) => v.len(),
            Self::Wide(v) => v.len(),
        }
    }
}

/// One named column.
#[derive(Debug, Clone, PartialEq)]
pub struct TableColumn {
    pub name: String,
    pub kind: TableKind,
    pub values: TableValues,
}

/// Why a table could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// Columns of different lengths, or values of the wrong kind for the column.
    Shape(String),
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Shape(message) => write!(f, "{message}"),
        }
    }
}

/// The units of a plain decimal text (`-12.5`) at `scale` decimals, if it has at most
/// `scale` fraction digits and fits an i128.
pub fn decimal_units(text: &str, scale: u32) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    if fraction.len() > scale as usize
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut units: i128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        units = units.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    for _ in fraction.len()..scale as usize {
        units = units.checked_mul(10)?;
    }
    Some(if negative { -units } else { units })
}

const TYPE_INT32: i32 = 1;
const TYPE_INT64: i32 = 2;
const TYPE_BYTE_ARRAY: i32 = 6;
const TYPE_FIXED: i32 = 7;
const OPTIONAL: i32 = 1;
const CONVERTED_UTF8: i32 = 0;
const CONVERTED_DECIMAL: i32 = 5;
const CONVERTED_DATE: i32 = 6;
const CONVERTED_TIMESTAMP_MICROS: i32 = 10;
const CONVERTED_INT_8: i32 = 15;
const CONVERTED_INT_32: i32 = 17;
const ENCODING_PLAIN: i32 = 0;
const ENCODING_RLE: i32 = 3;
const CODEC_UNCOMPRESSED: i32 = 0;

fn physical(kind: TableKind) -> i32 {
    match kind {
        TableKind::Int32 | TableKind::Int8 | TableKind::Date => TYPE_INT32,
        TableKind::Timestamp => TYPE_INT64,
        TableKind::Utf8 => TYPE_BYTE_ARRAY,
        TableKind::Decimal38 => TYPE_FIXED,
    }
}

/// Definition levels of an OPTIONAL column (1 present, 0 null) as a bit-packed
/// RLE/bit-packing hybrid run of width 1, with its 4-byte length prefix.
fn definition_levels(present: &[bool], out: &mut Vec<u8>) {
    let groups = present.len().div_ceil(8);
    let mut run = Vec::with_capacity(groups + 5);
    let mut header = ((groups as u64) << 1) | 1;
    while header >= 0x80 {
        run.push((header as u8) | 0x80);
        header >>= 7;
    }
    run.push(header as u8);
    for group in present.chunks(8) {
        run.push(
            group
                .iter()
                .enumerate()
                .fold(0u8, |byte, (k, &p)| byte | (u8::from(p) << k)),
        );
    }
    out.extend_from_slice(&(run.len() as u32).to_le_bytes());
    out.extend_from_slice(&run);
}

/// Levels and PLAIN values of one column's page.
fn page_body(column: &TableColumn) -> Result<Vec<u8>, TableError> {
    let mismatch = || {
        TableError::Shape(format!(
            "column {} has values of the wrong kind",
            column.name
        ))
    };
    let mut body = Vec::new();
    let mut values = Vec::new();
    let present: Vec<bool> = match (&column.values, column.kind) {
        (TableValues::Int32(v), TableKind::Int32 | TableKind::Int8 | TableKind::Date) => {
            v.iter()
                .flatten()
                .for_each(|x| values.extend_from_slice(&x.to_le_bytes()));
            v.iter().map(Option::is_some).collect()
        }
        (TableValues::Int64(v), TableKind::Timestamp) => {
            v.iter()
                .flatten()
                .for_each(|x| values.extend_from_slice(&x.to_le_bytes()));
            v.iter().map(Option::is_some).collect()
        }
        (TableValues::Text(v), TableKind::Utf8) => {
            for text in v.iter().flatten() {
                values.extend_from_slice(&(text.len() as u32).to_le_bytes());
                values.extend_from_slice(text.as_bytes());
            }
            v.iter().map(Option::is_some).collect()
        }
        (TableValues::Wide(v), TableKind::Decimal38) => {
            v.iter()
                .flatten()
                .for_each(|x| values.extend_from_slice(&x.to_be_bytes()));
            v.iter().map(Option::is_some).collect()
        }
        _ => return Err(mismatch()),
    };
    definition_levels(&present, &mut body);
    body.extend_from_slice(&values);
    Ok(body)
}

/// The bytes of a whole Parquet file holding `columns` (all of the same length).
pub fn encode_table(columns: &[TableColumn]) -> Result<Vec<u8>, TableError> {
    let rows = columns.first().map_or(0, |c| c.values.len());
    if columns.iter().any(|c| c.values.len() != rows) {
        return Err(TableError::Shape("columns differ in length".to_owned()));
    }
    let mut file = b"PAR1".to_vec();
    let mut chunks = Vec::with_capacity(columns.len());
    for column in columns {
        let body = page_body(column)?;
        let offset = file.len() as i64;
        let mut w = CompactWriter::new(&mut file);
        w.i32(1, 0);
        w.i32(2, body.len() as i32);
        w.i32(3, body.len() as i32);
        w.begin(5);
        w.i32(1, rows as i32);
        w.i32(2, ENCODING_PLAIN);
        w.i32(3, ENCODING_RLE);
        w.i32(4, ENCODING_RLE);
        w.end();
        w.end();
        file.extend_from_slice(&body);
        chunks.push((offset, file.len() as i64 - offset));
    }
    let mut footer = Vec::new();
    let mut w = CompactWriter::new(&mut footer);
    w.i32(1, 1);
    w.list(2, STRUCT, columns.len() + 1);
    w.begin_element();
    w.binary(4, b"schema");
    w.i32(5, columns.len() as i32);
    w.end();
    for column in columns {
        w.begin_element();
        w.i32(1, physical(column.kind));
        if column.kind == TableKind::Decimal38 {
            w.i32(2, 16);
        }
        w.i32(3, OPTIONAL);
        w.binary(4, column.name.as_bytes());
        match column.kind {
            TableKind::Int32 => w.i32(6, CONVERTED_INT_32),
            TableKind::Int8 => w.i32(6, CONVERTED_INT_8),
            TableKind::Date => w.i32(6, CONVERTED_DATE),
            TableKind::Utf8 => w.i32(6, CONVERTED_UTF8),
            TableKind::Timestamp => {
                w.i32(6, CONVERTED_TIMESTAMP_MICROS);
                w.begin(10);
                w.begin(8);
                w.bool(1, false);
                w.begin(2);
                w.begin(2);
                w.end();
                w.end();
                w.end();
                w.end();
            }
            TableKind::Decimal38 => {
                w.i32(6, CONVERTED_DECIMAL);
                w.i32(7, 18);
                w.i32(8, 38);
                w.begin(10);
                w.begin(5);
                w.i32(1, 18);
                w.i32(2, 38);
                w.end();
                w.end();
            }
        }
        w.end();
    }
    w.i64(3, rows as i64);
    w.list(4, STRUCT, 1);
    w.begin_element();
    w.list(1, STRUCT, columns.len());
    let mut total = 0;
    for (column, &(offset, size)) in columns.iter().zip(&chunks) {
        total += size;
        w.begin_element();
        w.i64(2, offset);
        w.begin(3);
        w.i32(1, physical(column.kind));
        w.list(2, I32, 2);
        w.element_i32(ENCODING_PLAIN);
        w.element_i32(ENCODING_RLE);
        w.list(3, BINARY, 1);
        w.element_binary(column.name.as_bytes());
        w.i32(4, CODEC_UNCOMPRESSED);
        w.i64(5, rows as i64);
        w.i64(6, size);
        w.i64(7, size);
        w.i64(9, offset);
        w.end();
        w.end();
    }
    w.i64(2, total);
    w.i64(3, rows as i64);
    w.end();
    w.binary(6, b"rustybt");
    w.end();
    file.extend_from_slice(&footer);
    file.extend_from_slice(&(footer.len() as u32).to_le_bytes());
    file.extend_from_slice(b"PAR1");
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_decimal_text_into_units() {
        assert_eq!(decimal_units("4", 18), Some(4_000_000_000_000_000_000));
        assert_eq!(decimal_units("-0.24", 2), Some(-24));
        assert_eq!(decimal_units("0.125", 2), None);
        assert_eq!(decimal_units("1e3", 2), None);
        assert_eq!(decimal_units("", 2), None);
        assert_eq!(
            decimal_units("99999999999999999999.999999999999999999", 18),
            Some(99_999_999_999_999_999_999_999_999_999_999_999_999)
        );
    }

    #[test]
    fn packs_definition_levels_eight_to_a_byte() {
        let mut out = Vec::new();
        definition_levels(
            &[true, false, true, true, false, false, false, false, true],
            &mut out,
        );
        assert_eq!(out, vec![3, 0, 0, 0, 0b101, 0b0000_1101, 0b1]);
    }

    #[test]
    fn refuses_ragged_columns() {
        let columns = vec![
            TableColumn {
                name: "a".into(),
                kind: TableKind::Int32,
                values: TableValues::Int32(vec![Some(1)]),
            },
            TableColumn {
                name: "b".into(),
                kind: TableKind::Int32,
                values: TableValues::Int32(vec![]),
            },
        ];
        assert!(encode_table(&columns).is_err());
    }
}
