//! The clock and the random source: the two things the sans-IO core is handed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Time since the UNIX epoch, as the session layer takes it.
pub fn now() -> Duration {
    // A clock before 1970 is a broken machine; treating it as the epoch makes every
    // msg_id "too old", which the server reports and the session corrects.
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Fills `buf` from the operating system's cryptographically secure generator.
///
/// # Panics
///
/// If the OS refuses randomness. Nothing in MTProto is safe without it (nonces, DH
/// secrets, padding), and no caller could recover, so this is a fault of the machine,
/// not of input.
pub fn os_random(buf: &mut [u8]) {
    getrandom::fill(buf).expect("the OS random source failed");
}

/// A fast cryptographically secure generator for message padding, seeded once from the
/// OS: padding is drawn for every message, and a syscall each time showed up in the
/// loopback profile. Keys, nonces and DH secrets still come from [`os_random`].
pub struct PaddingRng(rand_chacha::ChaCha20Rng);

impl std::fmt::Debug for PaddingRng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaddingRng")
    }
}

impl PaddingRng {
    /// Seeded from the OS.
    pub fn from_os() -> Self {
        use rand_core::SeedableRng;
        let mut seed = [0u8; 32];
        os_random(&mut seed);
        Self(rand_chacha::ChaCha20Rng::from_seed(seed))
    }

    /// Fills `buf`.
    pub fn fill(&mut self, buf: &mut [u8]) {
        use rand_core::RngCore;
        self.0.fill_bytes(buf);
    }
}
