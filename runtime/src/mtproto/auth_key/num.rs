//! Conversions between big-endian byte strings (as TL carries big numbers) and
//! `BigUint`.

use num_bigint::BigUint;

/// `x` as exactly 256 big-endian bytes, left-padded with zeros; `None` if it is wider.
pub(super) fn to_be_256(x: &BigUint) -> Option<[u8; 256]> {
    let bytes = x.to_bytes_be();
    let mut out = [0u8; 256];
    let start = 256usize.checked_sub(bytes.len())?;
    out[start..].copy_from_slice(&bytes);
    Some(out)
}

/// A big-endian byte string as a number (leading zeros allowed).
pub(super) fn from_be(bytes: &[u8]) -> BigUint {
    BigUint::from_bytes_be(bytes)
}
