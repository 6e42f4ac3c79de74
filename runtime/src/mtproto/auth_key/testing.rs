//! Test-only random sources and vectors shared by the auth_key tests.

use std::collections::VecDeque;

use crate::mtproto::test_vectors::hex;

// Vectors from an independent Python model: `cryptography` for PEM parsing and key
// generation, tgcrypto for IGE, pow() for RSA; the temp keys are SHA-256("tk" ‖ i), the
// first chosen so that its attempt lands above the modulus and forces a retry.
pub(super) const TEMP_KEY_ABOVE_N: &str =
    "ab726e6646a4a99452052bffe5c9bdd5702ca4e00ae1cc6b6602da78b528cab1";
pub(super) const TEMP_KEY_BELOW_N: &str =
    "ea85a89c199cb87c73b81c5e9be953779fcd8fdd296156050c4afe1d52342d23";
/// RSA_PAD of the sample's p_q_inner_data with the production key, by the Python model
/// (padding: the sample's random_padding_bytes; temp keys: the two above, in order).
pub(super) const RSA_PAD_PRODUCTION: &str = concat!(
    "a154c7b1b23e9f3589148fbb7d63182c7b3cc4dacc82af57be05cd8631ee808bdd96c9ea93d28300abc67b04f49d61df",
    "61b35e5e384cc6811d32e2125240d9255e813b0ed91e92bca41526c5352f93bc4a10ccd012f8686d1adc7660b1e3f722",
    "6db337b0f8ab7219e3c17f979dfb4cfee39619c7795fc15a67dc95d1ba0884ba231b2c5c2c28437064cc7e968558d280",
    "2895f4aa12132d838a58639de390e22deb71a847461c3c3a8f17f5b1c57c21f614f7f21e1715b58b5631b3f004a5dd45",
    "a84f4d5a544c491b1ebc1381ff5c7d3438840e59cc2ae1999172c33e9c985ca10c187441b92c92837d923ff687d1f370",
    "22c0dda185ec9b826cfe3bf9c0e9474a",
);

/// Hands out the given chunks in order, checking each requested length.
pub(super) fn chunks(list: &[&str]) -> impl FnMut(&mut [u8]) + use<> {
    let mut queue: VecDeque<Vec<u8>> = list.iter().map(|s| hex(s)).collect();
    move |buf: &mut [u8]| {
        let next = queue.pop_front().expect("random stream exhausted");
        assert_eq!(next.len(), buf.len());
        buf.copy_from_slice(&next);
    }
}

/// A short-period byte generator: enough for inputs that only need to vary.
pub(super) fn counter(seed: u8) -> impl FnMut(&mut [u8]) {
    let mut state = seed;
    move |buf: &mut [u8]| {
        for b in buf {
            state = state.wrapping_mul(73).wrapping_add(41);
            *b = state;
        }
    }
}

/// xorshift64: a deterministic stand-in for a secure source, with a period long enough
/// that nonces and DH secrets never repeat within a test.
pub(super) fn xorshift(seed: u64) -> impl FnMut(&mut [u8]) {
    let mut state = seed | 1;
    move |buf: &mut [u8]| {
        for b in buf {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = (state >> 24) as u8;
        }
    }
}
