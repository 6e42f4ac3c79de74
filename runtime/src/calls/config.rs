//! The Diffie-Hellman parameters of `messages.dhConfig`, checked once.

use super::CallError;
use crate::mtproto::auth_key::{AuthKeyError, check_dh_prime};

/// `g` and `p` from `messages.dhConfig`, accepted only when `p` is a safe 2048-bit prime
/// and `g` generates its subgroup of order `(p - 1) / 2` (the checks the auth key uses;
/// core.telegram.org/api/end-to-end#sending-a-request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DhConfig {
    g: i32,
    p: [u8; 256],
    server_random: Vec<u8>,
}

impl DhConfig {
    /// Checks `g` and `p` (big-endian, leading zeros allowed). A prime other than
    /// Telegram's well-known one costs two probabilistic primality tests the first time.
    pub fn new(g: i32, p: &[u8]) -> Result<Self, CallError> {
        check_dh_prime(p, g).map_err(CallError::BadConfig)?;
        // 2048 bits passed, so the last 256 bytes are the whole number.
        let p = p
            .len()
            .checked_sub(256)
            .and_then(|start| <[u8; 256]>::try_from(&p[start..]).ok())
            .ok_or(CallError::BadConfig(AuthKeyError::DhPrimeSize { bits: 0 }))?;
        Ok(Self {
            g,
            p,
            server_random: Vec::new(),
        })
    }

    /// Mixes in the `random` bytes of the latest `messages.dhConfig` (or
    /// `messages.dhConfigNotModified`): they are XORed into each exponent drawn with
    /// this config. The spec forbids using the server's bytes alone; XORed into the
    /// local draw they can only add entropy. Bytes past the 256th are ignored.
    pub fn with_server_random(mut self, random: &[u8]) -> Self {
        self.server_random = random[..random.len().min(256)].to_vec();
        self
    }

    /// The generator.
    pub fn g(&self) -> i32 {
        self.g
    }

    /// The prime, as 256 big-endian bytes.
    pub fn p(&self) -> &[u8; 256] {
        &self.p
    }

    /// The server's random bytes, XORed into each exponent drawn (empty if none).
    pub(super) fn server_random(&self) -> &[u8] {
        &self.server_random
    }
}
