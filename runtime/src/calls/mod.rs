//! The key exchange of one-to-one calls (`phone.requestCall`, `phone.acceptCall`,
//! `phone.confirmCall`), as sans-IO state machines: core.telegram.org/api/end-to-end/voice-calls.
//!
//! Diffie-Hellman with a hash commitment: the caller sends SHA-256(g_a) first, the
//! callee answers with `g_b`, and only then does the caller reveal `g_a`, so neither
//! side can pick its exponent after seeing the other's. Both then hold a 256-byte key
//! and show the same four emoji ([`CallKey::emoji`]).
//!
//! - [`DhConfig`]: `g` and `p` of `messages.dhConfig`, checked like the auth key's.
//! - [`OutgoingCall`] (the caller) and [`IncomingCall`] (the callee): one per call. They
//!   take and return plain values (byte strings, fingerprints, ids), so any TL bindings
//!   can drive them; randomness and timeouts come in as arguments.
//! - [`CallKey`]: handed out only after every check of the exchange passed.
//!
//! Refused peer values discard the call ([`DiscardReason::Disconnect`]); out-of-order
//! or duplicate events are refused with [`CallError::InvalidTransition`] and change
//! nothing; after a discard every step answers [`CallError::Discarded`].

mod config;
mod discard;
mod emoji;
mod error;
mod incoming;
mod key;
mod outgoing;
mod secret;
#[cfg(test)]
mod tests;

pub use config::DhConfig;
pub use discard::DiscardReason;
pub use error::CallError;
pub use incoming::{IncomingCall, IncomingState};
pub use key::CallKey;
pub use outgoing::{Confirm, OutgoingCall, OutgoingState};
