//! Deterministic example values for generated types, for whole-layer tests: every constructor
//! is filled from a seeded generator, encoded, decoded and compared.
//!
//! Values favour the edges of the wire format: string and bytes lengths around the 1-byte/4-byte
//! length switch (253/254), zero and extreme integers, flags all set and none, empty and
//! non-empty vectors. Recursion is bounded: past a depth, optional fields are absent, vectors
//! are empty and enums take a variant that ends the recursion.

use std::fmt::Debug;

use bytes::Bytes;

use crate::{Deserialize, Serialize};

/// A seeded source of example values (splitmix64).
#[derive(Debug, Clone)]
pub struct Filler {
    state: u64,
    depth: u32,
    max_depth: u32,
}

impl Filler {
    /// A generator for `seed`, going at most 4 enums deep.
    pub fn new(seed: u64) -> Self {
        Self {
            state: seed,
            depth: 0,
            max_depth: 4,
        }
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

    /// Whether an optional field is present (never once deep).
    pub fn flag(&mut self) -> bool {
        !self.deep() && self.next_u64() & 1 == 1
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
