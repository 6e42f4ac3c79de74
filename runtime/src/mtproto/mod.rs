//! Sans-IO MTProto building blocks: transports, MTProto 2.0 message encryption and
//! the math of the auth-key exchange.
//!
//! Nothing here opens a socket, reads a clock or draws randomness: bytes come in as
//! buffers, and the time and random bytes are passed in, so every step can be tested
//! with fixed vectors. Peer bytes never cause a panic, only typed errors.
//!
//! - [`transport`]: abridged, intermediate, padded intermediate and full framing, and
//!   [`detect`] for servers.
//! - [`crypto`]: [`encrypt_message`] / [`decrypt_message`] under an [`AuthKey`];
//!   [`plaintext`]: the session checks on what decrypts ([`check_plaintext`]).
//! - [`ige`]: AES-256-IGE, which the two above and the key exchange use.
//! - [`auth_key`]: factoring `pq`, RSA_PAD, Diffie-Hellman checks, nonce-derived keys.
//!
//! The spec is <https://core.telegram.org/mtproto> and its sub-pages.

pub mod auth_key;
pub mod crypto;
pub mod ige;
pub mod plaintext;
pub mod transport;

#[cfg(test)]
mod test_vectors;

pub use crypto::{
    AuthKey, CryptoError, Side, auth_key_id, decrypt_message, encrypt_message, padding_len,
};
pub use plaintext::{Plaintext, PlaintextError, check_plaintext, parse_plaintext};
pub use transport::{Frame, Role, Transport, TransportError, TransportKind, detect};
