//! Why a step of a call's key exchange failed.

use super::DiscardReason;
use crate::mtproto::auth_key::AuthKeyError;

/// Why a step of the key exchange failed. Every variant is a refusal of peer (or
/// program) input; none is a panic.
///
/// Refused peer values ([`GaOutOfRange`](Self::GaOutOfRange),
/// [`GbOutOfRange`](Self::GbOutOfRange), [`GaHashMismatch`](Self::GaHashMismatch),
/// [`FingerprintMismatch`](Self::FingerprintMismatch)) also discard the call with
/// [`DiscardReason::Disconnect`]; [`InvalidTransition`](Self::InvalidTransition) leaves it
/// as it was, since the spec asks for duplicate updates to be dropped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallError {
    /// The prime or generator of `messages.dhConfig` fails the checks of the security
    /// guidelines (size, safe prime, generator).
    #[error("unusable DH config: {0}")]
    BadConfig(AuthKeyError),
    /// `g_a` (from the caller) is outside `2^1984 ..= p - 2^1984`.
    #[error("g_a outside [2^1984, p - 2^1984]")]
    GaOutOfRange,
    /// `g_b` (from the callee) is outside `2^1984 ..= p - 2^1984`.
    #[error("g_b outside [2^1984, p - 2^1984]")]
    GbOutOfRange,
    /// `g_a_hash` of `phoneCallRequested` is not a SHA-256 digest.
    #[error("g_a_hash of {len} bytes, not 32")]
    BadGaHashLength {
        /// Length received.
        len: usize,
    },
    /// SHA-256 of the caller's `g_a` differs from the `g_a_hash` it committed to.
    #[error("SHA-256(g_a) does not match g_a_hash")]
    GaHashMismatch,
    /// The peer's `key_fingerprint` differs from that of the key computed here.
    #[error("key fingerprint {received:#018x} does not match ours, {computed:#018x}")]
    FingerprintMismatch {
        /// Fingerprint of the key computed here.
        computed: i64,
        /// Fingerprint the peer sent.
        received: i64,
    },
    /// An event the current state does not take, such as a duplicate update.
    #[error("{event} in state {state}")]
    InvalidTransition {
        /// The state the call is in.
        state: &'static str,
        /// The event refused.
        event: &'static str,
    },
    /// The call is over; state machines are not reused.
    #[error("the call was discarded ({reason:?})")]
    Discarded {
        /// Why it ended.
        reason: DiscardReason,
    },
    /// 64 draws from the random source gave no usable exponent (odds below 2^-64 with
    /// a working source).
    #[error("no usable DH exponent from the random source; is it working?")]
    RandomExhausted,
}
