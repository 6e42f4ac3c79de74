//! The shared key of a call, handed out only once the exchange checked out.

use std::fmt;

use sha1::{Digest, Sha1};

use super::emoji::emoji_fingerprint;

/// The 256-byte key both parties of a call hold, its fingerprint, and the caller's
/// `g_a`, which the emoji visualization hashes with it.
///
/// Only [`OutgoingCall::on_established`](super::OutgoingCall::on_established) and
/// [`IncomingCall::on_confirmed`](super::IncomingCall::on_confirmed) make one, after
/// every check of the exchange passed. `Debug` shows the fingerprint, never the key.
#[derive(Clone, PartialEq, Eq)]
pub struct CallKey {
    key: [u8; 256],
    fingerprint: i64,
    g_a: Vec<u8>,
}

impl CallKey {
    pub(super) fn new(key: [u8; 256], g_a: Vec<u8>) -> Self {
        Self {
            fingerprint: key_fingerprint(&key),
            key,
            g_a,
        }
    }

    /// The key, `g^(ab) mod p` as 256 big-endian bytes: what encrypts the call.
    pub fn key(&self) -> &[u8; 256] {
        &self.key
    }

    /// The lower 64 bits of SHA-1(key), as `phone.confirmCall` carries it.
    pub fn fingerprint(&self) -> i64 {
        self.fingerprint
    }

    /// The caller's public value, in the bytes the caller sent (and hashed).
    pub fn g_a(&self) -> &[u8] {
        &self.g_a
    }

    /// The four emoji both users compare to rule out a man in the middle.
    pub fn emoji(&self) -> [&'static str; 4] {
        emoji_fingerprint(&self.key, &self.g_a)
    }
}

impl fmt::Debug for CallKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallKey")
            .field("fingerprint", &format_args!("{:#018x}", self.fingerprint))
            .finish_non_exhaustive()
    }
}

/// The lower 64 bits of SHA-1(key): its last 8 bytes, read as a little-endian TL
/// `long` like `auth_key_id` (core.telegram.org/api/end-to-end#accepting-a-request).
pub(super) fn key_fingerprint(key: &[u8; 256]) -> i64 {
    let digest = Sha1::digest(key);
    let mut low = [0u8; 8];
    low.copy_from_slice(&digest[12..20]);
    i64::from_le_bytes(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_the_low_64_bits_of_sha1() {
        // Python: hashlib.sha1(bytes(range(256))).hexdigest() =
        // 4916d6bdb7f78e6803698cab32d1586ea457dfc8; its last 8 bytes, little-endian,
        // are 0xc8df57a46e58d132 = -3972359982579920590 as a signed long.
        let key: [u8; 256] = std::array::from_fn(|i| i as u8);
        assert_eq!(key_fingerprint(&key), -3_972_359_982_579_920_590);
        assert_eq!(key_fingerprint(&key) as u64, 0xc8df_57a4_6e58_d132);
    }

    #[test]
    fn debug_hides_the_key() {
        let key = CallKey::new([0xab; 256], vec![1; 256]);
        let shown = format!("{key:?}");
        assert!(shown.starts_with("CallKey { fingerprint: 0x"), "{shown}");
        assert!(!shown.contains("ab, ") && !shown.contains("171"), "{shown}");
    }
}
