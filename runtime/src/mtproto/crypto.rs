//! MTProto 2.0 encryption of messages under an auth key
//! (<https://core.telegram.org/mtproto/description>), with the receiving checks of
//! <https://core.telegram.org/mtproto/security_guidelines>.
//!
//! An encrypted message is `auth_key_id (8) ‖ msg_key (16) ‖ AES-256-IGE(plaintext ‖
//! padding)`, where `msg_key` is the middle 128 bits of
//! `SHA-256(auth_key[88+x .. 120+x] ‖ plaintext ‖ padding)` and the AES key and IV are
//! derived from `msg_key` and the auth key; `x` is 0 for client → server, 8 for
//! server → client.

use std::fmt;

use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::ige::{aes256_ige_decrypt, aes256_ige_encrypt};

/// Fewest random padding bytes MTProto 2.0 allows.
pub const MIN_PADDING: usize = 12;
/// Most random padding bytes MTProto 2.0 allows.
pub const MAX_PADDING: usize = 1024;
/// `salt ‖ session_id ‖ msg_id ‖ seq_no ‖ message_data_length` before the body.
pub const PLAINTEXT_HEADER_LEN: usize = 32;
/// `auth_key_id ‖ msg_key` before the ciphertext.
pub(crate) const OUTER_HEADER_LEN: usize = 24;
/// The shortest ciphertext: a header and the minimum padding, rounded to a block.
const MIN_CIPHERTEXT_LEN: usize = 48;

/// A 2048-bit MTProto authorization key with its precomputed id.
#[derive(Clone)]
pub struct AuthKey {
    key: [u8; 256],
    id: u64,
}

impl AuthKey {
    /// Wraps the 256 key bytes (`g_ab` in big-endian, left-padded with zeros).
    pub fn new(key: [u8; 256]) -> Self {
        let id = auth_key_id(&key);
        Self { key, id }
    }

    /// The key bytes.
    pub fn bytes(&self) -> &[u8; 256] {
        &self.key
    }

    /// The lower 64 bits of SHA-1 of the key, as written at the head of each message.
    pub fn id(&self) -> u64 {
        self.id
    }
}

impl fmt::Debug for AuthKey {
    /// Shows the id only: the key is a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuthKey {{ id: {:#018x}, .. }}", self.id)
    }
}

/// The lower 64 bits of `SHA1(auth_key)`: its last 8 bytes, read little-endian.
pub fn auth_key_id(auth_key: &[u8; 256]) -> u64 {
    let digest = Sha1::digest(auth_key);
    u64::from_le_bytes(digest[12..20].try_into().unwrap_or_default())
}

/// Which party wrote (encrypted) a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Client → server: `x = 0` in the key derivation.
    Client,
    /// Server → client: `x = 8` in the key derivation.
    Server,
}

impl Side {
    fn x(self) -> usize {
        match self {
            Side::Client => 0,
            Side::Server => 8,
        }
    }
}

/// Why a message could not be encrypted or was refused on decryption.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The padding given to [`encrypt_message`] is not 12..=1024 bytes or does not
    /// bring the total to a multiple of 16.
    #[error(
        "{padding} padding bytes after {plaintext} plaintext bytes: need 12..=1024 making a multiple of 16"
    )]
    InvalidPadding {
        /// Plaintext length.
        plaintext: usize,
        /// Padding length.
        padding: usize,
    },
    /// Shorter than the smallest encrypted message (72 bytes).
    #[error("encrypted message of {len} bytes is too short")]
    TooShort {
        /// Length received.
        len: usize,
    },
    /// The ciphertext is not a whole number of AES blocks.
    #[error("ciphertext of {len} bytes is not a multiple of 16")]
    NotBlockAligned {
        /// Ciphertext length.
        len: usize,
    },
    /// The message names another auth key.
    #[error("message for auth key {actual:#018x}, ours is {expected:#018x}")]
    WrongAuthKey {
        /// Our key's id.
        expected: u64,
        /// The id in the message.
        actual: u64,
    },
    /// The decrypted bytes do not hash to the message's `msg_key`: tampered, corrupt,
    /// or encrypted by the other side's rules.
    #[error("msg_key does not match the decrypted message")]
    MsgKeyMismatch,
    /// `message_data_length` is not a multiple of 4 or runs past the plaintext.
    #[error("message_data_length {declared} does not fit {available} bytes")]
    BadLength {
        /// The declared length.
        declared: u32,
        /// Bytes after the header.
        available: usize,
    },
    /// The padding implied by `message_data_length` is outside 12..=1024 bytes.
    #[error("{padding} padding bytes, outside 12..=1024")]
    BadPadding {
        /// Implied padding length.
        padding: usize,
    },
}

/// The padding length to use for a plaintext of `plaintext_len` bytes: the fewest
/// allowed bytes (12..=27) that make the total a multiple of 16. Senders may add any
/// multiple of 16 on top, up to [`MAX_PADDING`], to hide the length.
pub fn padding_len(plaintext_len: usize) -> usize {
    MIN_PADDING + (16 - (plaintext_len + MIN_PADDING) % 16) % 16
}

/// Encrypts `plaintext` (`salt ‖ session_id ‖ msg_id ‖ seq_no ‖ length ‖ body`) from
/// `sender`, appending `random_padding` (fresh random bytes, see [`padding_len`]).
///
/// Returns `auth_key_id ‖ msg_key ‖ ciphertext`, the transport payload.
pub fn encrypt_message(
    auth_key: &AuthKey,
    sender: Side,
    plaintext: &[u8],
    random_padding: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let padding = random_padding.len();
    if !(MIN_PADDING..=MAX_PADDING).contains(&padding)
        || !(plaintext.len() + padding).is_multiple_of(16)
    {
        return Err(CryptoError::InvalidPadding {
            plaintext: plaintext.len(),
            padding,
        });
    }
    let mut out = Vec::with_capacity(OUTER_HEADER_LEN + plaintext.len() + padding);
    out.extend_from_slice(&[0; OUTER_HEADER_LEN]);
    out.extend_from_slice(plaintext);
    out.extend_from_slice(random_padding);
    seal_in_place(auth_key, sender, &mut out)?;
    Ok(out)
}

/// [`encrypt_message`] without copies: `buf` holds [`OUTER_HEADER_LEN`] bytes of room,
/// then the plaintext, then the padding, already checked; it becomes the transport payload.
pub(crate) fn seal_in_place(
    auth_key: &AuthKey,
    sender: Side,
    buf: &mut [u8],
) -> Result<(), CryptoError> {
    buf[..8].copy_from_slice(&auth_key.id.to_le_bytes());
    let msg_key = msg_key(auth_key, sender, &buf[OUTER_HEADER_LEN..]);
    buf[8..OUTER_HEADER_LEN].copy_from_slice(&msg_key);
    let (key, iv) = aes_key_iv(auth_key, sender, &msg_key);
    aes256_ige_encrypt(&key, &iv, &mut buf[OUTER_HEADER_LEN..])
        .map_err(|e| CryptoError::NotBlockAligned { len: e.len })
}

/// Decrypts a message written by `sender` and runs the checks of the security
/// guidelines: auth key id, block alignment, `msg_key` (compared without early exit),
/// then `message_data_length` and the padding bounds.
///
/// Returns `salt ‖ session_id ‖ msg_id ‖ seq_no ‖ length ‖ body` with the padding cut
/// off; [`check_plaintext`](super::check_plaintext) does the session-level checks.
///
/// The only errors reported before the `msg_key` check are about public bytes (length,
/// key id), so they tell an attacker nothing about the plaintext.
pub fn decrypt_message(
    auth_key: &AuthKey,
    sender: Side,
    message: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let len = message.len();
    if len < OUTER_HEADER_LEN + MIN_CIPHERTEXT_LEN {
        return Err(CryptoError::TooShort { len });
    }
    let ciphertext_len = len - OUTER_HEADER_LEN;
    if !ciphertext_len.is_multiple_of(16) {
        return Err(CryptoError::NotBlockAligned {
            len: ciphertext_len,
        });
    }
    let id = u64::from_le_bytes(message[..8].try_into().unwrap_or_default());
    if id != auth_key.id {
        return Err(CryptoError::WrongAuthKey {
            expected: auth_key.id,
            actual: id,
        });
    }
    let mut received_key = [0u8; 16];
    received_key.copy_from_slice(&message[8..OUTER_HEADER_LEN]);
    let (key, iv) = aes_key_iv(auth_key, sender, &received_key);
    let mut plaintext = message[OUTER_HEADER_LEN..].to_vec();
    aes256_ige_decrypt(&key, &iv, &mut plaintext)
        .map_err(|e| CryptoError::NotBlockAligned { len: e.len })?;
    if !constant_time_eq(&msg_key(auth_key, sender, &plaintext), &received_key) {
        return Err(CryptoError::MsgKeyMismatch);
    }
    let declared = u32::from_le_bytes(plaintext[28..32].try_into().unwrap_or_default());
    let available = plaintext.len() - PLAINTEXT_HEADER_LEN;
    let body_len = declared as usize;
    if declared % 4 != 0 || body_len > available {
        return Err(CryptoError::BadLength {
            declared,
            available,
        });
    }
    let padding = available - body_len;
    if !(MIN_PADDING..=MAX_PADDING).contains(&padding) {
        return Err(CryptoError::BadPadding { padding });
    }
    plaintext.truncate(PLAINTEXT_HEADER_LEN + body_len);
    Ok(plaintext)
}

/// The middle 128 bits of `SHA-256(auth_key[88+x..120+x] ‖ padded plaintext)`.
fn msg_key(auth_key: &AuthKey, sender: Side, padded: &[u8]) -> [u8; 16] {
    let x = sender.x();
    let digest = Sha256::new()
        .chain_update(&auth_key.key[88 + x..120 + x])
        .chain_update(padded)
        .finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[8..24]);
    out
}

/// The MTProto 2.0 KDF: AES key and IV from `msg_key` and the auth key.
fn aes_key_iv(auth_key: &AuthKey, sender: Side, msg_key: &[u8; 16]) -> ([u8; 32], [u8; 32]) {
    let x = sender.x();
    let a = Sha256::new()
        .chain_update(msg_key)
        .chain_update(&auth_key.key[x..x + 36])
        .finalize();
    let b = Sha256::new()
        .chain_update(&auth_key.key[40 + x..76 + x])
        .chain_update(msg_key)
        .finalize();
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&a[..8]);
    key[8..24].copy_from_slice(&b[8..24]);
    key[24..].copy_from_slice(&a[24..32]);
    let mut iv = [0u8; 32];
    iv[..8].copy_from_slice(&b[..8]);
    iv[8..24].copy_from_slice(&a[8..24]);
    iv[24..].copy_from_slice(&b[24..32]);
    (key, iv)
}

/// Compares all 16 bytes whatever the first difference, so timing does not say where
/// a forged `msg_key` went wrong.
fn constant_time_eq(a: &[u8; 16], b: &[u8; 16]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mtproto::test_vectors::{hex, hex_array, sample};

    fn sample_key() -> AuthKey {
        AuthKey::new(hex_array(sample::AUTH_KEY))
    }

    // Vectors from an independent Python implementation (hashlib + tgcrypto's
    // ige256_encrypt) under the samples-auth_key auth key.
    const PLAIN_FROM_CLIENT: &str = "efcdab8967452301887766554433221104000000503dc5650100000014000000c4b5a6d0000102030405060708090a0b0c0d0e0f";
    const PAD_FROM_CLIENT: &str = "a0a1a2a3a4a5a6a7a8a9aaab";
    const ENCRYPTED_FROM_CLIENT: &str = "65588b3350ef784ecae3dd6190e7e94fe586c90078359e5d18d744de70868c9612b2b248f59734c312f93c93da28acf6a777b67c7df950d60ae753567e16dfb3c488f1ab60621579b44c663a224b4b7ca6349d33be525626";
    const PLAIN_FROM_SERVER: &str = "efcdab8967452301887766554433221101000000513dc5650100000014000000c4b5a6d0000102030405060708090a0b0c0d0e0f";
    const PAD_FROM_SERVER: &str = "505152535455565758595a5b5c5d5e5f606162636465666768696a6b";
    const ENCRYPTED_FROM_SERVER: &str = "65588b3350ef784e272e3e0a14c14af08eab64f0c4783615d06a56c0e51d8d7fa02f272d7b5931864246e979d576ac00c7d85be6375b1bd4ca67f4c49be7c95f4db17641f162ed6f31fea854cf65fd4f63ec196247a7f4fe0ced6c8c28d097fe07245dcba45d0dca";

    #[test]
    fn auth_key_id_of_sample_key() {
        // hashlib.sha1(auth_key).digest()[12:] = 65588b3350ef784e
        assert_eq!(sample_key().id(), 0x4e78_ef50_338b_5865);
        assert_eq!(
            format!("{:?}", sample_key()),
            "AuthKey { id: 0x4e78ef50338b5865, .. }"
        );
    }

    #[test]
    fn encrypts_both_directions_like_python() {
        let key = sample_key();
        let got = encrypt_message(
            &key,
            Side::Client,
            &hex(PLAIN_FROM_CLIENT),
            &hex(PAD_FROM_CLIENT),
        );
        assert_eq!(got.unwrap(), hex(ENCRYPTED_FROM_CLIENT));
        let got = encrypt_message(
            &key,
            Side::Server,
            &hex(PLAIN_FROM_SERVER),
            &hex(PAD_FROM_SERVER),
        );
        assert_eq!(got.unwrap(), hex(ENCRYPTED_FROM_SERVER));
    }

    #[test]
    fn decrypts_python_vectors_and_cuts_padding() {
        let key = sample_key();
        let got = decrypt_message(&key, Side::Client, &hex(ENCRYPTED_FROM_CLIENT)).unwrap();
        assert_eq!(got, hex(PLAIN_FROM_CLIENT));
        let got = decrypt_message(&key, Side::Server, &hex(ENCRYPTED_FROM_SERVER)).unwrap();
        assert_eq!(got, hex(PLAIN_FROM_SERVER));
    }

    #[test]
    fn wrong_direction_fails_msg_key() {
        let got = decrypt_message(&sample_key(), Side::Server, &hex(ENCRYPTED_FROM_CLIENT));
        assert_eq!(got, Err(CryptoError::MsgKeyMismatch));
    }

    #[test]
    fn any_flipped_bit_fails_msg_key() {
        let key = sample_key();
        let good = hex(ENCRYPTED_FROM_SERVER);
        for at in [8, 23, 24, 40, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 0x01;
            assert_eq!(
                decrypt_message(&key, Side::Server, &bad),
                Err(CryptoError::MsgKeyMismatch),
                "byte {at}"
            );
        }
    }

    #[test]
    fn refuses_other_key_short_and_unaligned() {
        let key = sample_key();
        let mut other = hex(ENCRYPTED_FROM_SERVER);
        other[0] ^= 0xff;
        assert_eq!(
            decrypt_message(&key, Side::Server, &other),
            Err(CryptoError::WrongAuthKey {
                expected: 0x4e78_ef50_338b_5865,
                actual: 0x4e78_ef50_338b_589a
            })
        );
        let good = hex(ENCRYPTED_FROM_SERVER);
        assert_eq!(
            decrypt_message(&key, Side::Server, &good[..71]),
            Err(CryptoError::TooShort { len: 71 })
        );
        assert_eq!(
            decrypt_message(&key, Side::Server, &good[..good.len() - 4]),
            Err(CryptoError::NotBlockAligned { len: 76 })
        );
    }

    /// A header whose `message_data_length` is `declared`, then `body_len` bytes.
    fn plaintext_with_length(declared: u32, body_len: usize) -> Vec<u8> {
        let mut p = vec![0x11; 28];
        p.extend_from_slice(&declared.to_le_bytes());
        p.extend(std::iter::repeat_n(0x22, body_len));
        p
    }

    #[test]
    fn length_field_checked_after_msg_key() {
        let key = sample_key();
        let cases = [
            (
                40,
                20,
                CryptoError::BadLength {
                    declared: 40,
                    available: 32,
                },
            ),
            (
                6,
                20,
                CryptoError::BadLength {
                    declared: 6,
                    available: 32,
                },
            ),
            // Fits, but leaves 2012 bytes of padding.
            (4, 2000, CryptoError::BadPadding { padding: 2012 }),
            // Fits, but leaves 4 bytes of padding.
            (28, 20, CryptoError::BadPadding { padding: 4 }),
        ];
        for (declared, body, expected) in cases {
            let plain = plaintext_with_length(declared, body);
            let pad = padding_len(plain.len());
            let message = encrypt_message(&key, Side::Server, &plain, &vec![0x33; pad]).unwrap();
            assert_eq!(decrypt_message(&key, Side::Server, &message), Err(expected));
        }
    }

    #[test]
    fn padding_rules_on_encrypt() {
        let key = sample_key();
        for len in [0, 4, 20, 36, 52, 1000] {
            let pad = padding_len(len);
            assert!(
                (12..28).contains(&pad) && (len + pad).is_multiple_of(16),
                "{len}: {pad}"
            );
            let plain = plaintext_with_length(len as u32, len);
            let message = encrypt_message(
                &key,
                Side::Client,
                &plain,
                &vec![7; padding_len(plain.len())],
            )
            .unwrap();
            assert_eq!(
                decrypt_message(&key, Side::Client, &message).unwrap(),
                plain
            );
        }
        let plain = [0u8; 32];
        for bad in [0, 8, 13, 1040] {
            assert_eq!(
                encrypt_message(&key, Side::Client, &plain, &vec![0; bad]),
                Err(CryptoError::InvalidPadding {
                    plaintext: 32,
                    padding: bad
                })
            );
        }
    }
}
