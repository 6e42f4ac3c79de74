//! The math of creating an auth key (<https://core.telegram.org/mtproto/auth_key>),
//! one step per function, randomness passed in: factoring `pq`, RSA_PAD, the
//! Diffie-Hellman checks of the security guidelines, and the nonce-derived keys and
//! hashes. Serializing the TL messages and sequencing the steps is the caller's part.

mod dh;
mod handshake;
mod known;
mod num;
mod pq;
mod prime;
mod rsa;

pub use dh::{check_dh_prime, check_g_a, dh_public_value, dh_shared_key};
pub use handshake::{
    DhGenOutcome, auth_key_aux_hash, decrypt_server_dh_answer, encrypt_client_dh_inner,
    new_nonce_hash, server_salt, tmp_aes_key_iv,
};
pub use known::TELEGRAM_DH_PRIME;
pub use pq::factorize_pq;
pub use rsa::{RsaPrivateKey, RsaPublicKey};

use super::ige::IgeLengthError;

/// Why a step of the key exchange failed. Every variant is a refusal of peer (or
/// caller) input; none is a panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthKeyError {
    /// `pq` is not the product of two distinct primes.
    #[error("pq = {pq} is not the product of two distinct primes")]
    PqNotSemiprime {
        /// The value received.
        pq: u64,
    },
    /// A factor of `pq` does not fit the 32 bits the spec promises.
    #[error("pq = {pq} has a factor wider than 32 bits")]
    PqFactorTooLarge {
        /// The value received.
        pq: u64,
    },
    /// An RSA modulus that is not 2048 bits, or an exponent below 3.
    #[error("RSA key with a {bits}-bit modulus (2048 required) or a bad exponent")]
    RsaKeyShape {
        /// Bit length of the modulus.
        bits: u64,
    },
    /// RSA_PAD takes at most 144 bytes.
    #[error("RSA_PAD data of {len} bytes exceeds 144")]
    RsaDataTooLong {
        /// Length given.
        len: usize,
    },
    /// 64 fresh temp keys all gave a value above the modulus (odds below 2^-64 with a
    /// working random source).
    #[error("RSA_PAD found no value below the modulus; is the random source working?")]
    RsaPadExhausted,
    /// An RSA ciphertext that is not 256 bytes below the modulus.
    #[error("RSA ciphertext is not 256 bytes below the modulus")]
    RsaBadCiphertext,
    /// The hash inside RSA_PAD does not match: wrong key or tampered data.
    #[error("RSA_PAD hash mismatch")]
    RsaPadHashMismatch,
    /// `dh_prime` is not a 2048-bit number (2^2047 < p < 2^2048).
    #[error("dh_prime has {bits} bits, not 2048")]
    DhPrimeSize {
        /// Bit length received.
        bits: u64,
    },
    /// `dh_prime` or `(dh_prime - 1) / 2` is composite.
    #[error("dh_prime is not a safe prime")]
    DhPrimeNotSafe,
    /// `g` is outside 2..=7, or does not generate the subgroup of order
    /// `(p - 1) / 2` (the residue conditions on `p mod 4g`).
    #[error("g = {g} is not a valid generator for this dh_prime")]
    BadGenerator {
        /// The generator received.
        g: i32,
    },
    /// `g_a` or `g_b` is outside `2^1984 ..= p - 2^1984`.
    #[error("Diffie-Hellman value outside [2^1984, dh_prime - 2^1984]")]
    DhValueOutOfRange,
    /// Data for AES-IGE that is not a whole number of blocks.
    #[error("encrypted data of {len} bytes is not a multiple of 16")]
    NotBlockAligned {
        /// Length received.
        len: usize,
    },
    /// No split of the decrypted answer matches its leading SHA-1.
    #[error("the SHA-1 of the decrypted answer does not match")]
    AnswerHashMismatch,
}

impl From<IgeLengthError> for AuthKeyError {
    fn from(e: IgeLengthError) -> Self {
        AuthKeyError::NotBlockAligned { len: e.len }
    }
}
