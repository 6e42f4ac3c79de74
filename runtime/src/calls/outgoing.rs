//! The caller's side of the exchange: commit to `g_a` by its hash, take `g_b`, reveal
//! `g_a` with the key's fingerprint, and hand out the key once the server's `phoneCall`
//! repeats that fingerprint.

use sha2::{Digest, Sha256};

use super::secret::{draw, shared_key};
use super::{CallError, CallKey, DhConfig, DiscardReason};

/// One outgoing call's key exchange (party A of core.telegram.org/api/end-to-end/voice-calls).
///
/// 1. [`start`](Self::start): send `phone.requestCall` with the returned `g_a_hash`.
/// 2. [`on_accepted`](Self::on_accepted) with `g_b` of `phoneCallAccepted`: send
///    `phone.confirmCall` with the returned [`Confirm`].
/// 3. [`on_established`](Self::on_established) with `key_fingerprint` of the final
///    `phoneCall`: the [`CallKey`].
///
/// [`discard`](Self::discard) and [`on_timeout`](Self::on_timeout) end it at any step.
pub struct OutgoingCall {
    p: [u8; 256],
    stage: Stage,
}

/// Where an [`OutgoingCall`] stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutgoingState {
    /// `phone.requestCall` is out; waiting for `phoneCallAccepted`.
    Requested,
    /// `phone.confirmCall` is out; waiting for `phoneCall`.
    Confirming,
    /// The key is agreed on.
    Established,
    /// The call is over.
    Discarded(DiscardReason),
}

/// What `phone.confirmCall` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// The caller's public value (big-endian, no leading zeros), whose hash went out
    /// first.
    pub g_a: Vec<u8>,
    /// The lower 64 bits of SHA-1 of the key.
    pub key_fingerprint: i64,
}

enum Stage {
    Requested { a: [u8; 256], g_a: Vec<u8> },
    Confirming { key: CallKey },
    Established { key: CallKey },
    Discarded(DiscardReason),
}

impl OutgoingCall {
    /// Draws the secret `a` (`random` fills 256 bytes per draw) and returns the call
    /// with `g_a_hash = SHA-256(g_a)` for `phone.requestCall`.
    pub fn start(
        config: &DhConfig,
        random: &mut dyn FnMut(&mut [u8]),
    ) -> Result<(Self, [u8; 32]), CallError> {
        let (a, g_a) = draw(config, random)?;
        let g_a_hash = Sha256::digest(&g_a).into();
        let call = Self {
            p: *config.p(),
            stage: Stage::Requested { a, g_a },
        };
        Ok((call, g_a_hash))
    }

    /// Where the call stands.
    pub fn state(&self) -> OutgoingState {
        match self.stage {
            Stage::Requested { .. } => OutgoingState::Requested,
            Stage::Confirming { .. } => OutgoingState::Confirming,
            Stage::Established { .. } => OutgoingState::Established,
            Stage::Discarded(reason) => OutgoingState::Discarded(reason),
        }
    }

    /// Takes `g_b` of `phoneCallAccepted`: checks its range, computes the key and
    /// returns what `phone.confirmCall` sends. A `g_b` out of range discards the call.
    pub fn on_accepted(&mut self, g_b: &[u8]) -> Result<Confirm, CallError> {
        let Stage::Requested { a, g_a } = &self.stage else {
            return Err(self.refuse("on_accepted"));
        };
        let g_a = g_a.clone();
        let key = match shared_key(g_b, a, &self.p, CallError::GbOutOfRange) {
            Ok(key) => key,
            Err(e) => return Err(self.abort(e)),
        };
        let key = CallKey::new(key, g_a.clone());
        let confirm = Confirm {
            g_a,
            key_fingerprint: key.fingerprint(),
        };
        self.stage = Stage::Confirming { key };
        Ok(confirm)
    }

    /// Takes `key_fingerprint` of the final `phoneCall` and, if it is the key's, hands
    /// out the key; a different one discards the call.
    pub fn on_established(&mut self, key_fingerprint: i64) -> Result<CallKey, CallError> {
        let Stage::Confirming { key } = &self.stage else {
            return Err(self.refuse("on_established"));
        };
        if key.fingerprint() != key_fingerprint {
            let error = CallError::FingerprintMismatch {
                computed: key.fingerprint(),
                received: key_fingerprint,
            };
            return Err(self.abort(error));
        }
        let key = key.clone();
        self.stage = Stage::Established { key: key.clone() };
        Ok(key)
    }

    /// The program's timer ran out: the call ends as [`DiscardReason::Missed`] while
    /// unanswered, as [`DiscardReason::Disconnect`] while confirming. Returns the reason
    /// for `phone.discardCall`.
    pub fn on_timeout(&mut self) -> Result<DiscardReason, CallError> {
        let reason = match self.stage {
            Stage::Requested { .. } => DiscardReason::Missed,
            Stage::Confirming { .. } => DiscardReason::Disconnect,
            _ => return Err(self.refuse("on_timeout")),
        };
        self.stage = Stage::Discarded(reason);
        Ok(reason)
    }

    /// Ends the call: hung up here, or `phoneCallDiscarded` from the server.
    pub fn discard(&mut self, reason: DiscardReason) -> Result<(), CallError> {
        if let Stage::Discarded(_) = self.stage {
            return Err(self.refuse("discard"));
        }
        self.stage = Stage::Discarded(reason);
        Ok(())
    }

    /// The key, once established; `None` before the fingerprint checked out, and after
    /// a discard.
    pub fn key(&self) -> Option<&CallKey> {
        match &self.stage {
            Stage::Established { key } => Some(key),
            _ => None,
        }
    }

    fn refuse(&self, event: &'static str) -> CallError {
        let state = match self.stage {
            Stage::Requested { .. } => "Requested",
            Stage::Confirming { .. } => "Confirming",
            Stage::Established { .. } => "Established",
            Stage::Discarded(reason) => return CallError::Discarded { reason },
        };
        CallError::InvalidTransition { state, event }
    }

    fn abort(&mut self, error: CallError) -> CallError {
        self.stage = Stage::Discarded(DiscardReason::Disconnect);
        error
    }
}
