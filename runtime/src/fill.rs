//! Deterministic example values for generated types, for whole-layer tests: every constructor
//! is filled from a seeded generator, encoded, decoded and compared.
//!
//! Values favour the edges of the wire format: string and bytes lengths around the 1-byte/4-byte
//! length switch (253/254), zero and extreme integers, flags all set and none, empty and
//! non-empty vectors. Recursion is bounded: past a depth, optional fields are absent, vectors
//! are empty and enums take a variant that ends the recursion.

use std::fmt::Debug;

use bytes::Bytes;

use crate::{Deserialize, Serialize, Str};

/// Which optional fields of the outermost value are present.
///
/// Random draws reach "every flag set" and "no flag set" only by luck on a constructor with
/// many flags (`user` has 40), so whole-layer tests force both ends on some seeds. Only the
/// outermost value is forced: nested values are covered as outermost values of their own
/// cases, and forcing every level would make values grow with the fan-out of the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagMode {
    /// Each flag group is drawn at random.
    Random,
    /// Every optional field and `true` flag of the outermost value is present.
    AllSet,
    /// No optional field or `true` flag of the outermost value is present.
    NoneSet,
}

/// A seeded source of example values (splitmix64).
#[derive(Debug, Clone)]
pub struct Filler {
    state: u64,
    depth: u32,
    max_depth: u32,
    flags: FlagMode,
}

impl Filler {
    /// A generator for `seed`, going at most 4 enums deep, flags drawn at random.
    pub fn new(seed: u64) -> Self {
        Self::with_flags(seed, FlagMode::Random)
    }

    /// A generator for `seed` whose outermost value's flags follow `flags`.
    pub fn with_flags(seed: u64, flags: FlagMode) -> Self {
        Self {
            state: seed,
            depth: 0,
            max_depth: 4,
            flags,
        }
    }

    /// The mode for seed number `i` of a series: the first two seeds force every flag set and
    /// none set, the rest draw at random. Whole-layer tests use it so each definition meets
    /// both ends of its flags at least once.
    pub fn for_case(seed: u64, i: u64) -> Self {
        let mode = match i {
            0 => FlagMode::AllSet,
            1 => FlagMode::NoneSet,
            _ => FlagMode::Random,
        };
        Self::with_flags(seed, mode)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn choose(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Whether an optional field is present (never once deep; forced on the outermost value
    /// by [`FlagMode`]).
    pub fn flag(&mut self) -> bool {
        if self.deep() {
            return false;
        }
        match (self.depth, self.flags) {
            (0, FlagMode::AllSet) => true,
            (0, FlagMode::NoneSet) => false,
            _ => self.next_u64() & 1 == 1,
        }
    }

    /// Whether the nesting limit is reached.
    pub fn deep(&self) -> bool {
        self.depth >= self.max_depth
    }

    /// Entering a nested enum.
    pub fn enter(&mut self) {
        self.depth += 1;
    }

    /// Leaving a nested enum.
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn payload_len(&mut self) -> usize {
        const LENS: [usize; 9] = [0, 1, 3, 4, 5, 253, 254, 255, 1000];
        LENS[self.choose(LENS.len())]
    }
}

/// A type that can make an example value of itself.
pub trait Fill: Sized {
    /// An example value drawn from `g`.
    fn fill(g: &mut Filler) -> Self;
}

impl Fill for i32 {
    fn fill(g: &mut Filler) -> Self {
        match g.choose(5) {
            0 => 0,
            1 => i32::MIN,
            2 => i32::MAX,
            3 => -1,
            _ => g.next_u64() as i32,
        }
    }
}

impl Fill for i64 {
    fn fill(g: &mut Filler) -> Self {
        match g.choose(5) {
            0 => 0,
            1 => i64::MIN,
            2 => i64::MAX,
            3 => -1,
            _ => g.next_u64() as i64,
        }
    }
}

impl Fill for f64 {
    fn fill(g: &mut Filler) -> Self {
        // NaN would compare unequal to itself; every other value round-trips bit for bit.
        match g.choose(4) {
            0 => 0.0,
            1 => -1.5,
            2 => f64::MAX,
            _ => (g.next_u64() >> 11) as f64 / 1024.0,
        }
    }
}

impl Fill for bool {
    fn fill(g: &mut Filler) -> Self {
        g.next_u64() & 1 == 1
    }
}

impl Fill for String {
    fn fill(g: &mut Filler) -> Self {
        let n = g.payload_len();
        // Mix one- and multi-byte characters; the byte length is what the wire sees.
        let mut s = String::with_capacity(n + 4);
        while s.len() < n {
            let c = match g.choose(8) {
                0 => 'é',
                1 => '☎',
                _ => (b'a' + g.choose(26) as u8) as char,
            };
            if s.len() + c.len_utf8() > n {
                s.push('x');
            } else {
                s.push(c);
            }
        }
        s
    }
}

impl Fill for Str {
    /// The same text as `String`'s filler draws from the same state.
    fn fill(g: &mut Filler) -> Self {
        String::fill(g).into()
    }
}

impl Fill for Bytes {
    fn fill(g: &mut Filler) -> Self {
        let n = g.payload_len();
        (0..n)
            .map(|_| g.next_u64() as u8)
            .collect::<Vec<u8>>()
            .into()
    }
}

impl<const N: usize> Fill for [u8; N] {
    fn fill(g: &mut Filler) -> Self {
        std::array::from_fn(|_| g.next_u64() as u8)
    }
}

impl<T: Fill> Fill for Vec<T> {
    fn fill(g: &mut Filler) -> Self {
        let n = if g.deep() { 0 } else { g.choose(3) };
        (0..n).map(|_| T::fill(g)).collect()
    }
}

/// Fills a `T`, encodes it, checks the length pre-pass, decodes it and compares.
pub fn roundtrip<T>(g: &mut Filler) -> Result<(), String>
where
    T: Fill + Serialize + Deserialize + PartialEq + Debug,
{
    let value = T::fill(g);
    let bytes = value.to_bytes();
    if bytes.len() != value.serialized_len() {
        return Err(format!(
            "serialized_len {} but {} bytes written for {value:?}",
            value.serialized_len(),
            bytes.len()
        ));
    }
    let back = T::from_bytes(Bytes::from(bytes.clone()))
        .map_err(|e| format!("decode failed: {e} for {value:?}, bytes {bytes:02x?}"))?;
    if back != value {
        return Err(format!("decoded {back:?}\nexpected {value:?}"));
    }
    Ok(())
}

/// Decodes `data` as a `T`; when that succeeds, encodes the value, checks the length pre-pass,
/// decodes it again and checks that it encodes to the same bytes. Decode errors are fine (the
/// input is arbitrary); an inconsistency is returned as `Err`.
///
/// Bytes, not values, are compared on the second pass: a decoded NaN is not equal to itself.
pub fn redecode<T>(data: &[u8]) -> Result<(), String>
where
    T: Serialize + Deserialize + Debug,
{
    let Ok(value) = T::from_bytes(Bytes::copy_from_slice(data)) else {
        return Ok(());
    };
    let bytes = value.to_bytes();
    if bytes.len() != value.serialized_len() {
        return Err(format!(
            "serialized_len {} but {} bytes written for {value:?}",
            value.serialized_len(),
            bytes.len()
        ));
    }
    let again = T::from_bytes(Bytes::from(bytes.clone()))
        .map_err(|e| format!("re-decode failed: {e} for {value:?}"))?;
    let bytes_again = again.to_bytes();
    if bytes_again != bytes {
        return Err(format!(
            "re-encoding differs for {value:?}:\n {bytes:02x?}\n {bytes_again:02x?}"
        ));
    }
    Ok(())
}

/// A generated round-trip check: fill a value from the filler, encode, decode, compare.
pub type RoundTripCheck = fn(&mut Filler) -> Result<(), String>;

/// A generated decode check: decode arbitrary bytes, re-encode consistently if they decode.
pub type DecodeCheck = fn(&[u8]) -> Result<(), String>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_modes_force_only_the_outermost_value() {
        let mut all = Filler::with_flags(7, FlagMode::AllSet);
        let mut none = Filler::with_flags(7, FlagMode::NoneSet);
        assert!((0..64).all(|_| all.flag()));
        assert!((0..64).all(|_| !none.flag()));
        // One level in, both draw at random again: some of each within 64 draws.
        all.enter();
        none.enter();
        let inner: Vec<bool> = (0..64).map(|_| all.flag()).collect();
        assert!(inner.contains(&true) && inner.contains(&false));
        let inner: Vec<bool> = (0..64).map(|_| none.flag()).collect();
        assert!(inner.contains(&true) && inner.contains(&false));
    }

    #[test]
    fn for_case_covers_both_ends_first() {
        assert_eq!(Filler::for_case(1, 0).flags, FlagMode::AllSet);
        assert_eq!(Filler::for_case(1, 1).flags, FlagMode::NoneSet);
        assert_eq!(Filler::for_case(1, 2).flags, FlagMode::Random);
    }

    #[test]
    fn deep_values_have_no_optional_fields() {
        let mut g = Filler::with_flags(3, FlagMode::AllSet);
        for _ in 0..4 {
            g.enter();
        }
        assert!(g.deep());
        assert!(!g.flag());
    }
}
