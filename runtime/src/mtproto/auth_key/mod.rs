//! Creating an auth key (<https://core.telegram.org/mtproto/auth_key>).
//!
//! - [`ClientHandshake`] and [`ServerHandshake`]: the exchange as sans-IO state machines.
//!   Each takes the body of the peer's next unencrypted message (see
//!   [`unencrypted`](super::unencrypted)) and returns the body to send, until both hold
//!   the same [`AuthKey`](super::AuthKey) and first server salt.
//! - The math, one step per function, randomness passed in: factoring `pq`, RSA_PAD, the
//!   Diffie-Hellman checks of the security guidelines, and the nonce-derived keys and
//!   hashes.

mod client;
mod dh;
mod exchange;
mod handshake;
mod inner_data;
mod known;
mod num;
mod pem;
mod pq;
mod prime;
mod rsa;
mod server;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub use client::{ClientHandshake, ClientStep, Finished};
pub use dh::{check_dh_prime, check_g_a, dh_public_value, dh_shared_key};
pub use handshake::{
    DhGenOutcome, auth_key_aux_hash, decrypt_client_dh_inner, decrypt_server_dh_answer,
    encrypt_client_dh_inner, encrypt_server_dh_answer, new_nonce_hash, server_salt, tmp_aes_key_iv,
};
pub use inner_data::InnerDataScheme;
pub use known::TELEGRAM_DH_PRIME;
pub use pq::factorize_pq;
pub use rsa::{RsaPrivateKey, RsaPublicKey};
pub use server::{ClientInfo, ServerConfig, ServerHandshake, ServerStep};

use super::ige::IgeLengthError;
use crate::DecodeError;

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
    /// No split of the decrypted answer (or client data) matches its leading SHA-1.
    #[error("the SHA-1 of the decrypted answer does not match")]
    AnswerHashMismatch,
    /// A message of the exchange other than the one the current step takes: a peer
    /// that is out of step, or not speaking the protocol.
    #[error("expected {expected}, got constructor {id:#010x}")]
    UnexpectedMessage {
        /// What the step takes.
        expected: &'static str,
        /// The constructor id received.
        id: u32,
    },
    /// The expected message, but it does not decode.
    #[error("malformed {what}: {error}")]
    Malformed {
        /// What was being decoded.
        what: &'static str,
        /// Why it failed.
        error: DecodeError,
    },
    /// A `nonce` or `server_nonce` that is not the one of this exchange.
    #[error("{field} does not match this exchange")]
    NonceMismatch {
        /// Which nonce.
        field: &'static str,
    },
    /// The server offers no key the client has.
    #[error("the server offers no known RSA key (fingerprints {offered:x?})")]
    NoKnownFingerprint {
        /// The fingerprints offered.
        offered: Vec<i64>,
    },
    /// `req_DH_params` names a key the server does not have.
    #[error("no RSA key with fingerprint {fingerprint:#018x}")]
    UnknownFingerprint {
        /// The fingerprint named.
        fingerprint: i64,
    },
    /// `pq` is wider than 64 bits.
    #[error("pq of {len} bytes does not fit 64 bits")]
    PqTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The client's `pq`, `p` or `q` are not the ones the server chose.
    #[error("pq, p or q differ from what the server sent")]
    PqMismatch,
    /// `encrypted_data` of `req_DH_params` checks out under neither RSA_PAD nor the
    /// older SHA-1 scheme: wrong key or tampered data.
    #[error("encrypted p_q_inner_data verifies under no known scheme")]
    InnerDataUnreadable,
    /// The server answered `server_DH_params_fail`.
    #[error("the server refused the DH parameters request (server_DH_params_fail)")]
    ServerDhParamsFail,
    /// `new_nonce_hash1/2/3` does not match: the server does not hold the same key.
    #[error("new_nonce_hash does not match the computed key")]
    NewNonceHashMismatch,
    /// The server answered `dh_gen_fail`; start over with a new `req_pq_multi`.
    #[error("the server refused the key (dh_gen_fail)")]
    DhGenFail,
    /// The server answered `dh_gen_retry` too many times in a row.
    #[error("the server asked for {retries} retries (dh_gen_retry)")]
    TooManyRetries {
        /// Retries made before giving up.
        retries: u32,
    },
    /// A message after the exchange finished or failed: state machines are not reused.
    #[error("the key exchange is over (finished or failed)")]
    HandshakeOver,
}

impl From<IgeLengthError> for AuthKeyError {
    fn from(e: IgeLengthError) -> Self {
        AuthKeyError::NotBlockAligned { len: e.len }
    }
}
