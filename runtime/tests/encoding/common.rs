//! Helpers shared by the test modules.

use tl_runtime::{Deserialize, Serialize};

/// Parses a hex dump, ignoring white space.
pub fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert_eq!(digits.len() % 2, 0, "odd hex length");
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

/// Serializes `value`, checks the length promise, decodes it back, and returns the bytes.
pub fn round_trip<T>(value: &T) -> Vec<u8>
where
    T: Serialize + Deserialize + PartialEq + std::fmt::Debug,
{
    let bytes = value.to_bytes();
    assert_eq!(bytes.len(), value.serialized_len());
    assert_eq!(bytes.len() % 4, 0, "TL values are 4-byte aligned");
    let back = T::from_bytes(bytes.clone()).expect("decodes");
    assert_eq!(&back, value);
    bytes
}
